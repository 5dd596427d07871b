import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { SMALL_SURVEY, seedOrg, tokenOf } from './fixtures.js';
import { sha256 } from '../../src/auth/crypto.js';

const clock = testClock('2026-03-02T10:00:00.000Z');
let deps: Deps;
let srv: TestServer;
let admin: ReturnType<typeof apiClient>;
let viewer: ReturnType<typeof apiClient>;

beforeAll(async () => {
  deps = makeDeps({ now: clock.now, env: { CHORUS_BASE_URL: 'https://chorus.acme.example/' } });
  seedOrg(deps);
  srv = await startServer(deps);
  admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
});
afterAll(() => srv.close());

describe('POST /api/v1/surveys (survey as code)', () => {
  it('creates, then upserts by key; changed wording makes a new question version', async () => {
    const created = await admin.post('/api/v1/surveys', {
      ...SMALL_SURVEY,
      cadence: '0 10 * * 1',
      timezone: 'Europe/Berlin',
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(created.json.surveys[0]).toMatchObject({
      key: 'mini',
      cadence: '0 10 * * 1',
      timezone: 'Europe/Berlin',
      anonymity_threshold: 5,
    });

    const reworded = {
      ...SMALL_SURVEY,
      questions: [
        { ...SMALL_SURVEY.questions[0], text: 'Builds and tests are fast' },
        ...SMALL_SURVEY.questions.slice(1),
      ],
    };
    const again = await admin.post('/api/v1/surveys', reworded);
    expect(again.json).toMatchObject({ accepted: 1, duplicates: 1 });
    const def = (await viewer.get('/api/v1/surveys/mini')).json;
    expect(def.cadence).toBe('0 10 * * 1'); // left out → kept
    expect(def.questions[0]).toMatchObject({ key: 'build_and_test', version: 2, text: 'Builds and tests are fast' });
    expect(def.questions[1]).toMatchObject({ key: 'recommend', version: 1 });
    // Going back to the first wording reuses version 1 instead of minting a third.
    await admin.post('/api/v1/surveys', SMALL_SURVEY);
    expect((await viewer.get('/api/v1/surveys/mini')).json.questions[0].version).toBe(1);
  });

  it('answers 422 naming the field for a bad cron, time zone, threshold, reminders or audience', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ cadence: '61 * * * *' }, 'cadence'],
      [{ cadence: 'every monday' }, 'cadence'],
      [{ timezone: 'Mars/Olympus_Mons' }, 'timezone'],
      [{ anonymity_threshold: 2 }, 'anonymity_threshold'],
      [{ reminders: [24, 48, 72] }, 'reminders'],
      [{ open_days: 2, reminders: [72] }, 'reminders'],
      [{ audience: ['nope'] }, 'audience'],
      [{ questions: [{ key: 'c', text: 'Pick', type: 'choice', options: ['only'] }] }, 'questions.0.options'],
    ];
    for (const [patch, field] of cases) {
      const res = await admin.post('/api/v1/surveys', { ...SMALL_SURVEY, key: 'bad', ...patch });
      expect(res.status, JSON.stringify(patch)).toBe(422);
      expect(res.json.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await viewer.get('/api/v1/surveys/bad')).status).toBe(404);
  });

  it('needs an admin token', async () => {
    expect((await viewer.post('/api/v1/surveys', SMALL_SURVEY)).status).toBe(403);
    expect((await apiClient(srv.base).post('/api/v1/surveys', SMALL_SURVEY)).status).toBe(401);
  });
});

describe('runs and links', () => {
  it('opens a run for the audience with one invitation per active person (subtrees included)', async () => {
    const res = await admin.post('/api/v1/surveys/mini/runs', { teams: ['eng'] });
    expect(res.status).toBe(201);
    expect(Object.keys(res.json).sort()).toEqual(['invited', 'run_id']);
    expect(res.json.invited).toBe(8); // 5 active in payments + 3 in checkout; the inactive one and ops are left out

    const everyone = await admin.post('/api/v1/surveys/mini/runs', {});
    expect(everyone.json.invited).toBe(10);

    const links = await admin.get(`/api/v1/runs/${res.json.run_id}/links`);
    expect(links.status).toBe(200);
    expect(links.json).toHaveLength(8);
    for (const link of links.json) {
      expect(Object.keys(link).sort()).toEqual(['email', 'url']);
      expect(link.url).toMatch(/^https:\/\/chorus\.acme\.example\/s\/[A-Za-z0-9_-]{43}$/);
    }
    // Links are stable (derivable again) and only their hash is stored.
    expect((await admin.get(`/api/v1/runs/${res.json.run_id}/links`)).json).toEqual(links.json);
    const token = tokenOf(links.json[0].url);
    const stored = deps.db.prepare('SELECT token_hash FROM invitations WHERE token_hash = ?').get(sha256(token));
    expect(stored).toBeDefined();
    expect(JSON.stringify(deps.db.prepare('SELECT * FROM invitations').all())).not.toContain(token);
  });

  it('opens a run for explicit teams and window; rejects unknown teams and reversed windows', async () => {
    const res = await admin.post('/api/v1/surveys/mini/runs', {
      teams: ['ops'],
      opens_at: '2026-03-02T12:00:00Z',
      closes_at: '2026-03-04T12:00:00Z',
    });
    expect(res.json.invited).toBe(2);
    const run = deps.db.prepare('SELECT opens_at, closes_at, teams FROM runs WHERE id = ?').get(res.json.run_id);
    expect(run).toEqual({
      opens_at: '2026-03-02T12:00:00.000Z',
      closes_at: '2026-03-04T12:00:00.000Z',
      teams: '["ops"]',
    });

    const unknown = await admin.post('/api/v1/surveys/mini/runs', { teams: ['nope'] });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.details[0].field).toBe('teams');
    const reversed = await admin.post('/api/v1/surveys/mini/runs', {
      opens_at: '2026-03-05T00:00:00Z',
      closes_at: '2026-03-04T00:00:00Z',
    });
    expect(reversed.status).toBe(422);
    expect(reversed.json.error.details[0].field).toBe('closes_at');
    expect((await admin.post('/api/v1/surveys/nope/runs', {})).status).toBe(404);
  });

  it('keeps links admin-only: 403 for viewer and ingest tokens, 401 without a token', async () => {
    const { run_id } = (await admin.post('/api/v1/surveys/mini/runs', {})).json;
    expect((await viewer.get(`/api/v1/runs/${run_id}/links`)).status).toBe(403);
    expect((await apiClient(srv.base, tokenFor(deps, 'ingest')).get(`/api/v1/runs/${run_id}/links`)).status).toBe(403);
    expect((await apiClient(srv.base).get(`/api/v1/runs/${run_id}/links`)).status).toBe(401);
    expect((await viewer.post('/api/v1/surveys/mini/runs', {})).status).toBe(403);
    expect((await admin.get('/api/v1/runs/run_nope/links')).status).toBe(404);
  });

  it('lists runs with response counts hidden under the threshold', async () => {
    const res = await viewer.get('/api/v1/surveys/mini/runs');
    expect(res.status).toBe(200);
    expect(res.json.runs.length).toBeGreaterThanOrEqual(4);
    const everyone = res.json.runs.find((r: { invited: number }) => r.invited === 10);
    expect(everyone).toMatchObject({ responses: 0, suppressed: false });
    // Sent to 2 people: not even "0" is shown, or the list would tell who did not answer.
    const small = res.json.runs.find((r: { invited: number }) => r.invited === 2);
    expect(small).toMatchObject({ responses: null, suppressed: true });
    const csv = await viewer.get('/api/v1/surveys/mini/runs?format=csv');
    expect(csv.text.split('\n')[0]).toContain('invited');
  });
});

describe('links as CSV', () => {
  it('exports the personal links of a run as CSV for mail merges', async () => {
    const { run_id } = (await admin.post('/api/v1/surveys/mini/runs', { teams: ['ops'] })).json;
    const csv = await admin.get(`/api/v1/runs/${run_id}/links?format=csv`);
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('email,url');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^ops0@acme\.example,https:\/\/chorus\.acme\.example\/s\//);
  });
});
