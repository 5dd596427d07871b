import type { Deps } from '../deps.js';
import { doraReport, type DoraReport } from '../delivery/dora.service.js';
import { wilsonInterval } from '../metrics/survey-stats.js';
import { surveyResults } from '../surveys/results.service.js';
import { themesReport } from '../themes/themes.service.js';
import { themeState } from './loop.service.js';
import { shipWeek, type LinkableMetric } from './loop.schema.js';
import { WEEK_MS } from '../units.js';

/** Whole UTC weeks on each side of a before/after comparison (about 90 days). */
const COMPARISON_WEEKS = 13;
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** One side of a comparison: a proportion with its interval, or suppressed. */
export interface Side {
  from: string;
  to: string;
  value: number | null;
  ci95: [number, number] | null;
  n: number | null;
  suppressed: boolean;
}

export interface BeforeAfter {
  theme: string;
  shipped_at: string;
  share: { before: Side; after: Side | null };
  favorability: { survey: string; question: string; before: Side; after: Side | null } | null;
  delivery: { metric: LinkableMetric; before: Side; after: Side | null; note?: string } | null;
}

type Window = { from: string; to: string };

const hidden = (w: Window, suppressed: boolean): Side => ({ ...w, value: null, ci95: null, n: null, suppressed });

/** The theme's share of commenters: the themes report of that window, under its privacy rules. */
function shareSide(deps: Deps, theme: string, team: string | undefined, w: Window): Side {
  const r = themesReport(deps, { team, ...w });
  const row = r.themes.find((t) => t.key === theme);
  if (r.suppressed) return hidden(w, true);
  // The group is shown; a theme under k shows no share, only the group's n.
  const shown = row !== undefined && row.share !== null;
  return {
    ...w,
    value: shown ? row.share : null,
    ci95: shown ? row.ci95 : null,
    n: r.respondents_with_comments,
    suppressed: false,
  };
}

/**
 * Favorability of one question of the theme's survey: read from that survey's results for the
 * window, so the side follows every rule a results page follows (k, complementary suppression,
 * whole weeks for people). Every wording of the question counts, as on the loop's form.
 */
function favorabilitySide(deps: Deps, survey: string, question: string, team: string | undefined, w: Window): Side {
  const r = surveyResults(deps, survey, { team, from: w.from, to: w.to });
  if (r.suppressed) return hidden(w, true);
  let n = 0;
  let favorable = 0;
  for (const q of r.questions) {
    if (q.key !== question || q.type !== 'likert5') continue;
    n += q.n;
    favorable += (q.distribution['4'] ?? 0) + (q.distribution['5'] ?? 0);
  }
  if (n === 0) return hidden(w, false);
  const ci = wilsonInterval(favorable, n);
  return { ...w, value: round(favorable / n), ci95: ci ? [round(ci[0]), round(ci[1])] : null, n, suppressed: false };
}

/** Reads one figure from a DORA report: rates get a Wilson interval. */
function metricSide(report: DoraReport, metric: LinkableMetric, w: Window): Side {
  const side = (value: number | null, n: number | null, ci: [number, number] | null = null): Side => ({
    ...w,
    value,
    ci95: ci,
    n,
    suppressed: false,
  });
  switch (metric) {
    case 'lead_time_hours':
      return side(report.lead_time_hours.median, report.lead_time_hours.n);
    case 'time_to_restore_hours':
      return side(report.time_to_restore_hours.median, report.time_to_restore_hours.n);
    case 'deployment_frequency':
      return side(report.deployment_frequency.per_week, report.deployment_frequency.deployments);
    case 'change_failure_rate': {
      const c = report.change_failure_rate;
      const ci = wilsonInterval(c.failed, c.total);
      return side(c.rate, c.total, ci ? [round(ci[0]), round(ci[1])] : null);
    }
  }
}

function deliverySides(
  deps: Deps,
  metric: LinkableMetric,
  team: string | undefined,
  before: Window,
  after: Window | null,
): NonNullable<BeforeAfter['delivery']> {
  const run = (w: Window) => metricSide(doraReport(deps, { team, from: w.from, to: w.to }), metric, w);
  try {
    return { metric, before: run(before), after: after ? run(after) : null };
  } catch (err) {
    // The theme page stays up when the delivery report fails; the failure is logged, not hidden.
    deps.log.error({ module: 'loop', err }, 'delivery report failed for before/after');
    const none = (w: Window): Side => hidden(w, false);
    return { metric, before: none(before), after: after ? none(after) : null, note: 'delivery report unavailable' };
  }
}

/**
 * Before/after for a shipped theme: its share, the linked question's favorability (in the theme's
 * survey) and the linked delivery metric over the 13 whole UTC weeks before vs after the ship
 * week (after ends with the current week at the latest), each with its interval and n, under the
 * same privacy rules as every report. null unless shipped.
 */
export function beforeAfter(deps: Deps, themeKey: string, team?: string): BeforeAfter | null {
  const state = themeState(deps, themeKey);
  if (state.status !== 'shipped' || !state.shipped_at) return null;
  const ship = Date.parse(shipWeek(state.shipped_at));
  const now = deps.now().getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const before = { from: iso(ship - COMPARISON_WEEKS * WEEK_MS), to: iso(ship) };
  // The current week counts as a whole week, as it does in every report people see.
  const thisWeekEnd = Date.parse(shipWeek(new Date(now))) + WEEK_MS;
  const after =
    now > ship ? { from: iso(ship), to: iso(Math.min(thisWeekEnd, ship + COMPARISON_WEEKS * WEEK_MS)) } : null;
  return {
    theme: themeKey,
    shipped_at: iso(ship),
    share: {
      before: shareSide(deps, themeKey, team, before),
      after: after ? shareSide(deps, themeKey, team, after) : null,
    },
    favorability:
      state.question_key && state.survey_key
        ? {
            survey: state.survey_key,
            question: state.question_key,
            before: favorabilitySide(deps, state.survey_key, state.question_key, team, before),
            after: after ? favorabilitySide(deps, state.survey_key, state.question_key, team, after) : null,
          }
        : null,
    delivery: state.metric_key ? deliverySides(deps, state.metric_key, team, before, after) : null,
  };
}
