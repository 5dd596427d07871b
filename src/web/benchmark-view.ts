import type { DeliveryBenchmark } from '../delivery/benchmark.service.js';
import type { Definitions } from '../delivery/definitions.schema.js';

/** One row of a benchmark section: a metric (or the performance average) against the industry. */
export interface BenchmarkRow {
  key: string;
  label: string;
  answer: string | null;
  score: number | null;
  mean: number;
  std: number;
  percentile: number | null;
  reason: string | null;
  n: number | null;
  size: { mean: number; std: number; percentile: number | null } | null;
}

/**
 * What a page needs to show a DORA report's benchmark: rows in page order, the citation, and the
 * chart data (`chartId` names the embedded JSON the charts read; unique per page).
 */
export function benchmarkView(b: DeliveryBenchmark, labels: Definitions['labels'], chartId: string) {
  const sizeOf = (key: string) => {
    const s = (b.org_size?.metrics as Record<string, { mean: number; std: number; percentile: number | null }>)?.[key];
    return s ? { mean: s.mean, std: s.std, percentile: s.percentile } : null;
  };
  const rows: BenchmarkRow[] = Object.entries(b.metrics).map(([key, f]) => ({
    key,
    label: labels[key as keyof Definitions['labels']] ?? key,
    answer: f.label,
    score: f.score,
    mean: f.industry_mean,
    std: f.industry_std,
    percentile: f.percentile,
    reason: f.reason,
    n: f.n,
    size: sizeOf(key),
  }));
  const pa = b.performance_average;
  if (pa)
    rows.push({
      key: 'performance_average',
      label: 'Performance average',
      answer: pa.score === null ? null : `mean of ${pa.metrics_used.length} of ${pa.of} metrics`,
      score: pa.score,
      mean: pa.industry_mean,
      std: pa.industry_std,
      percentile: pa.percentile,
      reason: pa.reason,
      n: null,
      size: b.org_size?.performance_average
        ? {
            mean: b.org_size.performance_average.mean,
            std: b.org_size.performance_average.std,
            percentile: b.org_size.performance_average.percentile,
          }
        : null,
    });
  const placed = rows.filter((r) => r.key !== 'performance_average');
  const avg = rows.find((r) => r.key === 'performance_average');
  const unplaced = placed.filter((r) => r.score === null).map((r) => r.label);
  // One line for print, where the brief has no room for the charts.
  const sentence =
    `Against ${b.industry_name ?? b.industry} (${b.citation}): ` +
    (avg && avg.score !== null
      ? `performance average ${avg.score} of 10, percentile ${avg.percentile} (approximation); `
      : 'no performance average; ') +
    placed
      .filter((r) => r.score !== null)
      .map((r) => `${r.label} percentile ${r.percentile}`)
      .join(', ') +
    (unplaced.length ? `; no position for ${unplaced.join(', ')} (too few events or no data)` : '') +
    '.';
  return {
    sentence,
    citation: b.citation,
    edition: b.edition,
    industry: b.industry_name ?? b.industry,
    size: b.org_size ? b.org_size.name : null,
    reason: b.reason,
    rows,
    chartId,
    chart: {
      industry: b.industry_name ?? b.industry,
      items: rows.map((r) => ({ key: r.key, label: r.label, score: r.score, mean: r.mean, std: r.std })),
    },
  };
}
export type BenchmarkView = ReturnType<typeof benchmarkView>;
