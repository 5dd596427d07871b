import type { Deps } from '../deps.js';
import { moduleLogger } from '../log.js';
import type { SurveyPort } from '../slack/survey-port.js';
import { latestSlot } from './cadence.js';
import { scheduleRepo } from './schedule.repo.js';

const DAY = 86_400_000;

/**
 * Opens the run of every survey whose cadence slot has come (at most one per survey and slot,
 * across restarts and instances: the slot is claimed in the same transaction that opens the run).
 * A slot older than the survey's open window is not opened late. Returns the runs opened.
 */
export async function openDueRuns(
  deps: Deps,
  surveys: SurveyPort,
): Promise<Array<{ survey: string; runId: string; invited: number }>> {
  const repo = scheduleRepo(deps.db);
  const log = moduleLogger(deps.log, 'schedule');
  const now = deps.now();
  const opened: Array<{ survey: string; runId: string; invited: number }> = [];
  for (const s of repo.scheduledSurveys()) {
    const windowStart = new Date(Math.max(new Date(s.createdAt).getTime(), now.getTime() - s.openDays * DAY));
    let slot: Date | null;
    try {
      slot = latestSlot(s.cadence, s.timezone, windowStart, now);
    } catch (err) {
      log.warn({ survey: s.key, err: (err as Error).message }, 'survey cadence cannot be read; skipped');
      continue;
    }
    if (!slot) continue;
    const slotAt = slot.toISOString();
    const closesAt = new Date(slot.getTime() + s.openDays * DAY).toISOString();
    const options = { opensAt: slotAt, closesAt, trigger: 'schedule' as const };
    try {
      // better-sqlite3 is synchronous: when openRun is too, claim + open + record commit together.
      const result = deps.db.transaction(() => {
        if (!repo.claimSlot(s.id, slotAt, now.toISOString())) return null;
        const run = surveys.openRun(deps, s.key, options);
        if (run instanceof Promise) return run;
        repo.setSlotRun(s.id, slotAt, run.runId);
        return run;
      })();
      if (!result) continue;
      const run = await result;
      repo.setSlotRun(s.id, slotAt, run.runId);
      opened.push({ survey: s.key, ...run });
      log.info({ survey: s.key, run: run.runId, invited: run.invited, slot: slotAt }, 'scheduled run opened');
    } catch (err) {
      repo.releaseSlot(s.id, slotAt);
      log.error({ survey: s.key, err }, 'could not open the scheduled run');
    }
  }
  return opened;
}
