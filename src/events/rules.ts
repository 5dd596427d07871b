import { HOUR_MS } from '../units.js';
/** Pure decisions of the event rules: sampling, cooldown, quiet hours. */

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes since local midnight of `at` in `timeZone`. */
function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/**
 * When quiet hours [start, end) (local, may wrap midnight) hold at `at`, the instant they end;
 * otherwise null.
 */
function quietUntil(at: Date, start: string | null, end: string | null, timeZone: string): Date | null {
  if (!start || !end || start === end) return null;
  const m = localMinutes(at, timeZone);
  const s = minutesOf(start);
  const e = minutesOf(end);
  const quiet = s < e ? m >= s && m < e : m >= s || m < e;
  if (!quiet) return null;
  const wait = (e - m + 1440) % 1440;
  const endAt = new Date(at.getTime() + wait * 60_000);
  endAt.setUTCSeconds(0, 0);
  return endAt;
}

export interface RuleForDecision {
  sampleRate: number;
  cooldownHours: number;
  quietStart: string | null;
  quietEnd: string | null;
  timezone: string;
}

export type RuleDecision = { fire: true; opensAt: Date } | { fire: false; outcome: 'sampled_out' | 'cooldown' };

/** Whether a rule fires for one person now: cooldown first (no randomness spent), then sampling. */
export function decideRule(
  rule: RuleForDecision,
  now: Date,
  lastFiredAt: string | null,
  random: () => number,
): RuleDecision {
  if (lastFiredAt && now.getTime() - new Date(lastFiredAt).getTime() < rule.cooldownHours * HOUR_MS) {
    return { fire: false, outcome: 'cooldown' };
  }
  if (rule.sampleRate < 1 && random() >= rule.sampleRate) return { fire: false, outcome: 'sampled_out' };
  return { fire: true, opensAt: quietUntil(now, rule.quietStart, rule.quietEnd, rule.timezone) ?? now };
}
