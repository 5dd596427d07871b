import { describe, expect, it } from 'vitest';
import { resultsByTeam, surveyResults } from '../../src/surveys/results.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { DEVEX_QUESTIONS, surveyFactory } from '../helpers/survey-factory.js';
import { apiClient, startServer, tokenFor } from '../helpers/server.js';
import { compare, compareQuestionsOnly, DAY, expectedHidden, generate, NOW, TEAMS } from './reference-computation.js';

/*
 * "Done when": a survey of 8 questions with ~1,700 responses over 26 weeks gives per-team results
 * equal (to 1e-9) to an independent computation of metrics.md (./reference-computation.ts).
 */

describe('results equal an independent computation of metrics.md', () => {
  const deps = makeDeps({ now: testClock(NOW).now });
  const f = surveyFactory(deps);
  f.teams(TEAMS);
  f.survey({ key: 'pulse', questions: DEVEX_QUESTIONS });
  const rows = generate();
  f.responses(rows);

  it('generates a survey of 8 questions with ~1,700 responses over 26 weeks', () => {
    expect(rows.length).toBeGreaterThan(1500);
    expect(rows.length).toBeLessThan(1900);
    const span =
      (Math.max(...rows.map((r) => Date.parse(r.submittedAt))) -
        Math.min(...rows.map((r) => Date.parse(r.submittedAt)))) /
      DAY;
    expect(span).toBeGreaterThan(25 * 7);
  });

  for (const [label, from, to] of [
    ['default 90 days', new Date(NOW).getTime() - 90 * DAY, new Date(NOW).getTime()],
    ['six weeks in the middle', Date.parse('2025-11-03T00:00:00Z'), Date.parse('2025-12-15T00:00:00Z')],
    // partial days at both edges (whole days come from answer_counts, the edges from answers)
    ['instants mid-day', Date.parse('2025-10-20T13:37:00Z'), Date.parse('2026-01-14T06:05:00Z')],
    ['less than a day', Date.parse('2026-01-14T06:00:00Z'), Date.parse('2026-01-14T23:00:00Z')],
  ] as const) {
    it(`per team, per parent and for the org (${label})`, () => {
      if (label === 'less than a day') {
        // too few respondents for most groups: only check the org figures where shown
        const one = surveyResults(deps, 'pulse', {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
        });
        if (!one.suppressed && one.respondents! > 0) compareQuestionsOnly(one, rows, null, from, to);
        return;
      }
      const opts = label.startsWith('default')
        ? {}
        : { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
      const hidden = expectedHidden(rows, from, to);
      const byTeam = resultsByTeam(deps, 'pulse', opts);
      for (const team of [null, ...TEAMS.map((t) => t.key)]) {
        const one = surveyResults(deps, 'pulse', { ...opts, team });
        if (team && hidden.has(team)) {
          expect(one.suppressed, team).toBe(true);
          expect(byTeam.get(team)!.suppressed, team).toBe(true);
          continue;
        }
        compare(one, rows, team, from, to);
        if (team) compare(byTeam.get(team)!, rows, team, from, to);
      }
    });
  }
});

describe('the same ~1,700 responses imported through POST /api/v1/surveys/:key/responses', () => {
  it('give the same per-team results (to 1e-9) as the independent computation', async () => {
    const deps = makeDeps({ now: testClock(NOW).now });
    const f = surveyFactory(deps);
    f.teams(TEAMS);
    f.survey({ key: 'pulse', questions: DEVEX_QUESTIONS });
    const rows = generate();
    const server = await startServer(deps);
    try {
      const api = apiClient(server.base, tokenFor(deps, 'admin'));
      const body = {
        responses: rows.map((r) => ({
          respondent: r.respondent,
          team: r.team,
          submitted_at: r.submittedAt,
          answers: r.answers,
        })),
      };
      const res = await api.post('/api/v1/surveys/pulse/responses', body);
      expect(res.status, res.text).toBe(200);
      expect(res.json.accepted).toBe(rows.length);
      const from = new Date(NOW).getTime() - 90 * DAY,
        to = new Date(NOW).getTime();
      const hidden = expectedHidden(rows, from, to);
      const viewer = apiClient(server.base, tokenFor(deps, 'viewer'));
      for (const team of [null, ...TEAMS.map((t) => t.key)]) {
        const r = await viewer.get(`/api/v1/surveys/pulse/results${team ? `?team=${team}` : ''}`);
        expect(r.status).toBe(200);
        if (team && hidden.has(team)) {
          expect(r.json.suppressed, team).toBe(true);
          continue;
        }
        compare(r.json, rows, team, from, to);
      }
    } finally {
      await server.close();
    }
  }, 60_000);
});
