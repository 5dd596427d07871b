import type { Db } from '../db/open.js';
import type { Team } from '../directory/directory.repo.js';
import { statusOf, suppressTree, type GroupStatus, type TreeGroup } from '../privacy/engine.js';
import { DIRECT, subtreesOf } from '../privacy/tree.js';
import { runsRepo, type Run } from './runs.repo.js';
import { runState, type RunStatus } from './runs.service.js';

/** Below this share of invitations answered, a run (or a window) is flagged. */
export const LOW_RATE = 0.6;

/**
 * One run's participation for a group (the org or a team's subtree): invitations and answers,
 * each person at most once per run. `answered`, `rate` and `not_answered` are null when the
 * group's answers to this run are hidden by the privacy rules (`suppressed`).
 */
export interface RunParticipation {
  id: string;
  opened_at: string;
  closes_at: string;
  status: RunStatus;
  invited: number;
  answered: number | null;
  rate: number | null;
  rate_low: boolean;
  /** Open runs only: invited − answered, how many have not answered yet (never who). */
  not_answered: number | null;
  suppressed: boolean;
  /** false for a cancelled run: it counts in no response rate. */
  counted: boolean;
  /** The closing time planned before an admin closed the run early or cancelled it. */
  planned_closes_at: string | null;
}

type Counts = Map<string, Map<number, number>>;

function byRunAndTeam(rows: Array<{ runId: string; teamId: number; n: number }>): Counts {
  const out: Counts = new Map();
  for (const r of rows) {
    let m = out.get(r.runId);
    if (!m) out.set(r.runId, (m = new Map<number, number>()));
    m.set(r.teamId, r.n);
  }
  return out;
}

const sumOver = (m: Map<number, number> | undefined, ids: readonly number[]) =>
  m ? ids.reduce((s, id) => s + (m.get(id) ?? 0), 0) : 0;

/**
 * Participation of these runs for any group, decided once per run with the same privacy rules as
 * results (metrics.md): the run's answers per team are judged from the org down (threshold k and
 * complementary suppression between siblings), so no team's count for a run can be worked out by
 * subtraction. A group's figures for a run are shown when its status is `shown`, or when nobody
 * answered and at least k were invited; otherwise answered, rate and not-answered are hidden.
 * Each run's status does not depend on the window, so no two pages disagree about it.
 */
export function runParticipation(db: Db, runs: readonly Run[], teams: readonly Team[], k: number, now: Date) {
  const repo = runsRepo(db);
  const ids = runs.map((r) => r.id);
  const invited = byRunAndTeam(ids.length ? repo.invitedByTeam(ids) : []);
  const answered = byRunAndTeam(ids.length ? repo.answeredByTeam(ids) : []);
  const subtree = subtreesOf(teams);
  const parents = new Set(teams.map((t) => t.parentId));
  const allIds = teams.map((t) => t.id);

  const decided = new Map<string, { org: GroupStatus; teams: Map<string, GroupStatus> }>();
  for (const run of runs) {
    const a = answered.get(run.id);
    const nodes: TreeGroup[] = teams.map((t) => ({
      key: t.key,
      parent: t.parentKey,
      respondents: sumOver(a, subtree.get(t.id) ?? [t.id]),
    }));
    for (const t of teams)
      if (parents.has(t.id)) nodes.push({ key: `${t.key}${DIRECT}`, parent: t.key, respondents: a?.get(t.id) ?? 0 });
    const total = sumOver(a, allIds);
    decided.set(run.id, { org: statusOf(total, k), teams: suppressTree(nodes, k, total) });
  }

  /**
   * The runs as `team` sees them (null = the org); runs that invited nobody in the group are left
   * out. `rateShown` is false when a window's rate over these runs must be hidden: any counted run
   * hidden for the group, since the rate minus the shown runs would give its count away (or, for a
   * run hidden to protect a sibling team, the sibling's).
   */
  return (team: Team | null): { runs: RunParticipation[]; rateShown: boolean } => {
    const scope = team ? (subtree.get(team.id) ?? [team.id]) : allIds;
    const out: RunParticipation[] = [];
    let hiddenRuns = 0;
    for (const run of runs) {
      const inv = sumOver(invited.get(run.id), scope);
      const ans = sumOver(answered.get(run.id), scope);
      if (team && inv === 0 && ans === 0) continue;
      const d = decided.get(run.id)!;
      const status = team ? (d.teams.get(team.key) ?? 'empty') : d.org;
      const shown = status === 'shown' || (status === 'empty' && inv >= k);
      const state = runState(run, now);
      const rate = shown && inv > 0 ? Math.min(1, ans / inv) : null;
      if (!shown && state !== 'cancelled') hiddenRuns++;
      out.push({
        id: run.id,
        opened_at: run.opensAt,
        closes_at: run.closesAt,
        status: state,
        invited: inv,
        answered: shown ? ans : null,
        rate,
        rate_low: rate !== null && state !== 'cancelled' && rate < LOW_RATE,
        not_answered: shown && state === 'open' ? Math.max(0, inv - ans) : null,
        suppressed: !shown,
        counted: state !== 'cancelled',
        planned_closes_at: run.lifecycle?.plannedClosesAt ?? null,
      });
    }
    return { runs: out, rateShown: hiddenRuns === 0 };
  };
}

/**
 * Brings the time-dependent fields of cached participation up to `now`: a run's status (open →
 * closed as its window passes) and how many have not answered yet, which only open runs show.
 */
export function refreshRunStates(runs: RunParticipation[] | undefined, now: Date): void {
  const t = now.toISOString();
  for (const r of runs ?? []) {
    if (!r.counted) continue;
    r.status = t < r.opened_at ? 'scheduled' : t >= r.closes_at ? 'closed' : 'open';
    r.not_answered = r.status === 'open' && r.answered !== null ? Math.max(0, r.invited - r.answered) : null;
  }
}
