import type { HomeView, KnownBlock } from '@slack/types';
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

/** The App Home tab. */
export function homeView(input: HomeInput): HomeView {
  const blocks: KnownBlock[] = [{ type: 'header', text: plain('Your pulses', 150) }];
  if (!input.known) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        "I can't find you in the Chorus directory yet. Ask your Chorus admin to sync the directory from Slack.",
      ),
    });
  } else if (!input.openRuns.length) {
    blocks.push({
      type: 'section',
      text: mrkdwn('Nothing open right now. Use `/chorus friction <what got in your way>` any time.'),
    });
  }
  for (const run of input.openRuns) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*${escapeMrkdwn(run.surveyName)}* — ${run.answered ? 'answered, you can still change it' : 'open'} until ${run.closesAt.slice(0, 10)}`,
      ),
      accessory: {
        type: 'button',
        action_id: IDS.openSurveyAction,
        value: run.runId,
        text: plain(run.answered ? 'Change answers' : 'Answer', 75),
        ...(run.answered ? {} : { style: 'primary' as const }),
      },
    });
  }
  if (input.recentAnswers.length) {
    blocks.push({ type: 'divider' }, { type: 'header', text: plain('Your recent answers (only you see this)', 150) });
    for (const r of input.recentAnswers) {
      const lines = r.answers.map(
        (a) => `• ${escapeMrkdwn(clip(a.question, 120))}: *${escapeMrkdwn(clip(a.value, 200))}*`,
      );
      blocks.push({
        type: 'section',
        text: mrkdwn(`*${escapeMrkdwn(r.surveyName)}* · ${r.submittedAt.slice(0, 10)}\n${lines.join('\n')}`),
      });
    }
  }
  blocks.push({ type: 'divider' }, { type: 'header', text: plain('You said, we did', 150) });
  if (!input.updates.length) blocks.push({ type: 'section', text: mrkdwn('No updates yet.') });
  for (const u of input.updates) {
    if (blocks.length + 2 > LIMITS.homeBlocks) break;
    blocks.push(...loopUpdateBlocks(u));
  }
  return { type: 'home', blocks: blocks.slice(0, LIMITS.homeBlocks) };
}
