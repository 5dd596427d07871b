import type { KnownBlock } from '@slack/types';
import type { SlackMessage } from './pulse-dm.js';
import { escapeMrkdwn, mrkdwn } from './limits.js';

/** A "you said, we did" update as it is shown in Slack. */
export interface LoopUpdateView {
  title: string;
  body: string;
  status: string;
  themeKey: string;
  createdAt: string;
}

const STATUS_LABEL: Record<string, string> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  planned: 'Planned',
  shipped: 'Shipped',
};

/** Section blocks for one update (used by the channel announcement and the App Home). */
export function loopUpdateBlocks(u: LoopUpdateView): KnownBlock[] {
  return [
    {
      type: 'section',
      text: mrkdwn(`*${escapeMrkdwn(u.title)}* · _${STATUS_LABEL[u.status] ?? u.status}_\n${escapeMrkdwn(u.body)}`),
    },
    { type: 'context', elements: [mrkdwn(`Theme: ${escapeMrkdwn(u.themeKey)} · ${u.createdAt.slice(0, 10)}`)] },
  ];
}

/** The channel announcement of an update. */
export function loopAnnouncement(u: LoopUpdateView): SlackMessage {
  return {
    text: `You said, we did: ${u.title}`,
    blocks: [{ type: 'header', text: { type: 'plain_text', text: 'You said, we did' } }, ...loopUpdateBlocks(u)],
  };
}
