import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open.js';
import { writeSetting } from '../../src/settings/settings.repo.js';
import { resultsByTeam, surveyResults } from '../../src/surveys/results.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { surveyFactory } from '../helpers/survey-factory.js';

const clock = testClock('2026-03-02T10:00:00Z');

function seed(deps: ReturnType<typeof makeDeps>) {
  const f = surveyFactory(deps);
  f.teams([{ key: 'a' }, { key: 'b' }]);
  f.survey({ key: 'pulse', questions: [{ key: 'q', type: 'likert5', dimension: 'flow_state' }] });
  for (let i = 0; i < 6; i++)
    f.response({
      survey: 'pulse',
      team: 'a',
      respondent: `a${i}`,
      submittedAt: '2026-02-20T10:00:00Z',
      answers: { q: 4 },
    });
  return f;
}

describe('results cache', () => {
  it('is invalidated by every write that changes a result, and hands out copies', () => {
    const deps = makeDeps({ now: clock.now });
    const f = seed(deps);
    const first = surveyResults(deps, 'pulse', { team: 'a' });
    expect(first.respondents).toBe(6);
    first.questions.length = 0; // a caller mutating its copy changes nothing cached
    expect(surveyResults(deps, 'pulse', { team: 'a' }).questions).toHaveLength(1);
    f.response({
      survey: 'pulse',
      team: 'a',
      respondent: 'a6',
      submittedAt: '2026-02-21T10:00:00Z',
      answers: { q: 1 },
    });
    const second = surveyResults(deps, 'pulse', { team: 'a' });
    expect(second.respondents).toBe(7);
    expect(second.questions[0].favorable).toBeCloseTo(6 / 7, 12);
    expect(resultsByTeam(deps, 'pulse').get('a')!.respondents).toBe(7);
    // the org-wide threshold setting applies at once
    writeSetting(deps.db, 'anonymity_threshold', 8, clock.now());
    expect(surveyResults(deps, 'pulse', { team: 'a' })).toMatchObject({ suppressed: true, threshold: 8 });
    expect(resultsByTeam(deps, 'pulse').get('a')!.suppressed).toBe(true);
    // an answer changed in place
    writeSetting(deps.db, 'anonymity_threshold', 5, clock.now());
    deps.db.prepare('UPDATE answers SET value_num = 1').run();
    expect(surveyResults(deps, 'pulse', { team: 'a' }).questions[0].favorable).toBe(0);
  });

  it('sees writes committed by another connection (e.g. a CLI import)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'chorus-results-')), 'db.sqlite');
    const deps = makeDeps({ now: clock.now });
    deps.db.close();
    deps.db = openDatabase(path);
    migrate(deps.db);
    seed(deps);
    expect(surveyResults(deps, 'pulse', { team: 'a' }).respondents).toBe(6);
    const other = openDatabase(path);
    const survey = other.prepare(`SELECT id FROM surveys WHERE key = 'pulse'`).pluck().get();
    const team = other.prepare(`SELECT id FROM teams WHERE key = 'a'`).pluck().get();
    other
      .prepare(
        `INSERT INTO responses (survey_id, respondent, team_id, submitted_at, source, created_at, updated_at)
      VALUES (?, 'x', ?, '2026-02-22T10:00:00.000Z', 'import', '2026-02-22T10:00:00.000Z', '2026-02-22T10:00:00.000Z')`,
      )
      .run(survey, team);
    other.close();
    expect(surveyResults(deps, 'pulse', { team: 'a' }).respondents).toBe(7);
    deps.db.close();
  });
});
