import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { anonymityThreshold } from '../privacy/engine.js';
import { isCoreDimension, isSignificantChange, newcombeDifference } from '../metrics/survey-stats.js';
import { readSetting } from '../settings/settings.repo.js';
import { costFigures } from './cost-figures.js';
import { definitionsFor } from './definitions.js';
import { likertDimensions } from './heatmap.js';
import { DEFAULT_SURVEY, doraHeadline, teamTree } from './org.report.js';
import { reportsRepo } from './reports.repo.js';
import { previousWindow, splitWindow, type ReportWindow } from './reports.schema.js';
import { costFor, doraFor, surveyFor, themesFor } from './sources.js';
import { devexInterval } from './team.report.js';
import type { SurveyResults } from '../surveys/results.compose.js';
import { valueReport } from './value.service.js';
import { ownershipSummary } from './ownership.report.js';
import { cachedReport } from '../cache/report-cache.js';

/** Core-dimension favorable answers and answers of a result (for comparing DevEx between periods). */
function coreCounts(r: SurveyResults, dimensionOf: Map<string, string>) {
  let k = 0,
    n = 0;
  if (!r.suppressed) {
    for (const q of r.questions) {
      if (!isCoreDimension(q.dimension ?? dimensionOf.get(q.key)) || typeof q.favorable !== 'number' || !q.n) continue;
      k += Math.round(q.favorable * q.n);
      n += q.n;
    }
  }
  return { k, n };
}

const fmtDays = (days: number) => `${Math.round(days)} days`;
const signed = (v: number, unit: string) => `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toFixed(0)}${unit}`;
const money = (v: number | null) => (v === null ? '–' : `$${Math.round(v).toLocaleString('en-US')}`);
const hrs = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${v.toFixed(v < 10 ? 1 : 0)} h`);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v * 100)}%`);
const r1 = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 10) / 10);

/**
 * The leadership trend's periods: the chosen window cut into periods of about a month (at least
 * three, metrics.md, and at most twelve), oldest first — points inside the window, not whole
 * windows before it that may hold no data yet.
 */
export function trendPeriods(w: ReportWindow): ReportWindow[] {
  return splitWindow(w, Math.min(12, Math.max(3, Math.round(w.days / 30))));
}

/**
 * The leadership page, "the collective voice": DevEx score with interval and trend, top friction
 * themes with their estimated capacity cost, DORA tiers and trend, platform and idle cost, a few
 * redacted quotes (only from groups at or above the threshold), and one computed sentence per
 * section on what changed since the previous window of equal length.
 */
export function leadershipReport(deps: Deps, w: ReportWindow, survey = DEFAULT_SURVEY) {
  return cachedReport(deps, ['leadership', survey, w.from, w.to], () => computeLeadershipReport(deps, w, survey));
}

function computeLeadershipReport(deps: Deps, w: ReportWindow, survey: string) {
  const prev = previousWindow(w);
  const dimensionOf = likertDimensions(reportsRepo(deps.db).questions());
  const periodLabel = `previous ${fmtDays(w.days)}`;

  // DevEx ------------------------------------------------------------------------------------
  const cur = surveyFor(deps, survey, null, w);
  const before = surveyFor(deps, survey, null, prev);
  const k = anonymityThreshold(cur.threshold);
  const score = cur.suppressed ? null : r1(cur.devex_score);
  const prevScore = before.suppressed ? null : r1(before.devex_score);
  const c1 = coreCounts(before, dimensionOf),
    c2 = coreCounts(cur, dimensionOf);
  const diff = newcombeDifference(c1.k, c1.n, c2.k, c2.n);
  const significant = isSignificantChange(
    diff,
    !cur.suppressed && !before.suppressed && (cur.respondents ?? 0) >= k && (before.respondents ?? 0) >= k,
  );
  const devexTrend = trendPeriods(w)
    .map((p) => {
      // Each period is a window like any other (surveyResults, privacy rules); in weekly mode the
      // result counts whole weeks and its own from/to say which.
      const r = surveyFor(deps, survey, null, p);
      return {
        from: r.from ?? p.from,
        to: r.to ?? p.to,
        suppressed: r.suppressed,
        devex_score: r.suppressed ? null : r1(r.devex_score),
        ci95: devexInterval(r, dimensionOf),
        respondents: r.suppressed ? null : r.respondents,
      };
    })
    // A period shorter than a week can hold no whole week: it has nothing to show.
    .filter((p) => p.from < p.to);
  const devexSentence =
    score === null
      ? 'No DevEx score for this window: not enough respondents to show one.'
      : prevScore === null
        ? `DevEx score ${score.toFixed(0)}; no comparable score for the ${periodLabel}.`
        : `DevEx score ${score.toFixed(0)} (${signed(score - prevScore, ' pts')} vs ${periodLabel}, ${significant ? 'a significant change' : 'not significant'}).`;

  // Value and themes -------------------------------------------------------------------------
  const themes = themesFor(deps, null, w);
  const value = valueReport(deps, w, { themes });
  const prevThemes = themesFor(deps, null, prev);
  const costOf = new Map(value.attribution.themes.map((t) => [t.key, t]));
  const top = themes.themes.slice(0, 5).map((t) => ({
    key: t.key,
    label: t.label,
    respondents: t.respondents,
    share: t.share,
    ci95: t.ci95 ?? null,
    previous_share: prevThemes.themes.find((p) => p.key === t.key)?.share ?? null,
    capacity_cost: costOf.get(t.key)?.cost ?? null,
    capacity_hours: costOf.get(t.key)?.hours ?? null,
    status: t.status ?? null,
    owner: t.owner,
    status_owner: t.status_owner,
  }));
  // Who can fix it: friction and its estimated capacity cost by theme owner (platform, shared, other).
  const ownership = ownershipSummary(
    themes.by_owner,
    value.attribution.by_owner,
    new Map(themes.themes.map((t) => [t.key, t.label])),
    themes.threshold,
  );
  const lead = top[0];
  const themesSentence = !lead
    ? 'No friction themes in this window.'
    : `Top friction theme: ${lead.label}, mentioned by ${pct(lead.share)} of those who commented` +
      (lead.previous_share === null
        ? ` (not among the themes of the ${periodLabel}).`
        : ` (${pct(lead.previous_share)} in the ${periodLabel}).`);

  // Quotes: only what the themes report already cleared (groups ≥ k, redacted).
  const quotes: Array<{ theme: string; text: string }> = [];
  for (const t of themes.themes)
    for (const q of t.quotes ?? [])
      if (quotes.length < 6 && !quotes.some((x) => x.text === q)) quotes.push({ theme: t.label, text: q });

  // DORA ---------------------------------------------------------------------------------------
  const dora = doraFor(deps, null, w);
  const doraPrev = doraFor(deps, null, prev);
  const h = doraHeadline(dora),
    hp = doraHeadline(doraPrev);
  const doraTrend = trendPeriods(w).map((p) => ({ from: p.from, to: p.to, ...doraHeadline(doraFor(deps, null, p)) }));
  const teamTiers = teamTree(directoryRepo(deps.db).teams())
    .filter((t) => !t.isGroup)
    .map((t) => {
      const d = doraHeadline(doraFor(deps, t.key, w));
      return {
        key: t.key,
        name: t.name,
        tiers: d.tiers,
        deployments: d.deployments,
        lead_time_median_hours: d.lead_time_median_hours,
        change_failure_rate: d.change_failure_rate,
      };
    });
  const doraSentence =
    h.deployments === 0 && h.change_failure_total === 0
      ? 'No production deployments recorded in this window.'
      : `Median lead time ${hrs(h.lead_time_median_hours)} (was ${hrs(hp.lead_time_median_hours)}); change failure rate ${pct(h.change_failure_rate)} (was ${pct(hp.change_failure_rate)}); ${h.deployments} deployments (was ${hp.deployments}).`;

  // Cost ---------------------------------------------------------------------------------------
  const pc = value.platform_cost;
  const costPrev = costFigures(costFor(deps, null, prev));
  const costSentence =
    pc.total === null
      ? 'No platform cost data in this window.'
      : `Platform cost ${money(pc.total)} (was ${money(costPrev.total)}), of which ${money(pc.idle_cost)} idle` +
        (pc.total > 0 && pc.idle_cost !== null ? ` (${pct(pc.idle_cost / pc.total)})` : '') +
        (pc.cost_per_successful_deployment !== null
          ? `; ${money(pc.cost_per_successful_deployment)} per successful deployment.`
          : '.');

  const cap = value.capacity_lost;
  const capPrev = valueReport(deps, prev, { themes: prevThemes }).capacity_lost;
  const valueSentence =
    cap.cost === null
      ? 'No hours-lost answers from groups large enough to estimate capacity lost.'
      : `Friction costs an estimated ${money(cap.cost.estimate)} of capacity (${money(cap.cost.low)}–${money(cap.cost.high)}) over ${cap.weeks} weeks` +
        (capPrev.cost === null
          ? ` (no estimate for the ${periodLabel})`
          : ` (${money(capPrev.cost.estimate)} in the ${periodLabel})`) +
        ': capacity, not cash.';

  return {
    workspace: readSetting<string>(deps.db, 'workspace_name') ?? (deps.config.demo ? 'Acme Engineering' : 'Chorus'),
    survey,
    from: w.from,
    to: w.to,
    previous: { from: prev.from, to: prev.to },
    threshold: k,
    devex: {
      score,
      ci95: devexInterval(cur, dimensionOf),
      respondents: cur.suppressed ? null : cur.respondents,
      previous_score: prevScore,
      change:
        diff && score !== null && prevScore !== null
          ? {
              delta_points: r1(score - prevScore),
              pooled_ci95: [r1(diff.ci95[0] * 100), r1(diff.ci95[1] * 100)],
              significant,
            }
          : null,
      trend: devexTrend,
      sentence: devexSentence,
    },
    themes: {
      respondents_with_comments: themes.respondents_with_comments,
      top,
      sentence: themesSentence,
      basis: 'capacity cost per theme is an estimate',
      by_owner: ownership.lines,
      owner_sentence: ownership.sentence,
    },
    quotes,
    dora: {
      headline: h,
      previous: hp,
      tiers: dora.tiers ?? {},
      teams: teamTiers,
      trend: doraTrend,
      definitions: dora.definitions ?? {},
      sentence: doraSentence,
      /** The org against the chosen industry (DORA Quick Check). */
      benchmark: dora.benchmark,
    },
    cost: { ...pc, previous_total: costPrev.total, sentence: costSentence },
    value: { ...value, previous_capacity_cost: capPrev.cost, sentence: valueSentence },
    definitions: Object.fromEntries(
      definitionsFor([
        'devex_score',
        'devex_interval',
        'trend',
        'changes',
        'threshold',
        'capacity_lost',
        'attribution',
        'platform_cost',
      ]).map((d) => [d.key, d.text]),
    ),
  };
}

export type LeadershipReport = ReturnType<typeof leadershipReport>;

/** CSV rows: the headline of each section, then themes, team tiers and quotes. */
export function leadershipCsvRows(r: LeadershipReport) {
  const row = (section: string, key: string, value: string | number | null, note = '') => ({
    section,
    key,
    value,
    note,
  });
  return [
    row('devex', 'score', r.devex.score, r.devex.sentence),
    row('devex', 'respondents', r.devex.respondents),
    ...r.themes.by_owner.map((o) =>
      row(
        'owner',
        o.owner,
        o.share_of_mentions,
        `${o.label}; capacity cost estimate ${o.capacity_cost?.estimate ?? ''}`,
      ),
    ),
    ...r.themes.top.map((t) =>
      row('theme', t.key, t.share, `${t.label}; capacity cost estimate ${t.capacity_cost?.estimate ?? ''}`),
    ),
    row('dora', 'lead_time_median_hours', r.dora.headline.lead_time_median_hours, r.dora.sentence),
    row('dora', 'change_failure_rate', r.dora.headline.change_failure_rate),
    row('dora', 'deployments', r.dora.headline.deployments),
    ...r.dora.teams.flatMap((t) =>
      Object.entries(t.tiers)
        .filter(([, v]) => typeof v !== 'object')
        .map(([k, v]) => row('dora_tier', `${t.key}.${k}`, v as string)),
    ),
    row('cost', 'total', r.cost.total, r.cost.sentence),
    row('cost', 'idle_cost', r.cost.idle_cost),
    row('value', 'capacity_lost', r.value.capacity_lost.cost?.estimate ?? null, r.value.sentence),
    ...r.quotes.map((q, i) => row('quote', String(i + 1), q.text, q.theme)),
  ];
}
