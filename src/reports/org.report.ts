import type { Deps } from '../deps.js';
import { directoryRepo, type Team } from '../directory/directory.repo.js';
import { childrenByParent } from '../directory/directory.service.js';
import { percentileRank, spearman, SPEARMAN_MIN_TEAMS } from '../metrics/survey-stats.js';
import { readSetting } from '../settings/settings.repo.js';
import {
  devexChange,
  dimensionCells,
  dimensionLabel,
  heatmapDimensions,
  likertDimensions,
  type DimensionCell,
} from './heatmap.js';
import { definitionsFor } from './definitions.js';
import { reportsRepo } from './reports.repo.js';
import type { ReportWindow } from './reports.schema.js';
import { doraFor, flowFor, surveyFor, surveysByTeam, themesFor } from './sources.js';
import type { FlowReport } from '../delivery/flow.report.js';
import type { DoraReport } from '../delivery/dora.service.js';
import type { SurveyResults } from '../surveys/results.compose.js';
import { cachedReport } from '../cache/report-cache.js';
import { customMetricReport } from '../delivery/custom-metrics.service.js';
import { getDefinitions } from '../delivery/definitions.service.js';

export const DEFAULT_SURVEY = 'pulse';

/** Teams in hierarchy order (depth-first, by name) with their depth. */
export function teamTree(teams: Team[]): Array<Team & { depth: number; isGroup: boolean }> {
  const children = childrenByParent(teams);
  const out: Array<Team & { depth: number; isGroup: boolean }> = [];
  const visit = (parent: number | null, depth: number) => {
    for (const t of [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name))) {
      out.push({ ...t, depth, isGroup: (children.get(t.id)?.length ?? 0) > 0 });
      visit(t.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

const favorableOf = (r: SurveyResults | undefined, key: string): number | null => {
  if (!r || r.suppressed) return null;
  const q = r.questions.find((x) => x.key === key);
  return typeof q?.favorable === 'number' && q.n > 0 ? q.favorable : null;
};

/** Delivery figures the org page compares teams on. */
export function doraHeadline(d: DoraReport) {
  return {
    deployments: d.deployment_frequency?.deployments ?? 0,
    per_week: d.deployment_frequency?.per_week ?? null,
    lead_time_median_hours: d.lead_time_hours?.median ?? null,
    lead_time_n: d.lead_time_hours?.n ?? 0,
    change_failure_rate: d.change_failure_rate?.rate ?? null,
    change_failure_total: d.change_failure_rate?.total ?? 0,
    time_to_restore_median_hours: d.time_to_restore_hours?.median ?? null,
    tiers: d.tiers ?? {},
  };
}
type DoraHeadline = ReturnType<typeof doraHeadline>;

/** Pull-request flow figures the org page compares teams on: median pickup and review hours. */
function flowHeadline(f: FlowReport) {
  return {
    merged_pull_requests: f.merged,
    pickup_median_hours: f.pickup_hours.median,
    pickup_n: f.pickup_hours.n,
    review_median_hours: f.review_hours.median,
    review_n: f.review_hours.n,
  };
}
/** What a team row carries about delivery: DORA and pull-request flow. */
type DeliveryHeadline = DoraHeadline & ReturnType<typeof flowHeadline>;

/** Survey ↔ delivery pairs tested for association across teams. */
interface AssociationPair {
  survey: string;
  surveyLabel: string;
  delivery: string;
  deliveryLabel: string;
  surveyValue: (r: SurveyResults | undefined) => number | null;
  /** The team's delivery side; default: `dora[delivery]`. */
  deliveryValue?: (teamKey: string) => number | null;
}
const ASSOCIATION_PAIRS: Array<AssociationPair & { delivery: keyof DeliveryHeadline }> = [
  {
    survey: 'build_and_test',
    surveyLabel: 'Build & test favorability',
    delivery: 'lead_time_median_hours',
    deliveryLabel: 'median lead time (hours)',
    surveyValue: (r) => favorableOf(r, 'build_and_test'),
  },
  {
    survey: 'devex_score',
    surveyLabel: 'DevEx score',
    delivery: 'per_week',
    deliveryLabel: 'deployments per week',
    surveyValue: (r) => (r && !r.suppressed ? (r.devex_score ?? null) : null),
  },
  {
    survey: 'release_confidence',
    surveyLabel: 'Release confidence favorability',
    delivery: 'change_failure_rate',
    deliveryLabel: 'change failure rate',
    surveyValue: (r) => favorableOf(r, 'release_confidence'),
  },
  {
    survey: 'deploy_ease',
    surveyLabel: 'Deploy ease favorability',
    delivery: 'per_week',
    deliveryLabel: 'deployments per week',
    surveyValue: (r) => favorableOf(r, 'deploy_ease'),
  },
  {
    survey: 'code_review',
    surveyLabel: 'Code review favorability',
    delivery: 'pickup_median_hours',
    deliveryLabel: 'median pull-request pickup time (hours)',
    surveyValue: (r) => favorableOf(r, 'code_review'),
  },
  {
    survey: 'code_review',
    surveyLabel: 'Code review favorability',
    delivery: 'review_median_hours',
    deliveryLabel: 'median pull-request review time (hours)',
    surveyValue: (r) => favorableOf(r, 'code_review'),
  },
];

const r3 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

/**
 * The org's custom metrics chosen as the delivery side of an association (`associate_with` in the
 * definition): per team its median (duration) or rate, null where the privacy engine hides it.
 */
function customAssociationPairs(deps: Deps, w: ReportWindow): AssociationPair[] {
  return getDefinitions(deps)
    .custom_metrics.filter((m) => m.associate_with)
    .map((m) => {
      const report = customMetricReport(deps, m.key, { from: w.from, to: w.to });
      const value = new Map(report.by_team.map((t) => [t.team, m.kind === 'duration' ? t.median : t.rate]));
      const survey = m.associate_with!;
      return {
        survey,
        surveyLabel: survey === 'devex_score' ? 'DevEx score' : `${survey.replace(/_/g, ' ')} favorability`,
        delivery: `metric:${m.key}`,
        deliveryLabel: `${m.label}${m.unit ? ` (${m.unit})` : ''}`,
        surveyValue: (r: SurveyResults | undefined) =>
          survey === 'devex_score' ? (r && !r.suppressed ? (r.devex_score ?? null) : null) : favorableOf(r, survey),
        deliveryValue: (team: string) => value.get(team) ?? null,
      };
    });
}

/**
 * The org overview: teams × dimensions heatmap (suppressed groups carry no figures), DORA per
 * team with tiers, percentile ranks (≥ 10 teams) and survey ↔ delivery associations (≥ 10 teams
 * with both values). Groups roll up their subtree.
 */
export function orgReport(deps: Deps, w: ReportWindow, survey = DEFAULT_SURVEY) {
  return cachedReport(deps, ['org', survey, w.from, w.to], () => computeOrgReport(deps, w, survey));
}

/** How many teams the "needs attention" card lists at most. */
const ATTENTION_TEAMS = 4;

/**
 * "Who is struggling, and why": the shown leaf teams with the largest significant DevEx drops,
 * then the lowest DevEx scores, each with its most-mentioned friction theme (from the team's own
 * themes report, so under the same privacy rules). Figures come from the rows already shown.
 */
function needsAttention(
  deps: Deps,
  rows: Array<{
    key: string;
    name: string;
    is_group: boolean;
    suppressed: boolean;
    devex_score: number | null;
    devex_change: ReturnType<typeof devexChange>;
  }>,
  w: ReportWindow,
) {
  const leaves = rows.filter((r) => !r.is_group && !r.suppressed && r.devex_score !== null);
  const drops = leaves
    .filter((r) => r.devex_change?.significant && r.devex_change.delta < 0)
    .sort((a, b) => a.devex_change!.delta - b.devex_change!.delta);
  const lowest = [...leaves].sort(
    (a, b) => (a.devex_score ?? 0) - (b.devex_score ?? 0) || a.name.localeCompare(b.name),
  );
  const picked = [...drops, ...lowest.slice(0, 3)]
    .filter((r, i, all) => all.indexOf(r) === i)
    .slice(0, ATTENTION_TEAMS);
  return picked.map((r) => {
    const themes = themesFor(deps, r.key, w);
    const top = themes.suppressed ? undefined : themes.themes.find((t) => t.respondents !== null && t.respondents > 0);
    return {
      team: r.key,
      name: r.name,
      devex_score: r.devex_score,
      devex_change: r.devex_change,
      reason: drops.includes(r) ? ('significant_drop' as const) : ('lowest' as const),
      top_theme: top ? { key: top.key, label: top.label, share: top.share } : null,
    };
  });
}

function computeOrgReport(deps: Deps, w: ReportWindow, survey: string) {
  const teams = teamTree(directoryRepo(deps.db).teams());
  const results = surveysByTeam(
    deps,
    survey,
    w,
    teams.map((t) => t.key),
  );
  const org = surveyFor(deps, survey, null, w);
  const dimensionOf = likertDimensions(reportsRepo(deps.db).questions());
  const columns = heatmapDimensions(dimensionOf);

  const rows = teams.map((t) => {
    const r = results.get(t.key);
    const suppressed = !r || r.suppressed === true;
    const shown = r && !suppressed && (r.respondents ?? 0) > 0;
    const dora: DeliveryHeadline = {
      ...doraHeadline(doraFor(deps, t.key, w)),
      ...flowHeadline(flowFor(deps, t.key, w)),
    };
    return {
      key: t.key,
      name: t.name,
      parent: t.parentKey,
      depth: t.depth,
      is_group: t.isGroup,
      suppressed,
      respondents: shown ? r.respondents : null,
      devex_score: shown ? (r.devex_score ?? null) : null,
      /** DevEx now minus the window before (pooled core favorability), with the Newcombe rule. */
      devex_change: shown ? devexChange(r, dimensionOf) : null,
      // A hidden group carries no cells at all (the page draws its columns as "suppressed").
      dimensions: shown
        ? dimensionCells(r, dimensionOf)
        : suppressed
          ? []
          : columns.map((d): DimensionCell => ({
              dimension: d,
              favorable: null,
              ci95: null,
              n: 0,
              questions: 0,
              first_question: null,
              class: 'heat-none',
            })),
      dora,
      percentile_rank: null as null | {
        devex_score: number | null;
        lead_time: number | null;
        deployments_per_week: number | null;
      },
      _results: r,
    };
  });

  // Comparisons use shown leaf teams only: groups overlap their children, and a suppressed team
  // is not ranked or correlated at all.
  const leaves = rows.filter((r) => !r.is_group && !r.suppressed);
  const withDevex = leaves.filter((r) => r.devex_score !== null);
  const withLead = leaves.filter((r) => r.dora.lead_time_median_hours !== null);
  const withFreq = leaves.filter((r) => r.dora.per_week !== null && r.dora.deployments > 0);
  const rankable = leaves.length >= SPEARMAN_MIN_TEAMS;
  if (rankable) {
    const devex = withDevex.map((r) => r.devex_score as number);
    // Lower lead time is better: rank its negation so a high percentile always means "better".
    const lead = withLead.map((r) => -(r.dora.lead_time_median_hours as number));
    const freq = withFreq.map((r) => r.dora.per_week as number);
    for (const r of leaves) {
      r.percentile_rank = {
        devex_score:
          r.devex_score !== null && devex.length >= SPEARMAN_MIN_TEAMS
            ? r3(percentileRank(devex, r.devex_score))
            : null,
        lead_time:
          r.dora.lead_time_median_hours !== null && lead.length >= SPEARMAN_MIN_TEAMS
            ? r3(percentileRank(lead, -r.dora.lead_time_median_hours))
            : null,
        deployments_per_week:
          r.dora.per_week !== null && freq.length >= SPEARMAN_MIN_TEAMS && r.dora.deployments > 0
            ? r3(percentileRank(freq, r.dora.per_week))
            : null,
      };
    }
  }

  const associationPairs: AssociationPair[] = [...ASSOCIATION_PAIRS, ...customAssociationPairs(deps, w)];
  const associations = associationPairs.map((p) => {
    const pairs = leaves
      .map(
        (r) =>
          [
            p.surveyValue(r._results && !r.suppressed ? r._results : undefined),
            p.deliveryValue ? p.deliveryValue(r.key) : (r.dora[p.delivery as keyof DeliveryHeadline] as number | null),
          ] as const,
      )
      .filter(([x, y]) => typeof x === 'number' && typeof y === 'number') as Array<readonly [number, number]>;
    const base = {
      survey: p.survey,
      survey_label: p.surveyLabel,
      delivery: p.delivery,
      delivery_label: p.deliveryLabel,
      n: pairs.length,
      min_teams: SPEARMAN_MIN_TEAMS,
    };
    if (pairs.length < SPEARMAN_MIN_TEAMS)
      return {
        ...base,
        shown: false,
        rho: null,
        ci95: null,
        statement: `Not shown: needs at least ${SPEARMAN_MIN_TEAMS} teams with both values (${pairs.length} have them).`,
      };
    const s = spearman(
      pairs.map((x) => x[0]),
      pairs.map((x) => x[1]),
    );
    const rho = r3(s.rho);
    const ci = s.ci95 ? ([r3(s.ci95[0]), r3(s.ci95[1])] as [number, number]) : null;
    const strength =
      rho === null
        ? 'not measurable'
        : Math.abs(rho) >= 0.5
          ? 'strongly'
          : Math.abs(rho) >= 0.3
            ? 'moderately'
            : 'weakly';
    const direction = rho === null || rho === 0 ? '' : rho > 0 ? 'positively ' : 'negatively ';
    const unclear =
      ci && ci[0] <= 0 && ci[1] >= 0 ? ' The interval includes 0, so the direction is not established.' : '';
    return {
      ...base,
      shown: true,
      rho,
      ci95: ci,
      statement:
        rho === null
          ? `${p.surveyLabel} and ${p.deliveryLabel}: one side is constant across teams; no association can be measured.`
          : `${p.surveyLabel} is ${strength} ${direction}associated with ${p.deliveryLabel} across ${pairs.length} teams (Spearman ρ = ${rho.toFixed(2)}, 95% CI ${ci ? `${ci[0].toFixed(2)} to ${ci[1].toFixed(2)}` : 'n/a'}). Association, not cause.${unclear}`,
    };
  });

  const attention = needsAttention(deps, rows, w);
  // Columns no shown group has data for are left out of the heatmap.
  const withData = columns.filter((d) =>
    [...rows.flatMap((r) => r.dimensions), ...(org.suppressed ? [] : dimensionCells(org, dimensionOf))].some(
      (c) => c.dimension === d && c.n > 0,
    ),
  );

  return {
    workspace: readSetting<string>(deps.db, 'workspace_name') ?? (deps.config.demo ? 'Acme Engineering' : 'Chorus'),
    survey_name: org.survey_name ?? survey,
    needs_attention: attention,
    survey,
    from: w.from,
    to: w.to,
    threshold: org.threshold ?? null,
    org: {
      suppressed: org.suppressed,
      respondents: org.suppressed ? null : org.respondents,
      devex_score: org.suppressed ? null : (org.devex_score ?? null),
      dimensions: org.suppressed ? [] : dimensionCells(org, dimensionOf),
      dora: doraHeadline(doraFor(deps, null, w)),
    },
    dimensions: withData.map((d) => ({ key: d, label: dimensionLabel(d) })),
    teams: rows.map(({ _results, ...row }) => ({
      ...row,
      dimensions: row.dimensions.filter((c) => withData.includes(c.dimension)),
    })),
    percentile_ranks_shown: rankable,
    percentile_ranks_note: rankable
      ? 'Percentile rank among leaf teams (higher = better; for lead time, shorter is better).'
      : `Percentile ranks need at least ${SPEARMAN_MIN_TEAMS} teams (${leaves.length} here).`,
    associations: associations.filter((a) => a.shown),
    associations_note: `Spearman ρ across leaf teams with both values in the window, only with ≥ ${SPEARMAN_MIN_TEAMS} teams. Worded "associated with": an association is not a cause.`,
    associations_omitted: associations
      .filter((a) => !a.shown)
      .map((a) => ({
        survey: a.survey,
        delivery: a.delivery,
        survey_label: a.survey_label,
        delivery_label: a.delivery_label,
        n: a.n,
        statement: a.statement,
        reason: `Hidden: ${a.survey_label} and ${a.delivery_label} are both known for only ${a.n} ${a.n === 1 ? 'team' : 'teams'} in this window; an association across fewer than ${SPEARMAN_MIN_TEAMS} teams would be mostly noise. Widen the window, or wait until more teams answer and deploy.`,
      })),
    definitions: Object.fromEntries(
      definitionsFor([
        'respondents',
        'devex_score',
        'changes',
        'dimension',
        'threshold',
        'dora',
        'percentile_rank',
        'association',
      ]).map((d) => [d.key, d.text]),
    ),
  };
}

export type OrgReport = ReturnType<typeof orgReport>;

/** CSV rows: one line per team with its heatmap cells, DORA figures and percentile ranks. */
export function orgCsvRows(r: OrgReport) {
  return r.teams.map((t) => ({
    team: t.key,
    name: t.name,
    parent: t.parent,
    group: t.is_group,
    suppressed: t.suppressed,
    respondents: t.respondents,
    devex_score: t.devex_score,
    devex_change_points: t.devex_change ? Math.round(t.devex_change.delta * 1000) / 10 : null,
    devex_change_significant: t.devex_change?.significant ?? null,
    ...Object.fromEntries(t.dimensions.map((d) => [`${d.dimension}_favorable`, d.favorable])),
    deployments: t.dora.deployments,
    deployments_per_week: t.dora.per_week,
    lead_time_median_hours: t.dora.lead_time_median_hours,
    change_failure_rate: t.dora.change_failure_rate,
    time_to_restore_median_hours: t.dora.time_to_restore_median_hours,
    pickup_median_hours: t.dora.pickup_median_hours,
    review_median_hours: t.dora.review_median_hours,
    ...Object.fromEntries(
      Object.entries(t.dora.tiers)
        .filter(([, v]) => typeof v !== 'object')
        .map(([k, v]) => [`tier_${k}`, v as string]),
    ),
    percentile_devex: t.percentile_rank?.devex_score ?? null,
    percentile_lead_time: t.percentile_rank?.lead_time ?? null,
    percentile_deployments_per_week: t.percentile_rank?.deployments_per_week ?? null,
  }));
}
