import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { recordFriction } from '../../src/slack/friction.service.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';

const ANSWER_TABLES = ['responses', 'answers', 'friction_reports'];
let deps: Deps;
let srv: TestServer;
let api: ReturnType<typeof apiClient>;
const people = Array.from({ length: 5 }, (_, i) => ({
  email: `pseudo${i}@acme.example`,
  name: `Pseudo Person ${i}`,
  team: 'ps',
  slack_user_id: `U0PSEUDO${i}`,
}));

beforeAll(async () => {
  deps = makeDeps();
  srv = await startServer(deps, { rateLimits: false });
  api = apiClient(srv.base, tokenFor(deps, 'admin'));
  await api.post('/api/v1/teams', { key: 'ps', name: 'Pseudonyms' });
  await api.post('/api/v1/people', { people });
  const questions = [
    { key: 'ease', text: 'Easy?', type: 'likert5' },
    { key: 'note', text: 'Anything?', type: 'text' },
  ];
  expect((await api.post('/api/v1/surveys', { key: 'ps', name: 'Pulse', questions })).status).toBe(200);
  expect(
    (await api.post('/api/v1/surveys', { key: 'anon', name: 'Anonymous', fully_anonymous: true, questions })).status,
  ).toBe(200);
});
afterAll(() => srv.close());

/** Answers every way Chorus takes them: the web form, the import API and a Slack friction report. */
async function answerEverywhere() {
  const run = await api.post('/api/v1/surveys/ps/runs', { teams: ['ps'] });
  expect(run.status).toBe(201);
  const links = (await api.get(`/api/v1/runs/${run.json.run_id}/links`)).json as Array<{ email: string; url: string }>;
  for (const link of links.slice(0, 3)) {
    const path = new URL(link.url).pathname;
    const page = await fetch(srv.base + path);
    const cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
    const res = await fetch(srv.base + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, q_ease: '4', q_note: 'the form works' }).toString(),
    });
    expect(res.status).toBe(303);
  }
  const imported = await api.post('/api/v1/surveys/ps/responses', {
    responses: people.map((p, i) => ({
      respondent: p.email,
      team: 'ps',
      submitted_at: `2026-01-0${i + 1}T10:00:00Z`,
      answers: { ease: 3, note: 'imported' },
    })),
  });
  expect(imported.status).toBe(200);
  const anon = await api.post('/api/v1/surveys/anon/responses', {
    respondent: people[0].email,
    team: 'ps',
    submitted_at: '2026-01-02T10:00:00Z',
    answers: { ease: 5 },
  });
  expect(anon.status).toBe(200);
  recordFriction(deps, people[1].slack_user_id, { text: 'VPN drops every hour', source: 'slack_command' });
}

describe('respondents are stored only as keyed pseudonyms', () => {
  it('has no identity column in the answer tables', () => {
    for (const table of ANSWER_TABLES) {
      const columns = (deps.db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map(
        (c) => c.name,
      );
      expect(columns.length, table).toBeGreaterThan(0);
      expect(
        columns.filter((c) => /email|person|name|slack_user|user_id/i.test(c)),
        table,
      ).toEqual([]);
    }
  });

  it('stores pseudonyms (HMAC), never an e-mail, name, Slack id or person id, from every entry point', async () => {
    await answerEverywhere();
    const ids = (deps.db.prepare('SELECT id FROM people').all() as Array<{ id: number }>).map((r) => String(r.id));
    const identities = people.flatMap((p) => [p.email, p.name, p.slack_user_id]);
    let respondents = 0;
    for (const table of ANSWER_TABLES) {
      const rows = deps.db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>;
      expect(rows.length, table).toBeGreaterThan(0);
      for (const row of rows) {
        for (const value of Object.values(row)) {
          if (typeof value !== 'string') continue;
          for (const identity of identities)
            expect(value.toLowerCase(), `${table} holds ${identity}`).not.toContain(identity.toLowerCase());
        }
        if ('respondent' in row && row.respondent !== null) {
          respondents++;
          expect(row.respondent, `${table}.respondent`).toMatch(/^[0-9a-f]{64}$/);
          expect(ids).not.toContain(row.respondent);
        }
      }
    }
    expect(respondents).toBeGreaterThanOrEqual(9);
  });

  it('keeps one pseudonym per person (longitudinal analysis works) and none for a fully anonymous survey', () => {
    const anon = deps.db
      .prepare("SELECT r.respondent FROM responses r JOIN surveys s ON s.id = r.survey_id WHERE s.key = 'anon'")
      .all() as Array<{ respondent: string | null }>;
    expect(anon).toEqual([{ respondent: null }]);
    const perSurvey = deps.db
      .prepare(
        "SELECT count(DISTINCT r.respondent) AS n FROM responses r JOIN surveys s ON s.id = r.survey_id WHERE s.key = 'ps'",
      )
      .get() as { n: number };
    // Three form answers and five imports from the same five people: five pseudonyms, not eight.
    expect(perSurvey.n).toBe(5);
  });

  it('stores invitation and API tokens only as hashes', async () => {
    const token = tokenFor(deps, 'viewer');
    const tokenRows = deps.db.prepare('SELECT token_hash FROM api_tokens').all() as Array<{ token_hash: string }>;
    expect(tokenRows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
    expect(JSON.stringify(tokenRows)).not.toContain(token);
    const run = await api.post('/api/v1/surveys/ps/runs', { teams: ['ps'] });
    const links = (await api.get(`/api/v1/runs/${run.json.run_id}/links`)).json as Array<{ url: string }>;
    const linkTokens = links.map((l) => new URL(l.url).pathname.split('/').pop()!);
    const stored = JSON.stringify(deps.db.prepare('SELECT * FROM invitations').all());
    for (const t of linkTokens) expect(stored).not.toContain(t);
  });
});
