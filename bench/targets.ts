import type { LoadResult } from './scenarios-interactive.js';
import type { IngestionResult } from './scenarios-data.js';
import { table, type Row, type Stat } from './measure.js';
import type { Profile } from './profiles.js';

/** Everything one bench run measured (the JSON written to bench/results/<profile>.json). */
export interface RawResults {
  profile: string;
  at: string;
  dataset: string;
  server: 'child' | 'inprocess';
  reports: Record<string, Stat>;
  /** Each report right after a write to its inputs (nothing cached can answer). */
  cold: Record<string, Stat>;
  floors: { org: Stat; team: Stat };
  deployments: IngestionResult;
  responses: IngestionResult;
  form: { perSecond: number; latency: Stat; posts: number };
  slack: {
    slack: LoadResult;
    noop: LoadResult;
    ratio: number;
    rate: number;
    slackAtRate: LoadResult;
    noopAtRate: LoadResult;
    ratioAtRate: number;
  };
  memory: { peakMb: number; rssMb: number; byPhase?: Record<string, number> } | null;
  migrations: Stat;
  open: { serverOpenMs: number; reopen: Stat };
  /** The machine, and its 1-minute load average before and after (other work skews every number). */
  machine: { cpus: number; model: string; node: string; loadBefore: number; loadAfter: number };
}

export interface BenchResults extends RawResults {
  rows: Row[];
  /** True when every target row passed (targets are set for the large profile). */
  allPass: boolean;
  table: string;
}

const ms = (key: string, label: string, s: Stat | undefined, target?: number, note?: string): Row => ({
  key,
  label,
  unit: 'ms',
  median: s?.median ?? null,
  p95: s?.p95 ?? null,
  n: s?.n,
  note,
  ...(target === undefined ? {} : { target: `p95 ≤ ${target} ms`, pass: s !== undefined && s.p95 <= target }),
});

const peakPhase = (raw: RawResults) => {
  const phases = Object.entries(raw.memory?.byPhase ?? {}).sort((a, b) => b[1] - a[1]);
  return phases.length ? `${phases[0][0]} (${phases[0][1]} MB)` : 'unknown';
};

/** The results table with each target of the issue judged PASS or FAIL. */
export function evaluate(_profile: Profile, raw: RawResults): BenchResults {
  const r = raw.reports;
  const orgFloor = raw.floors.org.median;
  const rows: Row[] = [
    ms('team', 'Team summary JSON (leaf team)', r.team, 50),
    ms('team_group', 'Team summary JSON (top-level group)', r.team_group),
    ms('org', 'Org report JSON', r.org, 300),
    ms('org_page', 'Org overview page (HTML)', r.org_page),
    ms('themes', 'Themes report JSON', r.themes),
    ms('leadership_json', 'Leadership report JSON', r.leadership_json, 500),
    ms('leadership_page', 'Leadership page (HTML)', r.leadership_page, 500),
    ms('team_cold', 'Team summary JSON, cold (first request after a write)', raw.cold.team),
    ms('org_cold', 'Org report JSON, cold', raw.cold.org),
    ms('themes_cold', 'Themes report JSON, cold', raw.cold.themes),
    ms('leadership_page_cold', 'Leadership page (HTML), cold', raw.cold.leadership_page),
    ms(
      'longest_results_cold',
      'Survey results, longest window (5 years) as a viewer, cold',
      raw.cold.longest_results,
      2000,
    ),
    ms('longest_themes_cold', 'Themes, longest window (5 years) as a viewer, cold', raw.cold.longest_themes, 2000),
    ms('floor_org', 'Floor: bare SQL GROUP BY, org answers', raw.floors.org),
    ms('floor_team', 'Floor: bare SQL GROUP BY, team answers', raw.floors.team),
    {
      key: 'org_vs_floor',
      label: 'Org report ÷ floor',
      unit: '×',
      median: r.org ? r.org.median / orgFloor : null,
      p95: null,
    },
    {
      key: 'team_vs_floor',
      label: 'Team summary ÷ team floor',
      unit: '×',
      median: r.team ? r.team.median / raw.floors.team.median : null,
      p95: null,
    },
  ];
  for (const [key, label, ing] of [
    ['deployments', 'Deployments', raw.deployments],
    ['responses', 'Survey responses', raw.responses],
  ] as const) {
    rows.push(
      {
        key: `${key}_http`,
        label: `${label} ingested via HTTP API`,
        unit: 'rows/s',
        median: ing.http.median,
        p95: ing.http.p95,
        n: ing.http.n,
        note: 'p95 column = 95th percentile batch rate',
      },
      {
        key: `${key}_bare`,
        label: `${label} bare better-sqlite3 insert`,
        unit: 'rows/s',
        median: ing.bare.median,
        p95: ing.bare.p95,
        n: ing.bare.n,
      },
      {
        key: `${key}_ratio`,
        label: `${label}: HTTP ÷ bare`,
        unit: 'ratio',
        median: ing.ratio,
        p95: null,
        target: '≥ 0.25',
        pass: ing.ratio >= 0.25,
      },
    );
  }
  const s = raw.slack;
  rows.push(
    {
      key: 'slack_ack',
      label: 'Slack block_actions ack, 50 conns saturated',
      unit: 'ms',
      median: s.slack.p50,
      p95: s.slack.p99,
      note: `p95 column = p99; ${Math.round(s.slack.rps)} req/s, non-2xx ${s.slack.non2xx}`,
      target: 'p99 ≤ 50 ms',
      pass: s.slack.p99 <= 50 && s.slack.non2xx === 0 && s.slack.errors === 0,
    },
    {
      key: 'noop',
      label: 'No-op route, same server, 50 conns saturated',
      unit: 'ms',
      median: s.noop.p50,
      p95: s.noop.p99,
      note: `p95 column = p99; ${Math.round(s.noop.rps)} req/s`,
    },
    {
      key: 'slack_ratio',
      label: 'Slack ack p99 ÷ no-op p99 (saturated)',
      unit: '×',
      median: s.ratio,
      p95: null,
      target: '≤ 2×',
      pass: s.ratio <= 2,
    },
    {
      key: 'slack_ack_rate',
      label: `Slack block_actions ack, open loop ${s.rate} req/s (≤ 50 conns)`,
      unit: 'ms',
      median: s.slackAtRate.p50,
      p95: s.slackAtRate.p99,
      note: `p95 column = p99; non-2xx ${s.slackAtRate.non2xx}`,
      target: 'p99 ≤ 50 ms',
      pass: s.slackAtRate.p99 <= 50 && s.slackAtRate.non2xx === 0 && s.slackAtRate.errors === 0,
    },
    {
      key: 'noop_rate',
      label: `No-op route, open loop ${s.rate} req/s (≤ 50 conns)`,
      unit: 'ms',
      median: s.noopAtRate.p50,
      p95: s.noopAtRate.p99,
      note: 'p95 column = p99',
    },
    {
      key: 'slack_ratio_rate',
      label: `Slack ack p99 ÷ no-op p99 (at ${s.rate} req/s)`,
      unit: '×',
      median: s.ratioAtRate,
      p95: null,
      target: '≤ 2×',
      pass: s.ratioAtRate <= 2,
    },
    {
      key: 'form',
      label: 'Web-form submissions',
      unit: 'posts/s',
      median: raw.form.perSecond,
      p95: null,
      note: `POST latency p50 ${raw.form.latency.median.toFixed(1)} ms, p95 ${raw.form.latency.p95.toFixed(1)} ms`,
    },
    {
      key: 'rss',
      label: 'Server peak RSS (VmHWM)',
      unit: 'MB',
      median: raw.memory?.peakMb ?? null,
      p95: null,
      note:
        raw.server === 'inprocess'
          ? 'in-process: bench included'
          : `current ${raw.memory?.rssMb.toFixed(0)} MB; peak phase ${peakPhase(raw)}`,
      target: '≤ 400 MB',
      pass: raw.memory !== null && raw.memory.peakMb <= 400,
    },
    ms('migrations', 'All migrations on an empty database', raw.migrations),
    {
      key: 'open',
      label: 'Open the database (server start: open + migrate check + services)',
      unit: 'ms',
      median: raw.open.serverOpenMs,
      p95: null,
    },
    ms('reopen', 'Re-open the database file + first query', raw.open.reopen),
  );
  const judged = rows.filter((x) => x.pass !== undefined);
  return { ...raw, rows, allPass: judged.every((x) => x.pass), table: table(rows) };
}
