import type { HomeView, KnownBlock } from '@slack/types';
import { ENGLISH, type Messages } from '../../i18n/messages.js';
import { IDS } from '../ids.js';
import { LIMITS, clip, escapeMrkdwn, mrkdwn, plain } from './limits.js';
import { loopUpdateBlocks, type LoopUpdateView } from './loop-update.js';

/** Everything the App Home shows one person (only ever published to that person). */
export interface HomeInput {
  known: boolean;
  openRuns: Array<{ runId: string; surveyName: string; closesAt: string; answered: boolean }>;
  recentAnswers: Array<{
    surveyName: string;
    submittedAt: string;
    answers: Array<{ question: string; value: string }>;
  }>;
  updates: LoopUpdateView[];
}

/** The App Home tab, in the person's language. */
export function homeView(input: HomeInput, m: Messages = ENGLISH): HomeView {
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(m.t('home.header'), 150) }];
  if (!input.known) {
    blocks.push({ type: 'section', text: mrkdwn(m.t('home.unknown')) });
  } else if (!input.openRuns.length) {
    blocks.push({ type: 'section', text: mrkdwn(m.t('home.nothing')) });
  }
  for (const run of input.openRuns) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        m.t('home.run', { survey: escapeMrkdwn(run.surveyName), answered: run.answered, date: m.date(run.closesAt) }),
      ),
      accessory: {
        type: 'button',
        action_id: IDS.openSurveyAction,
        value: run.runId,
        text: plain(m.t(run.answered ? 'home.change' : 'home.answer'), LIMITS.buttonText),
        ...(run.answered ? {} : { style: 'primary' as const }),
      },
    });
  }
  if (input.recentAnswers.length) {
    blocks.push({ type: 'divider' }, { type: 'header', text: plain(m.t('home.recent'), 150) });
    for (const r of input.recentAnswers) {
      const lines = r.answers.map(
        (a) => `• ${escapeMrkdwn(clip(a.question, 120))}: *${escapeMrkdwn(clip(a.value, 200))}*`,
      );
      blocks.push({
        type: 'section',
        text: mrkdwn(`*${escapeMrkdwn(r.surveyName)}* · ${m.date(r.submittedAt)}\n${lines.join('\n')}`),
      });
    }
  }
  blocks.push({ type: 'divider' }, { type: 'header', text: plain(m.t('home.updates'), 150) });
  if (!input.updates.length) blocks.push({ type: 'section', text: mrkdwn(m.t('home.noUpdates')) });
  for (const u of input.updates) {
    if (blocks.length + 2 > LIMITS.homeBlocks) break;
    blocks.push(...loopUpdateBlocks(u));
  }
  return { type: 'home', blocks: blocks.slice(0, LIMITS.homeBlocks) };
}
