import { describe, expect, it } from 'vitest';
import { makeDeps } from '../helpers/deps.js';
import { surveyFactory } from '../helpers/survey-factory.js';

// answer_counts (migration 0006) is kept by triggers; it must always equal a GROUP BY over answers.
describe('answer_counts stays equal to the answers it summarises', () => {
  it('through inserts, moved responses, replaced answers, updates and cascaded deletes', () => {
    const deps = makeDeps();
    const f = surveyFactory(deps);
    f.teams([{ key: 'a' }, { key: 'b' }]);
    f.survey({
      key: 's',
      questions: [
        { key: 'l', type: 'likert5' },
        { key: 'c', type: 'choice', options: ['x', 'y'] },
        { key: 't', type: 'text' },
        { key: 'h', type: 'hours_lost' },
      ],
    });
    const ids = Array.from({ length: 20 }, (_, i) =>
      f.response({
        survey: 's',
        team: i % 2 ? 'a' : 'b',
        respondent: `p${i}`,
        submittedAt: `2026-02-${10 + (i % 5)}T10:00:00Z`,
        answers: { l: i % 7 === 0 ? null : 1 + (i % 5), c: i % 3 ? 'x' : 'y', t: 'hello', h: '2-4' },
      }),
    );
    const db = deps.db;
    // every answer is counted in its day bucket and in its week bucket (the Monday)
    const raw = () =>
      db
        .prepare(
          `SELECT r.survey_id, r.team_id, g.p || CASE g.p WHEN 'd' THEN substr(r.submitted_at, 1, 10)
           ELSE date(substr(r.submitted_at, 1, 10), 'weekday 0', '-6 days') END AS d, a.question_id,
         CASE WHEN a.value_num IS NOT NULL THEN 0 WHEN a.value_text IS NULL THEN 1 WHEN q.type = 'choice' THEN 3 ELSE 2 END AS k,
         COALESCE(a.value_num, -1) AS v,
         CASE WHEN a.value_num IS NULL AND a.value_text IS NOT NULL AND q.type = 'choice' THEN a.value_text ELSE '' END AS ch, COUNT(*) AS n
       FROM answers a JOIN responses r ON r.id = a.response_id JOIN questions q ON q.id = a.question_id
         CROSS JOIN (SELECT 'd' AS p UNION ALL SELECT 'w') g
       GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`,
        )
        .all();
    const kept = () =>
      db
        .prepare(
          `SELECT survey_id, team_id, bucket AS d, question_id, kind AS k, value_num AS v, choice AS ch, count AS n
       FROM answer_counts WHERE count <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7`,
        )
        .all();
    expect(kept()).toEqual(raw());
    expect(raw().length).toBeGreaterThan(20);
    // 2026-02-10 (a Tuesday) is in the week of Monday 2026-02-09
    expect(kept().some((r) => (r as { d: string }).d === 'w2026-02-09')).toBe(true);
    // a resubmission moves the response to another team and day, then replaces its answers
    db.prepare(
      `UPDATE responses SET team_id = (SELECT id FROM teams WHERE key = 'a'), submitted_at = '2026-03-01T00:00:00.000Z' WHERE id = ?`,
    ).run(ids[0]);
    expect(kept()).toEqual(raw());
    db.prepare('DELETE FROM answers WHERE response_id = ?').run(ids[0]);
    db.prepare(
      'INSERT INTO answers (response_id, question_id, value_num, value_text) SELECT ?, id, 5, NULL FROM questions WHERE key = ?',
    ).run(ids[0], 'l');
    expect(kept()).toEqual(raw());
    db.prepare('UPDATE answers SET value_num = 1 WHERE response_id = ? AND value_num IS NOT NULL').run(ids[2]);
    expect(kept()).toEqual(raw());
    db.prepare('DELETE FROM responses WHERE id = ?').run(ids[3]);
    expect(kept()).toEqual(raw());
    db.prepare(`DELETE FROM surveys WHERE key = 's'`).run();
    expect(kept()).toEqual([]);
  });
});
