import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { surveyDrivers, type DriversReport } from '../../surveys/drivers.service.js';

/** The key-drivers block of the team, org and leadership pages (views/partials/reports/drivers.hbs). */
export interface DriversView {
  shown: boolean;
  /** Why nothing is shown (hidden group, too few pairs, no outcome question). */
  reason: string | null;
  outcome: string | null;
  outcomeText: string | null;
  n: number | null;
  sentence: string | null;
  rows: Array<DriversReport['drivers'][number] & { label: string }>;
  chart: {
    points: Array<{ label: string; x: number; y: number; focus: boolean }>;
    medians: { x: number | null; y: number | null };
  } | null;
  /** The JSON route and its CSV, with the page's scope. */
  href: string;
  csvHref: string;
  /** The id of the chart's data element (several blocks can share a page). */
  id: string;
}

/** "build_and_test" → "Build and test": short enough for a sentence and a chart label. */
const questionLabel = (key: string): string => {
  const words = key.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const joinNames = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/**
 * The page's one sentence about the drivers, worded as association: up to two "fix these first"
 * items (strongest ρ first); without one, the strongest item and that none is both strong and low.
 */
function driversSentence(r: DriversReport): string | null {
  if (r.suppressed) return null;
  const outcome = `how people answer “${r.outcome_text}”`;
  const shown = r.drivers.filter((d) => !d.suppressed && d.rho !== null);
  if (!shown.length) return null;
  const focus = shown.filter((d) => d.focus).slice(0, 2);
  if (focus.length) {
    const names = focus.map((d, i) => (i === 0 ? questionLabel(d.question) : questionLabel(d.question).toLowerCase()));
    const verb = focus.length === 1 ? 'is' : 'are';
    return (
      `${joinNames(names)} ${verb} among the items most strongly associated with ${outcome}, and among the lowest ` +
      'scoring: the place to look first. An association in the same answers, not proof of cause.'
    );
  }
  return (
    `${questionLabel(shown[0].question)} is the item most strongly associated with ${outcome}; no item is both more ` +
    'strongly associated than the median and less favorable than the median. An association, not proof of cause.'
  );
}

/**
 * Key drivers of a survey's default outcome for a team (or the org) in a window, ready for the
 * page: a hidden group, a survey without the outcome or without answers becomes a reason, never
 * an error page.
 */
export function driversView(
  deps: Deps,
  survey: string,
  scope: { team: string | null; from: string; to: string },
  id = 'drivers',
): DriversView {
  const q = new URLSearchParams({ ...(scope.team ? { team: scope.team } : {}), from: scope.from, to: scope.to });
  const href = `/api/v1/surveys/${encodeURIComponent(survey)}/drivers?${q.toString()}`;
  const base = { href, csvHref: `${href}&format=csv`, id };
  let r: DriversReport;
  try {
    r = surveyDrivers(deps, survey, scope);
  } catch (err) {
    if (!(err instanceof AppError) || (err.status !== 404 && err.status !== 422)) throw err;
    const reason =
      err.status === 404
        ? `There is no survey “${survey}” yet.`
        : `No outcome question: ${err.details[0]?.message ?? err.message}.`;
    return {
      ...base,
      shown: false,
      reason,
      outcome: null,
      outcomeText: null,
      n: null,
      sentence: null,
      rows: [],
      chart: null,
    };
  }
  const rows = r.drivers.map((d) => ({ ...d, label: questionLabel(d.question) }));
  const plotted = rows.filter((d) => !d.suppressed && d.rho !== null && d.favorable !== null);
  return {
    ...base,
    shown: !r.suppressed,
    reason: r.suppressed ? (r.reason ?? 'Hidden.') : null,
    outcome: r.outcome,
    outcomeText: r.outcome_text,
    n: r.n,
    sentence: driversSentence(r),
    rows: r.suppressed ? [] : rows,
    chart: r.suppressed
      ? null
      : {
          points: plotted.map((d) => ({ label: d.label, x: d.favorable! * 100, y: d.rho!, focus: d.focus })),
          medians: {
            x: r.medians.favorable === null ? null : r.medians.favorable * 100,
            y: r.medians.rho,
          },
        },
  };
}
