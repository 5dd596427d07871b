import type { Db } from '../db/open.js';

/** A survey with a cadence, as the scheduler reads it. */
export interface ScheduledSurvey {
  id: number;
  key: string;
  cadence: string;
  timezone: string;
  /** YYYY-MM-DD in `timezone`, or null. */
  startsOn: string | null;
  openDays: number;
  createdAt: string;
}

/** SQL of cadence slots. */
export function scheduleRepo(db: Db) {
  const q = {
    surveys: db.prepare(
      `SELECT id, key, cadence, timezone, starts_on AS startsOn, open_days AS openDays, created_at AS createdAt FROM surveys
       WHERE active = 1 AND cadence IS NOT NULL AND trim(cadence) <> '' ORDER BY id`,
    ),
    claim: db.prepare(`INSERT OR IGNORE INTO schedule_slots (survey_id, slot_at, created_at) VALUES (?, ?, ?)`),
    setRun: db.prepare(`UPDATE schedule_slots SET run_id = ? WHERE survey_id = ? AND slot_at = ?`),
    closedRuns: db.prepare(`SELECT COUNT(*) AS n FROM runs WHERE closes_at <= ?`),
  };
  return {
    scheduledSurveys: () => q.surveys.all() as ScheduledSurvey[],
    /** True when this call claimed the slot (nobody opened it before). */
    claimSlot: (surveyId: number, slotAt: string, now: string) => q.claim.run(surveyId, slotAt, now).changes === 1,
    setSlotRun: (surveyId: number, slotAt: string, runId: string) => q.setRun.run(runId, surveyId, slotAt),
  };
}
