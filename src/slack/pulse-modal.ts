import type { ModalView } from '@slack/types';
import { localizeRunQuestions } from '../i18n/localize.js';
import { slackMessagesFor } from './locale.js';
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
  const m = slackMessagesFor(ctx.deps, slackUserId);
  try {
    const person = personForSlackUser(ctx, slackUserId);
    if (!person) throw unknownSlackUser();
    const open = openRunsForPerson(ctx.deps, person.id);
    const chosen = runId ? open.find((r) => r.runId === runId) : (open.find((r) => !r.answered) ?? open[0]);
    if (!chosen) {
      return noticeModal(m.t('modal.title'), m.t(runId ? 'modal.notice.closed' : 'modal.notice.none'));
    }
    const form = runForm(ctx.deps, chosen.runId);
    const questions = localizeRunQuestions(ctx.deps, chosen.runId, form.questions, m.locale);
    return surveyModal(
      { surveyName: form.survey.name, intro: form.survey.intro, questions },
      {
        runId: chosen.runId,
        locale: m.locale,
        ...(dm.channel && dm.ts ? { channel: dm.channel, ts: dm.ts } : {}),
      },
      m,
    );
  } catch (err) {
    ctx.deps.log.warn({ module: 'slack', err: (err as Error).message }, 'pulse modal not available');
    return noticeModal(m.t('modal.title'), slackErrorText(err));
  }
}
