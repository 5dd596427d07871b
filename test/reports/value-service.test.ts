import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { surveyFactory } from '../helpers/survey-factory.js';

// Window of 70 days = 10 weeks.
const NOW = '2026-03-01T00:00:00.000Z';
const WINDOW = 'from=2025-12-21&to=2026-03-01';

describe('GET /api/v1/value', () => {
  let deps: Deps;
  let server: TestServer;
  let viewer: ReturnType<typeof apiClient>;
  let admin: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    deps = makeDeps({ now: () => new Date(NOW) });
    const f = surveyFactory(deps);
    // small sits in a group with a filler team, so hiding small's sibling (complementary suppression)
    // never touches big: big stays the one team the value model may use.
    f.teams([{ key: 'big' }, { key: 'grp' }, { key: 'small', parent: 'grp' }, { key: 'filler', parent: 'grp' }]);
    f.people('big', 5);
    f.people('small', 3);
    f.survey({
      key: 'pulse',
      questions: [
        { key: 'hours_lost', type: 'hours_lost', dimension: 'friction' },
        { key: 'other_hours', type: 'hours_lost' },
        { key: 'q', type: 'likert5' },
      ],
    });
    ['1-2', '2-4', '2-4', '4-8', '8+'].forEach((h, i) =>
      f.response({
        survey: 'pulse',
        team: 'big',
        respondent: `b${i}`,
        submittedAt: '2026-01-10T00:00:00Z',
        answers: { hours_lost: h, other_hours: '0' },
      }),
    );
    // Three respondents: below the threshold, so their (large) answers must not count.
    [0, 1, 2].forEach((i) =>
      f.response({
        survey: 'pulse',
        team: 'small',
        respondent: `s${i}`,
        submittedAt: '2026-01-10T00:00:00Z',
        answers: { hours_lost: '8+' },
      }),
    );
    // Five filler respondents (not in the directory): hidden as small's sibling, so they never count either.
    [0, 1, 2, 3, 4].forEach((i) =>
      f.response({
        survey: 'pulse',
        team: 'filler',
        respondent: `f${i}`,
        submittedAt: '2026-01-10T00:00:00Z',
        answers: { hours_lost: '0' },
      }),
    );
    server = await startServer(deps);
    viewer = apiClient(server.base, tokenFor(deps, 'viewer'));
    admin = apiClient(server.base, tokenFor(deps, 'admin'));
  });
  afterAll(() => server.close());

  it('computes capacity lost from groups at or above the threshold only', async () => {
    const res = await viewer.get(`/api/v1/value?${WINDOW}`);
    expect(res.status).toBe(200);
    const v = res.json;
    expect(v.label).toBe('capacity, not cash');
    // big: 1.5, 3, 3, 6, 10 → median 3, p25 (h = 1) 3, p75 (h = 3) 6. small excluded.
    expect(v.capacity_lost.hours_per_developer_week).toEqual({ median: 3, p25: 3, p75: 6 });
    expect(v.inputs).toMatchObject({ answers: 5, respondents: 5, teams_included: 1, active_developers: 8 });
    // 3 h × 8 developers × 10 weeks = 240 h; × $100 = $24,000; band 240–480 h.
    expect(v.capacity_lost.weeks).toBe(10);
    expect(v.capacity_lost.hours).toEqual({ estimate: 240, low: 240, high: 480 });
    expect(v.capacity_lost.cost).toEqual({ estimate: 24000, low: 24000, high: 48000 });
    expect(v.assumptions).toMatchObject({ hourly_cost: 100, weeks: null, weeks_used: 10, question: 'hours_lost' });
    expect(v.by_team.map((t: any) => t.team)).toEqual(['big']);
    expect(v.attribution.basis).toBe('estimate');
    expect(v.platform_cost).toHaveProperty('idle_cost');
  });

  it('uses edited assumptions and validates them', async () => {
    expect(
      (await viewer.put('/api/v1/value/assumptions', { hourly_cost: 80, weeks: 46, question: 'hours_lost' })).status,
    ).toBe(403);
    expect((await apiClient(server.base).put('/api/v1/value/assumptions', { hourly_cost: 80 })).status).toBe(401);
    const bad = await admin.put('/api/v1/value/assumptions', { hourly_cost: -3, question: 'hours_lost' });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details[0].field).toBe('hourly_cost');
    const wrongType = await admin.put('/api/v1/value/assumptions', { hourly_cost: 80, question: 'q' });
    expect(wrongType.status).toBe(422);
    expect(wrongType.json.error.details[0].field).toBe('question');
    const ok = await admin.put('/api/v1/value/assumptions', { hourly_cost: 80, weeks: 46, question: 'hours_lost' });
    expect(ok.status).toBe(200);
    expect(ok.json.assumptions).toMatchObject({ hourly_cost: 80, weeks: 46 });
    const v = (await viewer.get(`/api/v1/value?${WINDOW}`)).json;
    // 3 × 8 × 46 = 1,104 h; × $80 = $88,320.
    expect(v.capacity_lost.hours.estimate).toBe(1104);
    expect(v.capacity_lost.cost).toEqual({ estimate: 88320, low: 88320, high: 176640 });
    const other = await admin.put('/api/v1/value/assumptions', { hourly_cost: 80, weeks: '', question: 'other_hours' });
    expect(other.status).toBe(200);
    expect((await viewer.get(`/api/v1/value?${WINDOW}`)).json.capacity_lost.hours.estimate).toBe(0);
  });

  it('exports CSV with the assumptions', async () => {
    const csv = await viewer.get(`/api/v1/value?${WINDOW}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.text.split('\n')[0]).toBe('section,key,label,unit,estimate,low,high,basis');
    expect(csv.text).toMatch(/assumption,hourly_cost,hourly_cost,,80/);
    expect(csv.text).toContain('capacity, not cash');
  });
});
