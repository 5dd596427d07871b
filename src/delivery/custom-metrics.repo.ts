import type { Db } from '../db/open.js';

/** One event of a person, with the person's current team (events without a known person are left out). */
export interface PersonEvent {
  personId: number;
  teamId: number;
  at: string;
}

/** A start event with the first matching end event at or after it (null when none has arrived). */
export interface DurationRow extends PersonEvent {
  endAt: string | null;
}

/** The SQL of custom metrics: platform events of known people in [from, to) by their start time. */
export function customMetricsRepo(db: Db) {
  const events = db.prepare(
    `SELECT ev.person_id AS personId, pe.team_id AS teamId, ev.occurred_at AS at
     FROM platform_events ev JOIN people pe ON pe.id = ev.person_id
     WHERE ev.name = @name AND ev.occurred_at >= @from AND ev.occurred_at < @to`,
  );
  // The end is any later event of the end name carrying the same metadata value (from anyone:
  // "env.ready" is often sent by the platform, not by the person who asked).
  const durations = db.prepare(
    `SELECT s.person_id AS personId, pe.team_id AS teamId, s.occurred_at AS at,
       (SELECT MIN(e.occurred_at) FROM platform_events e
        WHERE e.name = @end AND e.occurred_at >= s.occurred_at
          AND json_extract(e.metadata, @path) = json_extract(s.metadata, @path)) AS endAt
     FROM platform_events s JOIN people pe ON pe.id = s.person_id
     WHERE s.name = @start AND s.occurred_at >= @from AND s.occurred_at < @to
       AND json_extract(s.metadata, @path) IS NOT NULL`,
  );
  const people = db.prepare(`SELECT id AS personId, team_id AS teamId FROM people WHERE active = 1`);
  return {
    events: (name: string, from: string, to: string) => events.all({ name, from, to }) as PersonEvent[],
    durations: (start: string, end: string, match: string, from: string, to: string) =>
      durations.all({ start, end, path: `$."${match}"`, from, to }) as DurationRow[],
    activePeople: () => people.all() as Array<{ personId: number; teamId: number }>,
  };
}
