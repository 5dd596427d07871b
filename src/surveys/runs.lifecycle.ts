import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { conflict } from '../errors.js';
import { outboxRepo } from '../schedule/outbox.repo.js';
import { runsRepo, type Run } from './runs.repo.js';
import { runParticipation } from './runs.participation.js';
import { getRun, runState } from './runs.service.js';
import { effectiveThreshold } from './surveys.service.js';
import { surveysRepo } from './surveys.repo.js';

/** Most reminders one person gets for one run, scheduled and by hand together (product.md). */
export const MAX_REMINDERS = 2;

const notOpen = (run: Run, state: string, action: string) =>
  state === 'scheduled'
    ? conflict(`Run "${run.id}" has not opened yet; cancel it instead of trying to ${action} it.`, 'run_not_open')
    : conflict(
        `Run "${run.id}" is already ${state}; there is nothing to ${action}.`,
        state === 'cancelled' ? 'run_cancelled' : 'run_closed',
      );

/**
 * Closes an open run now: from this moment the form and Slack refuse answers, and no invitation
 * or reminder of it is sent any more (its window ends now). Answers already given are kept and
 * count as usual.
 */
export function closeRun(deps: Deps, runId: string) {
  const run = getRun(deps, runId);
  const state = runState(run, deps.now());
  if (state !== 'open') throw notOpen(run, state, 'close');
  const at = deps.now().toISOString();
  runsRepo(deps.db).endRun(run.id, { status: 'closed', at, plannedClosesAt: run.closesAt });
  return { run_id: run.id, status: 'closed' as const, closed_at: at, planned_closes_at: run.closesAt };
}

/**
 * Cancels a run that nobody has answered yet (scheduled or open): it stops like a closed run and
 * counts in no response rate. A run with answers cannot be cancelled (409 `run_has_responses`):
 * close it instead, so no answer is ever dropped or hidden after the fact.
 */
export function cancelRun(deps: Deps, runId: string) {
  const run = getRun(deps, runId);
  const state = runState(run, deps.now());
  if (state === 'closed' || state === 'cancelled') throw notOpen(run, state, 'cancel');
  const repo = runsRepo(deps.db);
  const at = deps.now().toISOString();
  deps.db.transaction(() => {
    if (repo.responseCount(run.id) > 0)
      throw conflict(
        `Run "${run.id}" already has answers, so it cannot be cancelled; close it instead to keep them.`,
        'run_has_responses',
      );
    repo.endRun(run.id, { status: 'cancelled', at, plannedClosesAt: run.closesAt });
  })();
  return { run_id: run.id, status: 'cancelled' as const, cancelled_at: at, planned_closes_at: run.closesAt };
}

/**
 * Reminds, now, everyone invited to an open run who has not answered, by Slack DM through the
 * or e-mail (each person by their channel) through the outbox (sent at the scheduler's next tick),
 * within the cap of two reminders per person per run. People who answered, cannot be reached on
 * any transport that is on, or whose invitation was not sent are skipped. The
 * counts are given only when the run's participation is shown (metrics.md): otherwise they would
 * tell how many of a small run answered. Never says who.
 */
export function remindRun(deps: Deps, runId: string) {
  const routing = { slack: deps.config.slack.mode !== 'off', mail: deps.config.mail !== undefined };
  if (!routing.slack && !routing.mail)
    throw conflict(
      'Reminders are sent as Slack DMs or e-mails and neither Slack nor e-mail is configured; send the personal links yourself instead.',
      'slack_off',
    );
  const run = getRun(deps, runId);
  const now = deps.now();
  const state = runState(run, now);
  if (state !== 'open') throw notOpen(run, state, 'remind');
  const { queued, atCap } = outboxRepo(deps.db).remindRun(run.id, now.toISOString(), routing);
  const survey = surveysRepo(deps.db).byId(run.surveyId)!;
  const k = effectiveThreshold(deps, survey);
  const [shown] = runParticipation(deps.db, [run], directoryRepo(deps.db).teams(), k, now)(null).runs;
  const countsShown = shown ? !shown.suppressed : false;
  return {
    run_id: run.id,
    reminded: countsShown ? queued : null,
    at_cap: countsShown ? atCap : null,
    max_reminders: MAX_REMINDERS,
  };
}
