import {
  devexScore,
  enps,
  favorability,
  HOURS_BUCKETS,
  isCoreDimension,
  isSignificantChange,
  meanSdFromCounts,
  newcombeDifference,
  quantileFromCounts,
  type Interval,
} from '../metrics/survey-stats.js';
import type { AnswerCell, ResultsQuestion } from './results.repo.js';

/** Aggregated answers of one question in one group and window. */
export interface QuestionTally {
  /** numeric value → answers (Likert 1–5, scale 0–10, hours midpoint) */
  values: Map<number, number>;
  /** option → answers (choice questions) */
  choices: Map<string, number>;
  text: number;
  notApplicable: number;
}

/** Question id → tally. */
export type Tallies = Map<number, QuestionTally>;

const emptyTally = (): QuestionTally => ({ values: new Map(), choices: new Map(), text: 0, notApplicable: 0 });

/** Adds SQL answer cells into tallies (several teams' cells can be added into one group). */
export function addCells(into: Tallies, cells: Iterable<AnswerCell>): Tallies {
  for (const c of cells) {
    let t = into.get(c.questionId);
    if (!t) into.set(c.questionId, (t = emptyTally()));
    if (c.na) t.notApplicable += c.count;
    else if (c.valueNum !== null) t.values.set(c.valueNum, (t.values.get(c.valueNum) ?? 0) + c.count);
    else if (c.choice !== null) t.choices.set(c.choice, (t.choices.get(c.choice) ?? 0) + c.count);
    else if (c.isText) t.text += c.count;
  }
  return into;
}

/** One question's figures in the pinned shape, plus what helps read them. */
export interface QuestionResult {
  key: string;
  n: number;
  favorable: number | null;
  mean: number | null;
  ci95: Interval | null;
  distribution: Record<string, number>;
  text: string;
  type: ResultsQuestion['type'];
  dimension: string | null;
  version: number;
  neutral?: number | null;
  unfavorable?: number | null;
  sd?: number | null;
  not_applicable?: number;
  enps?: { score: number | null; promoters: number; passives: number; detractors: number };
  hours?: { median: number | null; p25: number | null; p75: number | null; unit: 'hours per developer-week' };
}

const countsOf = (values: Map<number, number>, keys: number[]) =>
  Object.fromEntries(keys.map((k) => [String(k), values.get(k) ?? 0]));

/** Figures of one question from its tally (every statistic computed from counts). */
export function questionResult(q: ResultsQuestion, tally: QuestionTally = emptyTally()): QuestionResult {
  const base = { key: q.key, text: q.text, type: q.type, dimension: q.dimension, version: q.version };
  const moments = meanSdFromCounts(tally.values);
  switch (q.type) {
    case 'likert5': {
      const f = favorability(tally.values);
      return {
        ...base,
        n: f.n,
        favorable: f.favorable,
        mean: moments.mean,
        ci95: f.ci95,
        distribution: countsOf(tally.values, [1, 2, 3, 4, 5]),
        neutral: f.neutral,
        unfavorable: f.unfavorable,
        sd: moments.sd,
        not_applicable: tally.notApplicable,
      };
    }
    case 'scale0_10': {
      const e = enps(tally.values);
      return {
        ...base,
        n: e.n,
        favorable: null,
        mean: moments.mean,
        ci95: null,
        distribution: countsOf(tally.values, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
        sd: moments.sd,
        enps: { score: e.score, promoters: e.promoters, passives: e.passives, detractors: e.detractors },
      };
    }
    case 'hours_lost':
      return {
        ...base,
        n: moments.n,
        favorable: null,
        mean: moments.mean,
        ci95: null,
        sd: moments.sd,
        distribution: Object.fromEntries(HOURS_BUCKETS.map((b) => [b.label, tally.values.get(b.midpoint) ?? 0])),
        hours: {
          median: quantileFromCounts(tally.values, 0.5),
          p25: quantileFromCounts(tally.values, 0.25),
          p75: quantileFromCounts(tally.values, 0.75),
          unit: 'hours per developer-week',
        },
      };
    case 'choice': {
      const n = [...tally.choices.values()].reduce((a, b) => a + b, 0);
      return { ...base, n, favorable: null, mean: null, ci95: null, distribution: Object.fromEntries(tally.choices) };
    }
    default:
      // Free text: only how many wrote something; comments are shown (redacted) by the themes feature.
      return { ...base, n: tally.text, favorable: null, mean: null, ci95: null, distribution: {} };
  }
}

/** DevEx score over the core-dimension Likert questions of a result. */
export const devexOf = (questions: readonly QuestionResult[]): number | null => {
  const core = questions.filter((q) => q.type === 'likert5' && isCoreDimension(q.dimension) && q.n > 0);
  return core.length ? devexScore(core.map((q) => q.favorable)) : null;
};

/** A favorability change between the previous and the current window (pinned shape + context). */
export interface Change {
  question: string;
  delta: number;
  ci95: Interval;
  significant: boolean;
  version: number;
  n: number;
  previous_n: number;
  previous_favorable: number;
}

/**
 * Changes of each Likert question answered in both windows (same question id, so a reworded
 * question is never compared with its old wording). `bothMeetThreshold` is false when either
 * window's group is suppressed; then the caller shows no changes at all.
 */
export function changesBetween(
  questions: readonly ResultsQuestion[],
  previous: Tallies,
  current: Tallies,
  bothMeetThreshold: boolean,
): Change[] {
  const out: Change[] = [];
  for (const q of questions) {
    if (q.type !== 'likert5') continue;
    const before = favorability(previous.get(q.id)?.values ?? new Map());
    const after = favorability(current.get(q.id)?.values ?? new Map());
    const diff = newcombeDifference(before.favorableCount, before.n, after.favorableCount, after.n);
    if (!diff) continue;
    out.push({
      question: q.key,
      delta: diff.delta,
      ci95: diff.ci95,
      significant: isSignificantChange(diff, bothMeetThreshold),
      version: q.version,
      n: after.n,
      previous_n: before.n,
      previous_favorable: before.favorable!,
    });
  }
  return out;
}
