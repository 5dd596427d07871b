import type { Deps } from '../deps.js';
import { moduleLogger } from '../log.js';
import { openRun } from '../surveys/runs.service.js';
import { latestSlot } from './cadence.js';
import { parseLocalDate, zonedInstant } from './local-time.js';
import { scheduleRepo } from './schedule.repo.js';
import { DAY_MS } from '../units.js';

/**
 * Opens the run of every survey whose cadence slot has come (at most one per survey and slot,
 * across restarts and instances: the slot is claimed in the same transaction that opens the run).
 * A slot older than the survey's open window is not opened late. Returns the runs opened.
 */
export function openDueRuns(deps: Deps): Array<{ survey: string; runId: string; invited: number }> {
  const repo = scheduleRepo(deps.db);
  const log = moduleLogger(deps.log, 'schedule');
  const now = deps.now();
  const opened: Array<{ survey: string; runId: string; invited: number }> = [];
  for (const s of repo.scheduledSurveys()) {
    const createdAt = new Date(s.createdAt);
    const startsOn = s.startsOn ? parseLocalDate(s.startsOn) : null;
    // No run before the first day (its local midnight; a slot at 00:00 that day still counts).
    const firstDay = startsOn ? zonedInstant(startsOn, 0, 0, s.timezone).getTime() - 1 : -Infinity;
    const windowStart = new Date(Math.max(createdAt.getTime(), now.getTime() - s.openDays * DAY_MS, firstDay));
    let slot: Date | null;
    try {
      slot = latestSlot(s.cadence, s.timezone, windowStart, now, { startsOn, createdAt });
    } catch (err) {
      log.warn({ survey: s.key, err: (err as Error).message }, 'survey cadence cannot be read; skipped');
      continue;
    }
    if (!slot) continue;
    const slotAt = slot.toISOString();
    const closesAt = new Date(slot.getTime() + s.openDays * DAY_MS).toISOString();
    const options = { opensAt: slotAt, closesAt, trigger: 'schedule' as const };
    try {
      // Claim + open + record commit together (better-sqlite3 and openRun are synchronous): a run
      // that cannot open leaves the slot unclaimed, so the next tick tries again.
      const run = deps.db.transaction(() => {
        if (!repo.claimSlot(s.id, slotAt, now.toISOString())) return null;
        const opened = openRun(deps, s.key, options);
        repo.setSlotRun(s.id, slotAt, opened.runId);
        return opened;
      })();
      if (!run) continue;
      opened.push({ survey: s.key, ...run });
      log.info({ survey: s.key, run: run.runId, invited: run.invited, slot: slotAt }, 'scheduled run opened');
    } catch (err) {
      log.error({ survey: s.key, err }, 'could not open the scheduled run');
    }
  }
  return opened;
}
