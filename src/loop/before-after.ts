import type { Deps } from '../deps.js';
import { doraReport } from '../delivery/dora.service.js';
import { resolveTeamScope } from '../directory/directory.service.js';
import { wilsonInterval } from '../metrics/survey-stats.js';
import { commentThreshold, themesReport } from '../themes/themes.service.js';
import { loopRepo } from './loop.repo.js';
import { themeState } from './loop.service.js';

/** Length of each side of a before/after comparison. */
export const COMPARISON_DAYS = 90;
const DAY = 86_400_000;
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
  favorability: { question: string; before: Side; after: Side | null } | null;
  delivery: { metric: string; before: Side; after: Side | null; note?: string } | null;
}

type Window = { from: string; to: string };

function shareSide(deps: Deps, theme: string, team: string | undefined, w: Window): Side {
  const r = themesReport(deps, { team, ...w });
  const row = r.themes.find((t) => t.key === theme);
  const shown = !r.suppressed && row?.share !== null && row !== undefined;
  return {
    ...w,
    value: shown ? row!.share : null,
    ci95: shown ? row!.ci95 : null,
    n: r.respondents_with_comments,
    suppressed: r.suppressed,
  };
}

function favorabilitySide(deps: Deps, question: string, teamIds: number[] | null, k: number, w: Window): Side {
  const f = loopRepo(deps.db).favorability(question, w.from, w.to, teamIds);
  if (f.respondents < k) return { ...w, value: null, ci95: null, n: null, suppressed: f.respondents > 0 };
  const ci = wilsonInterval(f.favorable ?? 0, f.n);
  return {
    ...w,
    value: round((f.favorable ?? 0) / f.n),
    ci95: ci ? [round(ci[0]), round(ci[1])] : null,
    n: f.n,
    suppressed: false,
  };
}

/** Reads one figure from a DORA report (pinned shape): rates get a Wilson interval. */
function metricSide(report: Record<string, any>, metric: string, w: Window): Side {
  const side = (
    value: number | null | undefined,
    n: number | null | undefined,
    ci: [number, number] | null = null,
  ): Side => ({ ...w, value: value ?? null, ci95: ci, n: n ?? null, suppressed: false });
  switch (metric) {
    case 'lead_time_hours':
      return side(report.lead_time_hours?.median, report.lead_time_hours?.n);
    case 'time_to_restore_hours':
      return side(report.time_to_restore_hours?.median, report.time_to_restore_hours?.n);
    case 'deployment_frequency':
      return side(report.deployment_frequency?.per_week, report.deployment_frequency?.deployments);
    case 'change_failure_rate': {
      const c = report.change_failure_rate ?? {};
      const ci = typeof c.total === 'number' ? wilsonInterval(c.failed ?? 0, c.total) : null;
      return side(c.rate, c.total, ci ? [round(ci[0]), round(ci[1])] : null);
    }
    default:
      return side(null, null);
  }
}

function deliverySides(deps: Deps, metric: string, team: string | undefined, before: Window, after: Window | null) {
  const run = (w: Window) =>
    metricSide(doraReport(deps, { team, from: w.from, to: w.to }) as unknown as Record<string, any>, metric, w);
  try {
    return { metric, before: run(before), after: after ? run(after) : null };
  } catch (err) {
    // The theme page stays up when the delivery report fails; the failure is logged, not hidden.
    deps.log.error({ module: 'loop', err }, 'delivery report failed for before/after');
    const none = (w: Window): Side => ({ ...w, value: null, ci95: null, n: null, suppressed: false });
    return { metric, before: none(before), after: after ? none(after) : null, note: 'delivery report unavailable' };
  }
}

/**
 * Before/after for a shipped theme: its share, the linked question's favorability and the linked
 * delivery metric over the 90 days before vs after the ship date (after ends now at the latest),
 * each with its interval and n, groups below the threshold suppressed. null unless shipped.
 */
export function beforeAfter(deps: Deps, themeKey: string, team?: string): BeforeAfter | null {
  const state = themeState(deps, themeKey);
  if (state.status !== 'shipped' || !state.shipped_at) return null;
  const scope = resolveTeamScope(deps, team ?? null);
  const k = commentThreshold(deps);
  const ship = new Date(state.shipped_at).getTime();
  const now = deps.now().getTime();
  const before = { from: new Date(ship - COMPARISON_DAYS * DAY).toISOString(), to: state.shipped_at };
  const after =
    now > ship
      ? { from: state.shipped_at, to: new Date(Math.min(now, ship + COMPARISON_DAYS * DAY)).toISOString() }
      : null;
  const teamIds = scope.team ? scope.teamIds : null;
  return {
    theme: themeKey,
    shipped_at: state.shipped_at,
    share: {
      before: shareSide(deps, themeKey, team, before),
      after: after ? shareSide(deps, themeKey, team, after) : null,
    },
    favorability: state.question_key
      ? {
          question: state.question_key,
          before: favorabilitySide(deps, state.question_key, teamIds, k, before),
          after: after ? favorabilitySide(deps, state.question_key, teamIds, k, after) : null,
        }
      : null,
    delivery: state.metric_key ? deliverySides(deps, state.metric_key, team, before, after) : null,
  };
}
