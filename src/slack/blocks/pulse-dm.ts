import type { KnownBlock } from '@slack/types';
import { IDS } from '../ids.js';
import { ENGLISH, type Messages } from '../../i18n/messages.js';
import { LIMITS, escapeMrkdwn, mrkdwn, plain } from './limits.js';

/** What a pulse DM needs to know about its run. */
export interface PulseDmInput {
  runId: string;
  surveyName: string;
  closesAt: string;
  /** 0 = the invitation, 1 or 2 = a reminder. */
  reminder: number;
  /** Where the personal web link goes when someone prefers the browser (optional). */
  webUrl?: string;
}

/** A Slack message: notification fallback text plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** The invitation or reminder DM, in the person's language: context, then an Answer button carrying the run id. */
export function pulseDm(input: PulseDmInput, m: Messages = ENGLISH): SlackMessage {
  const survey = escapeMrkdwn(input.surveyName);
  const date = m.date(input.closesAt);
  const lead = input.reminder ? m.t('dm.reminder.lead', { survey, date }) : m.t('dm.invite.lead', { survey });
  const text = input.reminder
    ? m.t('dm.reminder.text', { survey: input.surveyName })
    : m.t('dm.invite.text', { survey: input.surveyName });
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(lead) },
      {
        type: 'context',
        elements: [
          mrkdwn(m.t('dm.context', { date }) + (input.webUrl ? ` ${m.t('dm.web', { url: input.webUrl })}` : '')),
        ],
      },
      {
        type: 'actions',
        block_id: 'pulse_actions',
        elements: [
          {
            type: 'button',
            action_id: IDS.openSurveyAction,
            value: input.runId,
            style: 'primary',
            text: plain(m.t('dm.answer'), LIMITS.buttonText),
          },
        ],
      },
    ],
  };
}

/** What the DM turns into once the person has answered. */
export function thanksDm(input: { runId: string; surveyName: string }, m: Messages = ENGLISH): SlackMessage {
  return {
    text: m.t('dm.thanks.text', { survey: input.surveyName }),
    blocks: [
      { type: 'section', text: mrkdwn(m.t('dm.thanks.body', { survey: escapeMrkdwn(input.surveyName) })) },
      {
        type: 'actions',
        block_id: 'pulse_actions',
        elements: [
          {
            type: 'button',
            action_id: IDS.openSurveyAction,
            value: input.runId,
            text: plain(m.t('dm.change'), LIMITS.buttonText),
          },
        ],
      },
    ],
  };
}
