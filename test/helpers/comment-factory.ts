import type { Deps } from '../../src/deps.js';
import { syncCommentTags } from '../../src/themes/taxonomy.service.js';
import { upsertPeople, upsertTeams } from '../../src/directory/directory.service.js';

/** Builds an org and free-text comments straight into the tables (survey answers and friction reports). */
export function commentFactory(deps: Deps) {
  const db = deps.db;
  const now = '2026-01-01T00:00:00.000Z';
  const teamId = (key: string) => db.prepare('SELECT id FROM teams WHERE key = ?').pluck().get(key) as number;
  let surveyId = db.prepare('SELECT id FROM surveys WHERE key = ?').pluck().get('pulse') as number | undefined;
  if (!surveyId) {
    surveyId = Number(
      db
        .prepare(`INSERT INTO surveys (key, name, created_at, updated_at) VALUES ('pulse', 'Pulse', ?, ?)`)
        .run(now, now).lastInsertRowid,
    );
  }
  const question = (key: string, type: string, dimension: string | null = null): number => {
    const existing = db.prepare('SELECT id FROM questions WHERE key = ?').pluck().get(key) as number | undefined;
    if (existing) return existing;
    const id = Number(
      db
        .prepare(`INSERT INTO questions (key, text, type, dimension, created_at) VALUES (?, ?, ?, ?, ?)`)
        .run(key, `Question ${key}`, type, dimension, now).lastInsertRowid,
    );
    // Part of the pulse, as a real survey's questions are (results and before/after read them so).
    db.prepare(
      `INSERT OR IGNORE INTO survey_questions (survey_id, question_id, position)
       VALUES (?, ?, (SELECT COUNT(*) FROM survey_questions WHERE survey_id = ?))`,
    ).run(surveyId, id, surveyId);
    return id;
  };
  const commentQ = question('friction_comment', 'text', 'friction');
  const insertResponse =
    db.prepare(`INSERT INTO responses (survey_id, respondent, team_id, submitted_at, source, created_at, updated_at)
    VALUES (?, ?, ?, ?, 'import', ?, ?)`);
  const insertAnswer = db.prepare(
    'INSERT INTO answers (response_id, question_id, value_num, value_text) VALUES (?, ?, ?, ?)',
  );

  return {
    /** Teams (key, parent) and `size` people per team named from the list given. */
    org(teams: Array<{ key: string; parent?: string | null; people?: string[] }>) {
      upsertTeams(deps, { teams: teams.map((t) => ({ key: t.key, name: t.key, parent: t.parent ?? null })) });
      const people = teams.flatMap((t) =>
        (t.people ?? []).map((name, i) => ({ email: `${t.key}${i}@x.example`, name, team: t.key })),
      );
      if (people.length) upsertPeople(deps, { people });
    },
    /** One survey response with a free-text comment (and optional likert answers by question key). */
    comment(team: string, respondent: string | null, text: string, at: string, likert: Record<string, number> = {}) {
      const id = Number(insertResponse.run(surveyId, respondent, teamId(team), at, at, at).lastInsertRowid);
      insertAnswer.run(id, commentQ, null, text);
      for (const [key, value] of Object.entries(likert)) insertAnswer.run(id, question(key, 'likert5'), value, null);
      // Tagged with the themes when written, as submitResponse and the import do.
      syncCommentTags(deps);
      return id;
    },
    /** A likert-only response. */
    likert(team: string, respondent: string, at: string, answers: Record<string, number>) {
      const id = Number(insertResponse.run(surveyId, respondent, teamId(team), at, at, at).lastInsertRowid);
      for (const [key, value] of Object.entries(answers)) insertAnswer.run(id, question(key, 'likert5'), value, null);
      return id;
    },
    /** A friction report (Slack / web). */
    report(team: string, respondent: string | null, text: string, at: string) {
      const id = Number(
        db
          .prepare(
            `INSERT INTO friction_reports (team_id, respondent, text, source, created_at) VALUES (?, ?, ?, 'web', ?)`,
          )
          .run(teamId(team), respondent, text, at).lastInsertRowid,
      );
      // Tagged when written, as recordFriction does.
      syncCommentTags(deps);
      return id;
    },
  };
}

/** Varied natural wording per planted theme, for generated orgs. */
export const PLANTED = {
  flaky_ci: [
    'CI is red again because of flaky tests, I rerun the pipeline twice a day',
    'The e2e suite is so flaky that nobody trusts a red build anymore',
    'Had to hit retry on the build three times before it went green',
    'Our integration tests fail randomly and the pipeline takes 40 minutes',
    'Flakiness in the test suite eats my mornings',
    'Rerunning CI until it passes is my main job some days',
    'Tests pass locally but fail in CI for no reason',
    'Intermittent test failures block merges constantly',
  ],
  slow_reviews: [
    'PRs sit for days waiting for a review',
    'Code reviews take forever, my pull requests wait a week',
    'Waiting on approvals from codeowners slows everything down',
    'Nobody reviews my changes until I ping people three times',
    'The review queue is huge and reviewers are overloaded',
    'Getting a PR reviewed takes longer than writing it',
    'Slow reviews kill momentum, small pull requests still wait days',
    'I spend more time waiting for review than coding',
  ],
  stale_docs: [
    'The docs are outdated and half the runbooks are wrong',
    "Couldn't find the docs for the billing API, had to ask around",
    'Documentation is stale, the README still describes the old setup',
    'Nothing is written down, it is all tribal knowledge',
    'The wiki is out of date and confluence search is useless',
    'Undocumented services make every change a guessing game',
    'No docs for the internal APIs, so I read the source instead',
    'Our runbook for deploys is missing steps',
  ],
};
