import { syncCommentTags } from '../../src/themes/taxonomy.service.js';
import type { Deps } from '../../src/deps.js';
import { hmac } from '../../src/auth/crypto.js';
import { DEVEX_QUESTIONS, surveyFactory } from '../helpers/survey-factory.js';

/** The audit clock: every window below ends before it. */
export const AUDIT_NOW = '2026-03-28T00:00:00.000Z';

/** Three adjacent periods (each [from, to)). */
export const PERIODS = {
  p1: { from: '2026-01-05', to: '2026-01-26' },
  p2: { from: '2026-02-02', to: '2026-02-23' },
  p3: { from: '2026-03-02', to: '2026-03-23' },
};

/**
 * Teams (distinct respondents per period p1 / p2 / p3):
 *   grp ─┬ big1  8 / 8 / 8
 *        ├ big2  6 / 6 / 6
 *        └ tiny  4 / 4 / 4     ← always under k = 5
 *   solo         5 / 3 / 5     ← p2 alone under k; p1+p2 has 5 distinct: p2 must not be p1∪p2 − p1
 *   pair ─┬ pa   5 / 5 / 5
 *         └ pb   6 / 6 / 6
 * Every comment carries a canary naming its team and period, so any leak of text is visible.
 */
export const TEAM_SIZES: Record<string, number> = { big1: 8, big2: 6, tiny: 4, solo: 5, pa: 5, pb: 6 };
export const PARENTS: Record<string, string | null> = {
  grp: null,
  big1: 'grp',
  big2: 'grp',
  tiny: 'grp',
  solo: null,
  pair: null,
  pa: 'pair',
  pb: 'pair',
};

/** Who answered in which period, by team: person indexes into the team. */
function answering(team: string, period: keyof typeof PERIODS): number[] {
  const all = Array.from({ length: TEAM_SIZES[team] }, (_, i) => i);
  if (team === 'solo' && period === 'p2') return [0, 1, 2];
  return all;
}

/** The canary text of a team's comments in a period. */
export const canary = (team: string, period: string) =>
  `CANARY${team.toUpperCase()}${period.toUpperCase()} flaky tests and slow ci builds again`;

/** Ground truth: distinct respondents of a set of teams over a set of periods. */
export function truthRespondents(teams: string[], periods: Array<keyof typeof PERIODS>): number {
  const ids = new Set<string>();
  for (const t of teams) for (const p of periods) for (const i of answering(t, p)) ids.add(`${t}/${i}`);
  return ids.size;
}

/** Builds the audit data set with the shared survey factory (survey "pulse", k = 5). */
export function buildPrivacyAuditData(deps: Deps): void {
  const f = surveyFactory(deps);
  f.teams(Object.entries(PARENTS).map(([key, parent]) => ({ key, name: `Team ${key}`, parent })));
  const people = new Map(Object.keys(TEAM_SIZES).map((t) => [t, f.people(t, TEAM_SIZES[t])]));
  f.survey({ key: 'pulse', name: 'Pulse', threshold: 5, questions: DEVEX_QUESTIONS });
  const insertFriction = deps.db.prepare(
    'INSERT INTO friction_reports (team_id, respondent, text, category, source, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const [period, w] of Object.entries(PERIODS) as Array<[keyof typeof PERIODS, { from: string; to: string }]>) {
    for (const team of Object.keys(TEAM_SIZES)) {
      for (const i of answering(team, period)) {
        const personId = people.get(team)![i];
        const respondent = hmac(deps.keys.pseudonym, `person:${personId}`);
        // Each period starts on a Monday and its answers fall on its first weekdays (one UTC week).
        const day = new Date(new Date(`${w.from}T10:00:00Z`).getTime() + (i % 5) * 86_400_000).toISOString();
        const v = ((i + period.length + team.length) % 5) + 1;
        f.response({
          survey: 'pulse',
          team,
          respondent,
          submittedAt: day,
          answers: {
            build_and_test: v,
            code_review: ((v + 1) % 5) + 1,
            codebase: v,
            deep_work: ((v + 2) % 5) + 1,
            release: v,
            recommend: (v * 2) % 11,
            hours_lost: '2-4',
            friction: canary(team, period),
          },
        });
        insertFriction.run(f.teamId(team), respondent, `${canary(team, period)} FRICTION`, null, 'slack_command', day);
      }
    }
  }
  // Friction reports are tagged with the themes when written, as recordFriction does.
  syncCommentTags(deps);
}
