import { Cron } from 'croner';
import { isTimeZone } from '../time-zone.js';

/**
 * The latest occurrence of a cron cadence (in an IANA time zone) in (`after`, `now`], or null.
 * Pure: `after` bounds the search (a run older than its window is not worth opening).
 */
export function latestSlot(cron: string, timezone: string, after: Date, now: Date): Date | null {
  const job = new Cron(cron, { timezone, paused: true });
  let slot: Date | null = null;
  let cursor: Date | null = after;
  // Guard against "every second" patterns: at most 20,000 steps through a window.
  for (let i = 0; i < 20_000; i++) {
    const next: Date | null = job.nextRun(cursor);
    if (!next || next.getTime() > now.getTime()) break;
    slot = next;
    cursor = next;
  }
  job.stop();
  return slot;
}

/** Null when the cron pattern and time zone are valid, else a message naming the problem. */
export function cadenceProblem(cron: string, timezone: string): string | null {
  if (!isTimeZone(timezone)) return `unknown time zone "${timezone}"`;
  try {
    new Cron(cron, { timezone, paused: true }).stop();
    return null;
  } catch (err) {
    return `invalid cron pattern: ${(err as Error).message}`;
  }
}
