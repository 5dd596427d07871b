import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { invalid } from '../errors.js';
import { filteredStatus, isHidden, suppressTree } from '../privacy/engine.js';
import { currentSegments } from './segment-scope.js';
import { segmentsRepo } from '../surveys/segments.repo.js';
import { thresholdFor } from '../privacy/threshold.js';
import { subtreeCounts } from '../privacy/tree.js';
import {
  attributeToThemes,
  ATTRIBUTION_LABEL,
  CAPACITY_LABEL,
  capacityLost,
  DEFAULT_ASSUMPTIONS,
  type ValueAssumptions,
} from '../metrics/value-model.js';
import { readSetting, writeSetting } from '../settings/settings.repo.js';
import { platformCost } from './cost-figures.js';
import { reportsRepo, type HoursAnswer } from './reports.repo.js';
import { assumptionsInput, type ReportWindow } from './reports.schema.js';
import { themesFor } from './sources.js';
import type { ThemesReport } from '../themes/themes.service.js';
import { periodMode } from '../privacy/period-mode.js';
import { weekAligned, weekStatuses } from '../surveys/results.weekly.js';
import { capacityByOwner } from '../themes/ownership.js';
import { defaultOwner } from '../themes/taxonomy.js';

const SETTING = 'value_model_assumptions';

/** The value-model assumptions in force (stored setting over the defaults). */
export function readAssumptions(deps: Deps): ValueAssumptions {
  return { ...DEFAULT_ASSUMPTIONS, ...(readSetting<Partial<ValueAssumptions>>(deps.db, SETTING) ?? {}) };
}

/** The hours-lost questions the value model can be based on (latest wording of each key). */
export const hoursLostQuestions = (deps: Deps) =>
  reportsRepo(deps.db)
    .questions()
    .filter((q) => q.type === 'hours_lost');

/** Validates and stores new assumptions; the question must be an hours-lost question. */
export function saveAssumptions(deps: Deps, body: unknown): ValueAssumptions {
  const parsed = assumptionsInput.safeParse(body ?? {});
  if (!parsed.success) {
    throw invalid(
      parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message })),
    );
  }
  const q = reportsRepo(deps.db)
    .questions()
    .find((x) => x.key === parsed.data.question);
  if (!q) throw invalid([{ field: 'question', message: `unknown question key "${parsed.data.question}"` }]);
  if (q.type !== 'hours_lost')
    throw invalid([{ field: 'question', message: `"${q.key}" is a ${q.type} question; pick an hours_lost question` }]);
  const current = readAssumptions(deps);
  const next: ValueAssumptions = {
    hourlyCost: parsed.data.hourly_cost,
    weeks: parsed.data.weeks ?? null,
    question: parsed.data.question,
    survey: parsed.data.survey ?? current.survey,
    currency: parsed.data.currency ?? current.currency,
  };
  writeSetting(deps.db, SETTING, next, deps.now());
  return next;
}

/** Assumptions in their JSON (snake_case) form. */
export const assumptionsJson = (a: ValueAssumptions, windowDays?: number) => ({
  hourly_cost: a.hourlyCost,
  currency: a.currency,
  weeks: a.weeks,
  weeks_used: a.weeks ?? (windowDays === undefined ? null : Math.round((windowDays / 7) * 100) / 100),
  weeks_source: a.weeks === null ? 'window length' : 'configured',
  survey: a.survey,
  question: a.question,
});

/**
 * Teams whose figures are hidden in this window: under k, or hidden by complementary suppression
 * (as in survey results), so the org total minus the included teams never reveals a small group.
 */
function suppressedTeams(
  all: Array<{ id: number; key: string; parentId: number | null }>,
  byTeam: Map<number, { respondents: Set<string> }>,
  k: number,
): Set<number> {
  const parentOf = new Map(all.map((t) => [t.id, t.parentId]));
  const keyOf = new Map(all.map((t) => [t.id, t.key]));
  // Distinct respondents per subtree, the one way the privacy engine counts them.
  const counts = subtreeCounts(all, new Map([...byTeam].map(([teamId, t]) => [teamId, t.respondents])));
  const status = suppressTree(
    all.map((t) => ({
      key: t.key,
      parent: t.parentId === null ? null : (keyOf.get(t.parentId) ?? null),
      respondents: counts.subtree.get(t.id) ?? 0,
    })),
    k,
    counts.org,
  );
  const hidden = new Set<number>();
  for (const t of all) {
    for (let cur: number | null | undefined = t.id; cur !== null && cur !== undefined; cur = parentOf.get(cur)) {
      const s = status.get(keyOf.get(cur)!);
      if (s && isHidden(s)) hidden.add(t.id);
    }
  }
  return hidden;
}

/**
 * Hours answers of the request's segment (reports/segment-scope.ts): only responses whose stored
 * attributes match, and none at all when the org without one condition of the filter, minus the
 * segment, holds 1 … k−1 people (the filter rule of the privacy engine).
 */
function segmentHours(deps: Deps, survey: string, w: ReportWindow, rows: HoursAnswer[], k: number): HoursAnswer[] {
  const filter = currentSegments();
  if (!filter.length) return rows;
  const people = segmentsRepo(deps.db).responseValues(
    survey,
    w,
    filter.map((c) => c.key),
  );
  const conds = filter.map((c, i) => {
    const values = new Set(c.values);
    return (r: (typeof people)[number]) => r[2 + i] !== null && values.has(r[2 + i] as string);
  });
  const all = (r: (typeof people)[number], skip = -1) => conds.every((c, j) => j === skip || c(r));
  const status = filteredStatus(
    people,
    (r) => all(r),
    conds.map((_, i) => (r: (typeof people)[number]) => all(r, i)),
    (r) => r[1],
    k,
  );
  if (status !== 'shown') return [];
  const ids = new Set(people.filter((r) => all(r)).map((r) => r[0]));
  return rows.filter((r) => ids.has(r.responseId));
}

/**
 * The value model for a window: capacity lost to friction (hours answers only from teams with at
 * least k distinct respondents), its attribution to friction themes, and platform cost.
 */
export function valueReport(deps: Deps, asked: ReportWindow, given: { themes?: ThemesReport } = {}) {
  // People count whole weeks, as with survey results (privacy/period-mode.ts).
  const weekly = periodMode() === 'weekly';
  const w = weekly ? weekAligned(asked) : asked;
  const a = readAssumptions(deps);
  const repo = reportsRepo(deps.db);
  const directory = directoryRepo(deps.db);
  // The survey's threshold and the org-wide setting: the strictest wins (as for survey results).
  const k = thresholdFor(deps.db, repo.surveyThreshold(a.survey));

  const byTeam = new Map<number, { hours: number[]; respondents: Set<string> }>();
  const rows = segmentHours(deps, a.survey, w, repo.hoursAnswers(a.survey, a.question, w.from, w.to), k);
  // Weekly mode: only answers from team-weeks with at least k people (sibling rule per week).
  const weeks = weekly
    ? weekStatuses(
        rows.map((r) => [r.teamId, r.week, r.respondent] as const),
        directory.teams(),
        k,
      )
    : null;
  const teamById = new Map(directory.teams().map((t) => [t.id, t]));
  for (const row of rows) {
    if (weeks && weeks.statusIn(teamById.get(row.teamId) ?? null, row.week) !== 'shown') continue;
    const t = byTeam.get(row.teamId) ?? { hours: [], respondents: new Set<string>() };
    t.hours.push(row.value);
    t.respondents.add(row.respondent);
    byTeam.set(row.teamId, t);
  }
  const hiddenTeams = suppressedTeams(directory.teams(), byTeam, k);
  const teams = new Map(directory.teams().map((t) => [t.id, t]));
  const headcount = directory.headcountByTeam();
  const included = [...byTeam].filter(([teamId, t]) => t.respondents.size >= k && !hiddenTeams.has(teamId));
  const hours = included.flatMap(([, t]) => t.hours);
  const respondents = included.reduce((s, [, t]) => s + t.respondents.size, 0);
  const activeDevelopers = [...headcount.values()].reduce((s, n) => s + n, 0);
  const capacity = capacityLost({ hours, activeDevelopers, windowDays: w.days }, a);

  // The themes report and platform cost take the window as asked: themes count whole weeks by
  // themselves, and cost is not about people. A window inside one week counts no week (from = to).
  const themes = given.themes ?? themesFor(deps, null, asked);
  const attribution = attributeToThemes(
    capacity,
    themes.themes.map((t) => ({ key: t.key, label: t.label, respondents: t.respondents ?? 0 })),
  );
  // Who can fix each theme (taxonomy owner): the platform claims only the capacity of its own themes.
  const ownerOf = new Map(themes.themes.map((t) => [t.key, t.owner]));
  const ownerFor = (key: string) => ownerOf.get(key) ?? defaultOwner(key);

  const teamRows = included
    .map(([teamId, t]) => {
      const team = teams.get(teamId)!;
      const c = capacityLost({ hours: t.hours, activeDevelopers: headcount.get(teamId) ?? 0, windowDays: w.days }, a);
      return {
        team: team.key,
        name: team.name,
        active_developers: c.active_developers,
        hours_per_developer_week: c.hours_per_developer_week,
        hours: c.hours,
        cost: c.cost,
      };
    })
    .sort((x, y) => (y.cost?.estimate ?? 0) - (x.cost?.estimate ?? 0));

  return {
    from: w.from,
    to: w.to,
    label: CAPACITY_LABEL,
    threshold: k,
    assumptions: assumptionsJson(a, w.days),
    inputs: {
      answers: hours.length,
      respondents,
      teams_included: included.length,
      active_developers: activeDevelopers,
      note: `Hours come only from teams with at least ${k} respondents; developers are all active people in the directory.`,
    },
    capacity_lost: capacity,
    by_team: teamRows,
    attribution: {
      basis: ATTRIBUTION_LABEL,
      method: 'proportional to each theme’s share of friction-comment mentions',
      themes: attribution.map((t) => ({ ...t, owner: ownerFor(t.key) })),
      by_owner: capacityByOwner(attribution, ownerFor),
    },
    platform_cost: platformCost(deps, asked),
    definitions: {
      capacity_lost:
        'median hours lost per developer per week × active developers × loaded hourly cost × weeks; band from the 25th/75th percentile of the answers',
      attribution: 'capacity lost × the theme’s share of friction-comment mentions (an estimate)',
      by_owner:
        'the attribution summed by who can fix each theme (taxonomy owner: platform, shared, other); the platform claims only its own',
      idle_cost: 'cost × (1 − utilization), never negative',
    },
  };
}

export type ValueReport = ReturnType<typeof valueReport>;

/** CSV rows of the value report: one line per figure. */
export function valueCsvRows(r: ValueReport) {
  const band = (
    section: string,
    key: string,
    label: string,
    unit: string,
    b: { estimate: number; low: number; high: number } | null,
    basis: string,
  ) => ({
    section,
    key,
    label,
    unit,
    estimate: b?.estimate ?? null,
    low: b?.low ?? null,
    high: b?.high ?? null,
    basis,
  });
  return [
    band('capacity_lost', 'hours', 'Capacity lost (hours)', 'hours', r.capacity_lost.hours, CAPACITY_LABEL),
    band(
      'capacity_lost',
      'cost',
      'Capacity lost (money)',
      r.capacity_lost.currency,
      r.capacity_lost.cost,
      CAPACITY_LABEL,
    ),
    ...r.by_team.map((t) => band('team', t.team, t.name, r.capacity_lost.currency, t.cost, CAPACITY_LABEL)),
    ...r.attribution.themes.map((t) =>
      band('theme', t.key, t.label, r.capacity_lost.currency, t.cost, `${ATTRIBUTION_LABEL}; owner ${t.owner}`),
    ),
    ...r.attribution.by_owner.map((o) =>
      band(
        'owner',
        o.owner,
        o.label,
        r.capacity_lost.currency,
        o.cost,
        `${ATTRIBUTION_LABEL}; ${o.share_of_mentions} of mentions`,
      ),
    ),
    ...r.platform_cost.teams.map((t) => ({
      section: 'platform_cost',
      key: t.team,
      label: t.name,
      unit: r.capacity_lost.currency,
      estimate: t.cost,
      low: null,
      high: null,
      basis: `idle ${t.idle_cost ?? ''}; per successful deployment ${t.cost_per_successful_deployment ?? ''}`,
    })),
    {
      section: 'platform_cost',
      key: 'total',
      label: 'Platform cost',
      unit: r.capacity_lost.currency,
      estimate: r.platform_cost.total,
      low: null,
      high: null,
      basis: `idle ${r.platform_cost.idle_cost ?? ''}; per successful deployment ${r.platform_cost.cost_per_successful_deployment ?? ''}`,
    },
    ...Object.entries(r.assumptions).map(([key, value]) => ({
      section: 'assumption',
      key,
      label: key,
      unit: '',
      estimate: value as never,
      low: null,
      high: null,
      basis: 'assumption',
    })),
  ];
}
