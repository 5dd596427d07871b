import { quantile7, round } from './dora.js';
import { HOUR_MS } from '../units.js';

/** The times of one merged pull request that its flow stages are measured between (ISO instants). */
export interface FlowTimes {
  openedAt: string;
  /** Earliest commit known from pushes to its branch; null when no push was seen. */
  firstCommitAt: string | null;
  /** First time it was ready for review; null when unknown. */
  readyAt: string | null;
  /** Whether it was ever seen as a draft (then `openedAt` is not a fallback for `readyAt`). */
  everDraft: boolean;
  /** First review by someone other than the author. */
  firstReviewAt: string | null;
  mergedAt: string;
  /** First successful production deployment of the merge commit. */
  deployedAt: string | null;
  additions: number | null;
  deletions: number | null;
}

/** Hours of each stage (null = unknown), the cycle time and the size of one pull request. */
export interface FlowStages {
  coding: number | null;
  pickup: number | null;
  review: number | null;
  deploy: number | null;
  cycle: number;
  /** additions + deletions; null when either is unknown. */
  size: number | null;
}

/** Hours from a to b, never negative; null when either end is unknown. */
const span = (a: string | null, b: string | null): number | null =>
  a === null || b === null ? null : Math.max(0, (Date.parse(b) - Date.parse(a)) / HOUR_MS);

/**
 * The four stages of a merged pull request as docs/metrics.md defines them:
 * coding = first commit → opened; pickup = ready for review (opened, when it was never a draft) →
 * first review by someone else; review = that first review → merge; deploy = merge → the merge
 * commit's first successful production deployment. A stage with an unknown end is unknown; a
 * negative span (clock skew, a review of a draft) counts as 0.
 * Cycle time = from the first commit (or opened, when earlier or unknown) to the deployment (or
 * the merge, while not deployed).
 */
export function flowStages(t: FlowTimes): FlowStages {
  const readyAt = t.readyAt ?? (t.everDraft ? null : t.openedAt);
  const start = t.firstCommitAt !== null && t.firstCommitAt < t.openedAt ? t.firstCommitAt : t.openedAt;
  return {
    coding: span(t.firstCommitAt, t.openedAt),
    pickup: span(readyAt, t.firstReviewAt),
    review: span(t.firstReviewAt, t.mergedAt),
    deploy: span(t.mergedAt, t.deployedAt),
    cycle: span(start, t.deployedAt ?? t.mergedAt) ?? 0,
    size: t.additions === null || t.deletions === null ? null : t.additions + t.deletions,
  };
}

/** Median, p75 (type 7) and n of known values, rounded to 2 decimals. */
export function medianP75(values: Array<number | null>) {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return { median: round(quantile7(known, 0.5), 2), p75: round(quantile7(known, 0.75), 2), n: known.length };
}

/** Pull-request size buckets (additions + deletions), smallest first; `max` inclusive. */
const SIZE_BUCKETS: ReadonlyArray<{ bucket: string; min: number; max: number | null }> = [
  { bucket: '≤50 lines', min: 0, max: 50 },
  { bucket: '51–200 lines', min: 51, max: 200 },
  { bucket: '201–500 lines', min: 201, max: 500 },
  { bucket: '501–1000 lines', min: 501, max: 1000 },
  { bucket: '>1000 lines', min: 1001, max: null },
];

/** Merged count and median cycle time per size bucket (pull requests of unknown size are in none). */
export function bySize(stages: FlowStages[]) {
  return SIZE_BUCKETS.map((b) => {
    const inBucket = stages.filter((s) => s.size !== null && s.size >= b.min && (b.max === null || s.size <= b.max));
    const cycle = medianP75(inBucket.map((s) => s.cycle));
    return {
      bucket: b.bucket,
      min_lines: b.min,
      max_lines: b.max,
      merged: inBucket.length,
      cycle_time_median_hours: cycle.median,
    };
  });
}
