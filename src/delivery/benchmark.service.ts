import type { ErrorDetail } from '../errors.js';
import { MIN_TIER_EVENTS } from '../metrics/dora-tiers.js';
import {
  bucketScore,
  durationBucket,
  frequencyBucket,
  normalPercentile,
  percentScore,
  performanceAverage,
  wholePercent,
  type Bucket,
} from '../metrics/quick-check.js';
import type { Definitions } from './definitions.schema.js';
import {
  findEdition,
  quickCheckData,
  type BenchmarkGroup,
  type QcFileKey,
  type QuickCheckData,
  type Stat,
} from './quick-check.data.js';

export const BENCHMARK_SOURCE = 'DORA Quick Check';

/** Chorus's metric names and the Quick Check's key for each, in the order pages show them. */
export const BENCHMARK_METRICS = [
  ['lead_time', 'leadtime'],
  ['deployment_frequency', 'deployfreq'],
  ['change_failure_rate', 'changefailure'],
  ['failed_deployment_recovery', 'failurerecovery'],
  ['rework_rate', 'rework'],
] as const satisfies ReadonlyArray<readonly [string, QcFileKey]>;
export type BenchmarkMetric = (typeof BENCHMARK_METRICS)[number][0];

/** The measured figures a benchmark is computed from (all from one DORA report). */
export interface BenchmarkInputs {
  /** The headline count (deployments or versions) and the window length in days. */
  frequency: { count: number; days: number };
  /** Median lead time in hours as the report gives it, and its commits. */
  leadTime: { median: number | null; n: number };
  changeFailure: { failed: number; total: number };
  /** Median failed deployment recovery time in hours as reported, and its incidents. */
  recovery: { median: number | null; n: number };
  rework: { deployments: number; total: number };
}

/** One metric against the chosen industry; the figures are null (with `reason`) when the data cannot say. */
export interface BenchmarkFigure {
  bucket: Bucket | null;
  percent: number | null;
  label: string | null;
  score: number | null;
  industry_mean: number;
  industry_std: number;
  percentile: number | null;
  n: number;
  reason: string | null;
}

interface Answer {
  bucket: Bucket | null;
  percent: number | null;
  score: number;
  label: string;
}

const r2 = (v: number) => Math.round(v * 100) / 100;
const tooFew = (n: number, what: string) =>
  `Too few ${what} to place on the Quick Check scale (n = ${n}; needs at least ${MIN_TIER_EVENTS}).`;

/** The answer the Quick Check would get for one metric, or the reason there is none. */
function answerFor(
  metric: BenchmarkMetric,
  m: BenchmarkInputs,
  labels: QuickCheckData['labels'],
): { answer: Answer | null; n: number; reason: string | null } {
  const bucketAnswer = (key: keyof QuickCheckData['labels'], b: Bucket): Answer => ({
    bucket: b,
    percent: null,
    score: bucketScore(b),
    label: labels[key][String(b)] ?? String(b),
  });
  const pctAnswer = (part: number, total: number, text: string): Answer => {
    const percent = wholePercent(part, total);
    return { bucket: null, percent, score: percentScore(percent), label: `${percent} % ${text}` };
  };
  switch (metric) {
    case 'deployment_frequency':
      return m.frequency.count > 0 && m.frequency.days > 0
        ? {
            answer: bucketAnswer('deployfreq', frequencyBucket(m.frequency.count, m.frequency.days)),
            n: m.frequency.count,
            reason: null,
          }
        : { answer: null, n: 0, reason: 'No successful production deployments in the window.' };
    case 'lead_time':
      if (m.leadTime.median === null || m.leadTime.n === 0)
        return { answer: null, n: 0, reason: 'No commit reached production in the window.' };
      if (m.leadTime.n < MIN_TIER_EVENTS)
        return { answer: null, n: m.leadTime.n, reason: tooFew(m.leadTime.n, 'commits') };
      return { answer: bucketAnswer('leadtime', durationBucket(m.leadTime.median)), n: m.leadTime.n, reason: null };
    case 'failed_deployment_recovery':
      if (m.recovery.median === null || m.recovery.n === 0)
        return { answer: null, n: 0, reason: 'No resolved incident caused by a deployment in the window.' };
      if (m.recovery.n < MIN_TIER_EVENTS)
        return { answer: null, n: m.recovery.n, reason: tooFew(m.recovery.n, 'incidents') };
      return {
        answer: bucketAnswer('failurerecovery', durationBucket(m.recovery.median)),
        n: m.recovery.n,
        reason: null,
      };
    case 'change_failure_rate':
    case 'rework_rate': {
      const [part, total, text] =
        metric === 'change_failure_rate'
          ? [m.changeFailure.failed, m.changeFailure.total, 'of changes fail']
          : [m.rework.deployments, m.rework.total, 'of deployments were unplanned'];
      if (total === 0) return { answer: null, n: 0, reason: 'No production deployments in the window.' };
      if (total < MIN_TIER_EVENTS) return { answer: null, n: total, reason: tooFew(total, 'deployments') };
      return { answer: pctAnswer(part, total, text), n: total, reason: null };
    }
  }
}

/** A score against a published mean and standard deviation (both already "higher is better"). */
const against = (score: number | null, s: Stat) => ({
  mean: r2(s.mean),
  std: s.std,
  percentile: score === null ? null : normalPercentile(score, s.mean, s.std),
});

/** Scores, per-metric figures and the performance average for one group of an edition. */
function place(group: BenchmarkGroup, answers: Map<BenchmarkMetric, ReturnType<typeof answerFor>>) {
  const metrics: Partial<Record<BenchmarkMetric, BenchmarkFigure>> = {};
  const used: BenchmarkMetric[] = [];
  for (const [metric, key] of BENCHMARK_METRICS) {
    const stat = group.metrics[key];
    if (!stat) continue; // the edition does not benchmark it (rework before 2025)
    const a = answers.get(metric)!;
    const score = a.answer ? r2(a.answer.score) : null;
    if (score !== null) used.push(metric);
    const g = against(a.answer?.score ?? null, stat);
    metrics[metric] = {
      bucket: a.answer?.bucket ?? null,
      percent: a.answer?.percent ?? null,
      label: a.answer?.label ?? null,
      score,
      industry_mean: g.mean,
      industry_std: g.std,
      percentile: g.percentile,
      n: a.n,
      reason: a.reason,
    };
  }
  const avg = performanceAverage(used.map((m) => answers.get(m)!.answer!.score));
  const pa = group.performance_average;
  return {
    metrics,
    performance_average: pa
      ? {
          score: avg === null ? null : r2(avg),
          industry_mean: r2(pa.mean),
          industry_std: pa.std,
          percentile: avg === null ? null : normalPercentile(avg, pa.mean, pa.std),
          metrics_used: used,
          of: Object.keys(metrics).length,
          reason: avg === null ? 'None of the metrics can be placed on the Quick Check scale in this window.' : null,
        }
      : null,
  };
}

/**
 * The benchmark block of a DORA report: each metric mapped onto the Quick Check's answer scale and
 * scored as the Quick Check scores it, against the chosen edition and industry (and organization
 * size when one is set). Percentiles are normal approximations from the published mean and std.
 */
export function deliveryBenchmark(defs: Definitions, inputs: BenchmarkInputs, data = quickCheckData()) {
  const edition = findEdition(data, defs.benchmark_edition);
  const industry = edition?.industries.find((g) => g.key === defs.benchmark_industry);
  const base = {
    source: BENCHMARK_SOURCE,
    citation: `DORA Quick Check, ${defs.benchmark_edition} edition, dora.dev`,
    edition: defs.benchmark_edition,
    industry: defs.benchmark_industry,
    industry_name: industry?.name ?? null,
    percentile_method:
      'approximation: Φ((score − mean) ÷ std) × 100, assuming a normal distribution with the published mean and standard deviation',
  };
  if (!edition || !industry)
    return {
      ...base,
      metrics: {},
      performance_average: null,
      org_size: null,
      reason: 'The chosen edition or industry is not in the shipped data.',
    };
  const answers = new Map(BENCHMARK_METRICS.map(([m]) => [m, answerFor(m, inputs, data.labels)] as const));
  const placed = place(industry, answers);
  const size = defs.benchmark_org_size ? edition.sizes.find((g) => g.key === defs.benchmark_org_size) : undefined;
  const sized = size ? place(size, answers) : null;
  return {
    ...base,
    metrics: placed.metrics,
    performance_average: placed.performance_average,
    org_size:
      size && sized
        ? {
            key: size.key,
            name: size.name,
            metrics: Object.fromEntries(
              Object.entries(sized.metrics).map(([k, f]) => [
                k,
                { score: f.score, mean: f.industry_mean, std: f.industry_std, percentile: f.percentile },
              ]),
            ),
            performance_average: sized.performance_average && {
              score: sized.performance_average.score,
              mean: sized.performance_average.industry_mean,
              std: sized.performance_average.industry_std,
              percentile: sized.performance_average.percentile,
            },
            turned: edition.size_metrics_turned,
          }
        : null,
    reason: null,
  };
}
export type DeliveryBenchmark = ReturnType<typeof deliveryBenchmark>;

/** 422 details for benchmark definitions the shipped data does not hold (each names its field). */
export function benchmarkProblems(defs: Definitions, data = quickCheckData()): ErrorDetail[] {
  const edition = findEdition(data, defs.benchmark_edition);
  if (!edition)
    return [
      {
        field: 'benchmark_edition',
        message: `must be one of ${data.editions.map((e) => e.edition).join(', ')}`,
      },
    ];
  const out: ErrorDetail[] = [];
  if (!edition.industries.some((g) => g.key === defs.benchmark_industry))
    out.push({
      field: 'benchmark_industry',
      message: `must be one of the ${edition.edition} industries: ${edition.industries.map((g) => g.key).join(', ')}`,
    });
  if (defs.benchmark_org_size !== null && !edition.sizes.some((g) => g.key === defs.benchmark_org_size))
    out.push({
      field: 'benchmark_org_size',
      message: `must be empty or one of the ${edition.edition} organization sizes: ${edition.sizes.map((g) => g.key).join(', ')}`,
    });
  return out;
}

/** The choices the admin form offers: editions, and each edition's industries and sizes. */
export function benchmarkChoices(data = quickCheckData()) {
  return data.editions.map((e) => ({
    edition: e.edition,
    industries: e.industries.map((g) => ({ key: g.key, name: g.name })),
    sizes: e.sizes.map((g) => ({ key: g.key, name: g.name })),
  }));
}

/**
 * CSV rows of a benchmark (one per metric, then the performance average, then the organization
 * size rows when one is set), placed after a DORA report's own row.
 */
export function benchmarkCsvRows(
  scope: { team: string | null; service: string | null; from: string; to: string },
  b: DeliveryBenchmark,
) {
  const base = {
    team: scope.team,
    service: scope.service,
    from: scope.from,
    to: scope.to,
    benchmark_source: b.source,
    benchmark_edition: b.edition,
    benchmark_group: `industry:${b.industry}`,
  };
  const rows: Array<Record<string, string | number | null>> = [];
  for (const [metric, f] of Object.entries(b.metrics))
    rows.push({
      ...base,
      benchmark_metric: metric,
      benchmark_bucket: f.bucket,
      benchmark_percent: f.percent,
      benchmark_label: f.label,
      benchmark_score: f.score,
      benchmark_mean: f.industry_mean,
      benchmark_std: f.industry_std,
      benchmark_percentile_approx: f.percentile,
      benchmark_n: f.n,
      benchmark_reason: f.reason,
    });
  const pa = b.performance_average;
  if (pa)
    rows.push({
      ...base,
      benchmark_metric: 'performance_average',
      benchmark_score: pa.score,
      benchmark_mean: pa.industry_mean,
      benchmark_std: pa.industry_std,
      benchmark_percentile_approx: pa.percentile,
      benchmark_reason: pa.reason,
    });
  if (b.org_size) {
    const size = { ...base, benchmark_group: `org_size:${b.org_size.key}` };
    const sized = [
      ...Object.entries(b.org_size.metrics),
      ['performance_average', b.org_size.performance_average] as const,
    ];
    for (const [metric, f] of sized)
      if (f)
        rows.push({
          ...size,
          benchmark_metric: metric,
          benchmark_score: f.score,
          benchmark_mean: f.mean,
          benchmark_std: f.std,
          benchmark_percentile_approx: f.percentile,
        });
  }
  return rows;
}
