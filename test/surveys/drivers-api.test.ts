import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { DEVEX_QUESTIONS, surveyFactory, type FactoryAnswer } from '../helpers/survey-factory.js';
import { referenceInterval, referenceSpearman, seeded } from './drivers-reference.js';

/**
 * Key drivers on a generated org: every ρ, interval, n and favorability equals an independent
 * computation (tie-corrected rank-difference Spearman, written-out Fisher z) to 1e-6; privacy
 * (k, complementary, < 30 pairs), outcome choice and validation, CSV, and people's weekly windows.
 */

let deps: Deps;
let server: TestServer;
let token: string;

const LIKERT = ['build_and_test', 'code_review', 'codebase', 'deep_work', 'release'];
interface Stored {
  team: string;
  answers: Record<string, FactoryAnswer>;
}
const stored: Stored[] = [];
/** Per item: base, slope on the respondent's mood (0–1) and noise width — build_and_test scores low and tracks the outcome. */
const SHAPE: Record<string, [number, number, number]> = {
  build_and_test: [0.6, 3.6, 1],
  code_review: [1.5, 2.5, 2],
  codebase: [2, 2, 2],
  deep_work: [3, 0, 3],
  release: [3.6, 1.2, 1.5],
};

beforeAll(async () => {
  deps = makeDeps({ now: testClock('2026-03-02T10:00:00Z').now });
  const f = surveyFactory(deps);
  f.teams([
    { key: 'eng' },
    { key: 'payments', parent: 'eng' },
    { key: 'checkout', parent: 'eng' },
    { key: 'search', parent: 'eng' },
    { key: 'security', parent: 'eng' },
    { key: 'web' },
  ]);
  f.survey({ key: 'pulse', name: 'Pulse', questions: DEVEX_QUESTIONS });
  f.survey({
    key: 'sat',
    questions: [
      { key: 'sat_build', type: 'likert5', dimension: 'feedback_loops' },
      { key: 'tools_satisfaction', type: 'likert5', dimension: 'satisfaction' },
    ],
  });
  f.survey({ key: 'plain', questions: [{ key: 'plain_item', type: 'likert5', dimension: 'flow_state' }] });
  const rand = seeded(2026);
  // Team sizes: security is under k (5) so payments, the next smallest sibling, is hidden with it;
  // web has 12 people answering once: shown, but no item reaches 30 paired answers.
  const sizes: Record<string, number> = { payments: 40, checkout: 55, search: 45, security: 3, web: 12 };
  const runs = ['2026-02-03T10:00:00Z', '2026-02-17T15:00:00Z'];
  for (const [team, size] of Object.entries(sizes)) {
    for (let i = 0; i < size; i++) {
      for (const [r, at] of runs.entries()) {
        if (team === 'web' && r === 1) continue;
        const mood = rand();
        const answers: Record<string, FactoryAnswer> = {};
        LIKERT.forEach((key) => {
          const roll = rand();
          if (key === 'codebase' && roll < 0.9) return; // mostly skipped: under 30 pairs in every team
          if (roll < 0.06)
            answers[key] = null; // not applicable
          else if (roll < 0.1)
            return; // skipped
          else {
            const [base, slope, noise] = SHAPE[key];
            answers[key] = Math.max(1, Math.min(5, Math.round(base + mood * slope + (rand() - 0.5) * noise)));
          }
        });
        if (rand() > 0.05) answers.recommend = Math.max(0, Math.min(10, Math.round(mood * 10 + (rand() - 0.5) * 4)));
        answers.hours_lost = '2-4';
        answers.friction = `words ${team} ${i}`;
        f.response({ survey: 'pulse', team, respondent: `${team}-${i}`, submittedAt: at, answers });
        stored.push({ team, answers });
      }
    }
  }
  for (let i = 0; i < 40; i++)
    f.response({
      survey: 'sat',
      team: 'checkout',
      respondent: `s${i}`,
      submittedAt: '2026-02-10T10:00:00Z',
      answers: { sat_build: 1 + (i % 5), tools_satisfaction: 1 + ((i * 7) % 5) },
    });
  server = await startServer(deps);
  token = tokenFor(deps, 'viewer');
});
afterAll(async () => {
  await server.close();
});

const WINDOW = 'from=2026-01-05&to=2026-03-02';
const get = (path: string) => apiClient(server.base, token).get(path);

/** The drivers a reference computation expects for responses of `teams`, outcome `outcome`. */
function expected(teams: string[], outcome: string) {
  const rows = stored.filter((s) => teams.includes(s.team));
  const num = (v: FactoryAnswer | undefined) => (typeof v === 'number' ? v : null);
  const items = [...LIKERT, 'recommend'].filter((k) => k !== outcome);
  const n = rows.filter((r) => num(r.answers[outcome]) !== null).length;
  const drivers = items.map((key) => {
    const both = rows.filter((r) => num(r.answers[key]) !== null && num(r.answers[outcome]) !== null);
    const xs = both.map((r) => num(r.answers[key])!),
      ys = both.map((r) => num(r.answers[outcome])!);
    const given = rows.map((r) => num(r.answers[key])).filter((v): v is number => v !== null);
    const cut = key === 'recommend' ? 9 : 4;
    const favorable = given.length ? given.filter((v) => v >= cut).length / given.length : null;
    const rho = both.length >= 30 ? referenceSpearman(xs, ys) : null;
    return {
      question: key,
      n: both.length,
      rho,
      ci95: rho === null ? null : referenceInterval(rho, both.length),
      favorable,
    };
  });
  return { n, drivers };
}

function expectMatches(body: any, teams: string[], outcome: string) {
  const want = expected(teams, outcome);
  expect(body.outcome).toBe(outcome);
  expect(body.n).toBe(want.n);
  expect(body.drivers).toHaveLength(want.drivers.length);
  const got = new Map<string, any>(body.drivers.map((d: any) => [d.question, d]));
  for (const w of want.drivers) {
    const d = got.get(w.question);
    expect(d, w.question).toBeDefined();
    expect(d.n, w.question).toBe(w.n);
    expect(Math.abs(d.favorable - w.favorable!), w.question).toBeLessThan(1e-6);
    if (w.rho === null) {
      expect(d.suppressed, w.question).toBe(true);
      expect(d.rho).toBeNull();
      expect(d.ci95).toBeNull();
    } else {
      expect(d.suppressed, w.question).toBe(false);
      expect(Math.abs(d.rho - w.rho), w.question).toBeLessThan(1e-6);
      expect(Math.abs(d.ci95[0] - w.ci95![0]), w.question).toBeLessThan(1e-6);
      expect(Math.abs(d.ci95[1] - w.ci95![1]), w.question).toBeLessThan(1e-6);
    }
  }
  // focus: below-median favorability and above-median ρ among the shown drivers.
  const shown = want.drivers.filter((w) => w.rho !== null);
  const median = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const mf = median(shown.map((w) => w.favorable!)),
    mr = median(shown.map((w) => w.rho!));
  for (const w of want.drivers)
    expect(got.get(w.question).focus, w.question).toBe(w.rho !== null && w.favorable! < mf && w.rho > mr);
}

describe('GET /api/v1/surveys/:key/drivers', () => {
  it('answers the pinned shape for the org; every ρ and interval equals the reference to 1e-6', async () => {
    const res = await get(`/api/v1/surveys/pulse/drivers?${WINDOW}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ survey: 'pulse', team: null, outcome: 'recommend', suppressed: false });
    expect(res.json.outcome_source).toBe('default');
    expectMatches(res.json, ['payments', 'checkout', 'search', 'security', 'web'], 'recommend');
    // codebase is mostly skipped: under 30 paired answers, so no ρ, with the reason.
    const codebase = res.json.drivers.find((d: any) => d.question === 'codebase');
    expect(codebase).toMatchObject({ suppressed: true, rho: null });
    expect(codebase.reason).toMatch(/fewer than 30 paired answers/);
    expect(res.json.drivers.some((d: any) => d.focus)).toBe(true);
  });

  it('covers a team subtree and equals the reference for it', async () => {
    const res = await get(`/api/v1/surveys/pulse/drivers?team=checkout&${WINDOW}`);
    expect(res.status).toBe(200);
    expect(res.json.respondents).toBe(55);
    expectMatches(res.json, ['checkout'], 'recommend');
    const search = await get(`/api/v1/surveys/pulse/drivers?team=search&${WINDOW}`);
    expectMatches(search.json, ['search'], 'recommend');
  });

  it('takes a chosen outcome; the 0–10 item then is a driver with its promoters share as favorability', async () => {
    const res = await get(`/api/v1/surveys/pulse/drivers?${WINDOW}&outcome=build_and_test`);
    expect(res.status).toBe(200);
    expect(res.json.outcome_source).toBe('chosen');
    expectMatches(res.json, ['payments', 'checkout', 'search', 'security', 'web'], 'build_and_test');
    expect(res.json.drivers.map((d: any) => d.question)).toContain('recommend');
  });

  it('hides a group under k and the sibling that would give it away, with the reason', async () => {
    const small = await get(`/api/v1/surveys/pulse/drivers?team=security&${WINDOW}`);
    expect(small.status).toBe(200);
    expect(small.json).toMatchObject({
      suppressed: true,
      suppressed_reason: 'below_threshold',
      n: null,
      respondents: null,
      drivers: [],
    });
    expect(small.json.reason).toMatch(/fewer than 5 respondents/);
    const sibling = await get(`/api/v1/surveys/pulse/drivers?team=payments&${WINDOW}`);
    expect(sibling.json).toMatchObject({ suppressed: true, suppressed_reason: 'complementary', drivers: [] });
    expect(sibling.json.medians).toEqual({ favorable: null, rho: null });
  });

  it('suppresses the whole answer when no item reaches 30 paired answers', async () => {
    const res = await get(`/api/v1/surveys/pulse/drivers?team=web&${WINDOW}`);
    expect(res.json.suppressed).toBe(true);
    expect(res.json.suppressed_reason).toBe('too_few_pairs');
    expect(res.json.reason).toMatch(/30/);
    expect(res.json.drivers.every((d: any) => d.suppressed && d.rho === null)).toBe(true);
  });

  it('refuses an unknown or unsuitable outcome with a 422 naming outcome', async () => {
    for (const outcome of ['nope', 'friction', 'hours_lost']) {
      const res = await get(`/api/v1/surveys/pulse/drivers?${WINDOW}&outcome=${outcome}`);
      expect(res.status, outcome).toBe(422);
      expect(res.json.error.code).toBe('validation_failed');
      expect(res.json.error.details[0].field).toBe('outcome');
    }
    const twice = await get(`/api/v1/surveys/pulse/drivers?outcome=recommend&outcome=release`);
    expect(twice.status).toBe(422);
    expect(twice.json.error.details[0].field).toBe('outcome');
  });

  it('defaults to a satisfaction question without a 0–10 one, and asks for outcome when there is neither', async () => {
    const sat = await get(`/api/v1/surveys/sat/drivers?${WINDOW}`);
    expect(sat.status).toBe(200);
    expect(sat.json.outcome).toBe('tools_satisfaction');
    const plain = await get(`/api/v1/surveys/plain/drivers?${WINDOW}`);
    expect(plain.status).toBe(422);
    expect(plain.json.error.details[0].field).toBe('outcome');
  });

  it('answers 404 for an unknown survey, 422 naming team for an unknown team, 401 without a token', async () => {
    expect((await get('/api/v1/surveys/nope/drivers')).status).toBe(404);
    const team = await get('/api/v1/surveys/pulse/drivers?team=nope');
    expect(team.status).toBe(422);
    expect(team.json.error.details[0].field).toBe('team');
    expect((await apiClient(server.base).get('/api/v1/surveys/pulse/drivers')).status).toBe(401);
  });

  it('exports CSV: one row per driver, a hidden group one row saying why', async () => {
    const csv = await get(`/api/v1/surveys/pulse/drivers?${WINDOW}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/question.*rho.*ci95_low.*ci95_high.*pairs.*favorable.*focus/);
    expect(lines).toHaveLength(1 + 5);
    const hidden = await get(`/api/v1/surveys/pulse/drivers?team=security&${WINDOW}&format=csv`);
    expect(hidden.text).toMatch(/fewer than 5 respondents/);
    expect(hidden.text).not.toMatch(/build_and_test/);
  });

  it('gives people whole weeks: a session sees the same figures over the weeks the window covers', async () => {
    const viewer = await loginSession(server.base, deps, 'viewer');
    const res = await viewer.get(`/api/v1/surveys/pulse/drivers?team=checkout&from=2026-01-07&to=2026-03-01`);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expect(body.period_privacy).toMatchObject({ mode: 'weekly' });
    expect(body.from).toBe('2026-01-12T00:00:00.000Z');
    expectMatches(body, ['checkout'], 'recommend');
  });
});
