import { describe, expect, it } from 'vitest';
import { upsertPeople, upsertTeams } from '../../src/directory/directory.service.js';
import { DEMO_TEAMS, demoPeople } from '../../src/demo/org.js';
import { seededRandom } from '../../src/demo/seed.js';
import { seedSurveys } from '../../src/demo/surveys.js';
import { makeDeps } from '../helpers/deps.js';

const TODAY = new Date('2026-03-04T12:00:00.000Z'); // a Wednesday

function seeded() {
  const deps = makeDeps({ now: () => TODAY });
  upsertTeams(deps, { teams: DEMO_TEAMS });
  upsertPeople(deps, { people: demoPeople() });
  const started = performance.now();
  seedSurveys({ deps, random: seededRandom(20260301), today: TODAY });
  return { deps, ms: performance.now() - started };
}

describe('demo survey history', () => {
  const { deps, ms } = seeded();
  const all = <T>(sql: string, ...params: unknown[]) => deps.db.prepare(sql).all(...params) as T[];

  it('has 14 biweekly pulse runs over 26 weeks, the last one open, seeded quickly', () => {
    const runs = all<{ opens_at: string; closes_at: string }>('SELECT opens_at, closes_at FROM runs ORDER BY opens_at');
    expect(runs).toHaveLength(14);
    expect((Date.parse(runs[13].opens_at) - Date.parse(runs[0].opens_at)) / 86_400_000).toBe(182);
    expect(runs[13].closes_at > TODAY.toISOString()).toBe(true);
    expect(ms).toBeLessThan(10_000);
  });

  it('has 60–75 % response per closed run with invitations marked', () => {
    const rates = all<{ invited: number; responded: number; responses: number }>(
      `SELECT COUNT(*) AS invited, SUM(i.responded) AS responded,
         (SELECT COUNT(*) FROM responses x WHERE x.run_id = r.id) AS responses
       FROM runs r JOIN invitations i ON i.run_id = r.id WHERE r.closes_at <= ? GROUP BY r.id`,
      TODAY.toISOString(),
    );
    for (const r of rates) {
      expect(r.responded).toBe(r.responses);
      expect(r.responses / r.invited).toBeGreaterThan(0.55);
      expect(r.responses / r.invited).toBeLessThan(0.8);
    }
    const overall = rates.reduce((s, r) => s + r.responses, 0) / rates.reduce((s, r) => s + r.invited, 0);
    expect(overall).toBeGreaterThan(0.6);
    expect(overall).toBeLessThan(0.75);
  });

  it('tells each team story in scores and comments', () => {
    const mean = (team: string, key: string) =>
      (
        deps.db
          .prepare(
            `SELECT AVG(a.value_num) AS m FROM answers a JOIN questions q ON q.id = a.question_id JOIN responses r ON r.id = a.response_id
         JOIN teams t ON t.id = r.team_id WHERE t.key = ? AND q.key = ?`,
          )
          .get(team, key) as { m: number }
      ).m;
    expect(mean('payments', 'build_and_test')).toBeLessThan(2.9);
    expect(mean('growth', 'build_and_test')).toBeGreaterThan(3.6);
    expect(mean('checkout', 'code_review')).toBeLessThan(2.9);
    expect(mean('search', 'code_review')).toBeGreaterThan(3.3);
    const comments = (team: string) =>
      all<{ t: string }>(
        `SELECT a.value_text AS t FROM answers a JOIN questions q ON q.id = a.question_id JOIN responses r ON r.id = a.response_id
         JOIN teams tm ON tm.id = r.team_id WHERE q.key = 'friction' AND tm.key = ?`,
        team,
      )
        .map((r) => r.t)
        .join('\n');
    expect(comments('payments')).toMatch(/flaky/i);
    expect(comments('payments')).toMatch(/rerun the pipeline/i);
    expect(comments('checkout')).toMatch(/waiting for review/i);
    expect(comments('search')).toMatch(/docs are outdated/i);
    expect(comments('platform')).toMatch(/staging is broken/i);
    expect(comments('mobile')).toMatch(/release process/i);
    expect(comments('data')).toMatch(/another team/i);
    const emerging = all<{ n: number }>(`SELECT COUNT(*) AS n FROM answers WHERE value_text LIKE '%code assistant%'`)[0]
      .n;
    expect(emerging).toBeGreaterThanOrEqual(7);
    // No comment stores a person: responses carry pseudonyms only.
    expect(JSON.stringify(all('SELECT * FROM responses LIMIT 50'))).not.toContain('@acme.example');
  });

  it('shows the recent improvement in search docs', () => {
    const byRun = all<{ opens_at: string; m: number }>(
      `SELECT ru.opens_at, AVG(a.value_num) AS m FROM answers a JOIN questions q ON q.id = a.question_id
       JOIN responses r ON r.id = a.response_id JOIN runs ru ON ru.id = r.run_id JOIN teams t ON t.id = r.team_id
       WHERE t.key = 'search' AND q.key = 'docs_findable' GROUP BY ru.id ORDER BY ru.opens_at`,
    );
    const early = byRun.slice(0, 8).reduce((s, r) => s + r.m, 0) / 8;
    const late = byRun.slice(-3).reduce((s, r) => s + r.m, 0) / 3;
    expect(late - early).toBeGreaterThan(0.8);
  });
});
