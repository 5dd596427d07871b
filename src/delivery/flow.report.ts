import type { Deps } from '../deps.js';
import { listTeams } from '../directory/directory.service.js';
import { bySize, flowStages, medianP75, type FlowStages } from '../metrics/flow.js';
import { getDefinitions } from './definitions.service.js';
import { flowRepo, type FlowRow } from './flow.repo.js';
import { resolveReportScope, scopeJson, type ScopeQuery } from './report-scope.js';

/** The pinned `GET /api/v1/flow` body. */
export type FlowReport = ReturnType<typeof flowReport>;

/** Where pages link the flow figures' definitions. */
export const FLOW_DEFINITIONS_HREF = '/delivery/definitions#flow';

const stagesOf = (rows: FlowRow[]): FlowStages[] =>
  rows.map((r) =>
    flowStages({
      openedAt: r.openedAt,
      firstCommitAt: r.firstCommitAt,
      readyAt: r.readyAt,
      everDraft: r.everDraft === 1,
      firstReviewAt: r.firstReviewAt,
      mergedAt: r.mergedAt,
      deployedAt: r.deployedAt,
      additions: r.additions,
      deletions: r.deletions,
    }),
  );

function summarize(stages: FlowStages[]) {
  const size = medianP75(stages.map((s) => s.size));
  return {
    merged: stages.length,
    cycle_time_hours: medianP75(stages.map((s) => s.cycle)),
    coding_hours: medianP75(stages.map((s) => s.coding)),
    pickup_hours: medianP75(stages.map((s) => s.pickup)),
    review_hours: medianP75(stages.map((s) => s.review)),
    deploy_hours: medianP75(stages.map((s) => s.deploy)),
    size_lines: size,
    by_size: bySize(stages),
  };
}

/**
 * Pull-request flow of a team (its subtree), a service or the org over `[from, to)`: pull requests
 * merged in the window, the four stages, cycle time and size, as docs/metrics.md defines them.
 */
export function flowReport(deps: Deps, query: ScopeQuery = {}) {
  const scope = resolveReportScope(deps, query);
  const rows = flowRepo(deps.db).merged(scope);
  const stages = stagesOf(rows);
  const summary = summarize(stages);
  return {
    scope: scopeJson(scope),
    merged: summary.merged,
    deployed: rows.filter((r) => r.deployedAt !== null).length,
    cycle_time_hours: summary.cycle_time_hours,
    coding_hours: summary.coding_hours,
    pickup_hours: summary.pickup_hours,
    review_hours: summary.review_hours,
    deploy_hours: summary.deploy_hours,
    size_lines: summary.size_lines,
    by_size: summary.by_size,
    definitions: {
      window: '[from, to) by merged_at, UTC',
      production_environment: getDefinitions(deps).production_environment,
      coding: 'first commit (known from pushes to its branch) → opened',
      pickup: 'ready for review (opened, when it was never a draft) → first review by someone other than the author',
      review: 'first review by someone other than the author → merged',
      deploy: "merged → the merge commit's first successful production deployment",
      cycle_time: 'first commit (or opened, when earlier or unknown) → deployed (or merged, while not deployed)',
      quantiles: 'type 7 (linear interpolation between order statistics); n = pull requests with that stage known',
      href: FLOW_DEFINITIONS_HREF,
    },
  };
}

/** CSV: one row with the pinned fields flattened, then one per size bucket. */
export function flowCsvRows(r: FlowReport) {
  const head = {
    team: r.scope.team,
    service: r.scope.service,
    from: r.scope.from,
    to: r.scope.to,
    merged: r.merged,
    deployed: r.deployed,
  };
  const stage = (name: string, s: { median: number | null; p75: number | null; n: number }) => ({
    [`${name}_median_hours`]: s.median,
    [`${name}_p75_hours`]: s.p75,
    [`${name}_n`]: s.n,
  });
  return [
    {
      ...head,
      bucket: 'all',
      ...stage('cycle_time', r.cycle_time_hours),
      ...stage('coding', r.coding_hours),
      ...stage('pickup', r.pickup_hours),
      ...stage('review', r.review_hours),
      ...stage('deploy', r.deploy_hours),
      size_median_lines: r.size_lines.median,
      size_p75_lines: r.size_lines.p75,
    },
    ...r.by_size.map((b) => ({
      ...head,
      merged: b.merged,
      deployed: null,
      bucket: b.bucket,
      cycle_time_median_hours: b.cycle_time_median_hours,
    })),
  ];
}

/**
 * Where time waits, per team (hierarchy order; a group covers its subtree) and for the org: the
 * median of each stage with its n, and each stage's share of the sum of the four medians (the
 * stacked bar on the team and delivery pages).
 */
export function flowByTeam(deps: Deps, query: Omit<ScopeQuery, 'team' | 'service'> = {}, rootKey?: string) {
  const teams = listTeams(deps);
  const children = new Map<number | null, typeof teams>();
  for (const t of teams) children.set(t.parentId, [...(children.get(t.parentId) ?? []), t]);
  const ordered: Array<{ key: string; name: string; depth: number }> = [];
  const walk = (parent: number | null, depth: number) => {
    for (const t of [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name))) {
      ordered.push({ key: t.key, name: t.name, depth });
      walk(t.id, depth + 1);
    }
  };
  const root = rootKey ? teams.find((t) => t.key === rootKey) : undefined;
  if (root) {
    ordered.push({ key: root.key, name: root.name, depth: 0 });
    walk(root.id, 1);
  } else walk(null, 0);
  const rowsFor = (team?: string) => {
    const r = flowReport(deps, { ...query, team });
    return stackedBar(r);
  };
  return {
    teams: ordered.map((t) => ({ key: t.key, name: t.name, depth: t.depth, ...rowsFor(t.key) })),
    org: root ? null : rowsFor(undefined),
  };
}

const STAGES = ['coding', 'pickup', 'review', 'deploy'] as const;

/** The four stage medians of one report as segments of a bar whose length is their sum. */
export function stackedBar(r: FlowReport) {
  const medians = STAGES.map((s) => ({ stage: s, ...r[`${s}_hours`] }));
  const total = medians.reduce((a, m) => a + (m.median ?? 0), 0);
  return {
    merged: r.merged,
    cycle_time_hours: r.cycle_time_hours,
    total_median_hours: Math.round(total * 100) / 100,
    segments: medians.map((m) => ({
      stage: m.stage,
      median: m.median,
      n: m.n,
      share: total > 0 && m.median !== null ? Math.round((m.median / total) * 1000) / 1000 : 0,
    })),
  };
}

/** Where time waits per team as a JSON/CSV report (`GET /api/v1/flow/teams`): the bars of the delivery pages. */
export function flowTeamsReport(deps: Deps, query: Omit<ScopeQuery, 'service'> = {}) {
  const scope = resolveReportScope(deps, query);
  const window = { from: scope.from.toISOString(), to: scope.to.toISOString() };
  const byTeam = flowByTeam(deps, window, scope.teamKey ?? undefined);
  return { scope: scopeJson(scope), org: byTeam.org, teams: byTeam.teams };
}

/** CSV of `flowTeamsReport`: one row per team (and the org), each stage's median and n. */
export function flowTeamsCsvRows(r: ReturnType<typeof flowTeamsReport>) {
  const row = (team: string | null, name: string, b: ReturnType<typeof stackedBar>) => ({
    team,
    name,
    from: r.scope.from,
    to: r.scope.to,
    merged: b.merged,
    cycle_time_median_hours: b.cycle_time_hours.median,
    cycle_time_n: b.cycle_time_hours.n,
    ...Object.fromEntries(
      b.segments.flatMap((s) => [
        [`${s.stage}_median_hours`, s.median],
        [`${s.stage}_n`, s.n],
      ]),
    ),
  });
  return [...r.teams.map((t) => row(t.key, t.name, t)), ...(r.org ? [row(null, 'Whole org', r.org)] : [])];
}
