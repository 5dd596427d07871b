import type { ModalView } from '@slack/types';
import { noticeModal } from './blocks/notice-modal.js';
import { surveyModal } from './blocks/survey-modal.js';
import { personForSlackUser, type SlackContext } from './context.js';
import { slackErrorText, unknownSlackUser } from './errors.js';
import { openRunsForPerson, runForm } from '../surveys/runs.service.js';

/**
 * The modal the Answer button, `/chorus` and the App Home open: the run's questions when the run is
 * open for this person, otherwise a notice saying why not. Only quick SQLite reads happen here:
 * it runs between ack() and views.open, inside the 3-second trigger_id window.
 */
export function pulseModalFor(
  ctx: SlackContext,
  slackUserId: string,
  runId: string | undefined,
  dm: { channel?: string; ts?: string } = {},
): ModalView {
  try {
    const person = personForSlackUser(ctx, slackUserId);
    if (!person) throw unknownSlackUser();
    const open = openRunsForPerson(ctx.deps, person.id);
    const chosen = runId ? open.find((r) => r.runId === runId) : (open.find((r) => !r.answered) ?? open[0]);
    if (!chosen) {
      return noticeModal(
        'Pulse',
        runId
          ? 'This pulse is closed or was not sent to you. Thanks anyway — the next one will come here.'
          : 'No pulse is open for you right now. Thanks for checking!',
      );
    }
    const form = runForm(ctx.deps, chosen.runId);
    return surveyModal(
      { surveyName: form.survey.name, intro: form.survey.intro, questions: form.questions },
      { runId: chosen.runId, ...(dm.channel && dm.ts ? { channel: dm.channel, ts: dm.ts } : {}) },
    );
  } catch (err) {
    ctx.deps.log.warn({ module: 'slack', err: (err as Error).message }, 'pulse modal not available');
    return noticeModal('Pulse', slackErrorText(err));
  }
}
