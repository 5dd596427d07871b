/** Type-7 quantile of a sample (linear interpolation), as metrics.md defines it. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[lo + 1] ?? sorted[lo]) - sorted[lo]);
}

/** Median and p95 of repeated measurements, with how many there were. */
export interface Stat {
  median: number;
  p95: number;
  n: number;
}

export const stat = (values: readonly number[]): Stat => ({
  median: quantile(values, 0.5),
  p95: quantile(values, 0.95),
  n: values.length,
});

/** Runs `fn` `warmup` times unmeasured, then `runs` times, returning each run's milliseconds. */
export async function timeRuns(runs: number, fn: () => unknown, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** One line of the results table. */
export interface Row {
  key: string;
  label: string;
  unit: string;
  median: number | null;
  p95: number | null;
  n?: number;
  /** e.g. "≤ 50 ms (p95)"; empty when the row is informational. */
  target?: string;
  pass?: boolean;
  note?: string;
}

const fmt = (v: number | null | undefined) =>
  v === null || v === undefined || Number.isNaN(v)
    ? '—'
    : Math.abs(v) >= 100
      ? Math.round(v).toLocaleString('en-US')
      : v.toFixed(Math.abs(v) >= 10 ? 1 : 2);

/** The results as a Markdown table (printed and pasted into the README). */
export function table(rows: readonly Row[]): string {
  const lines = ['| measure | median | p95 | unit | target | result |', '|---|---:|---:|---|---|---|'];
  for (const r of rows) {
    const result = r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL';
    lines.push(
      `| ${r.label}${r.note ? ` (${r.note})` : ''} | ${fmt(r.median)} | ${fmt(r.p95)} | ${r.unit} | ${r.target ?? ''} | ${result} |`,
    );
  }
  return lines.join('\n');
}
