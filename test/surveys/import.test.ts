import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { Deps } from '../../src/deps.js';
import { directoryRepo } from '../../src/directory/directory.repo.js';
import { respondentPseudonym } from '../../src/privacy/pseudonym.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { seedOrg, seedSmallSurvey } from './fixtures.js';

let deps: Deps;
let srv: TestServer;
let admin: ReturnType<typeof apiClient>;

const count = (table: string) => (deps.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

const history = [
  {
    respondent: 'pay0@acme.example',
    team: 'payments',
    submitted_at: '2025-09-01T09:00:00Z',
    answers: { build_and_test: 2, recommend: 6, hours_lost: '4-8', friction: 'flaky tests' },
  },
  {
    respondent: 'ext-42',
    team: 'payments',
    submitted_at: '2025-09-01T09:05:00+02:00',
    answers: { build_and_test: null, recommend: 10 },
  },
  {
    id: 'legacy-7',
    respondent: 'someone@else.example',
    team: 'checkout',
    submitted_at: '2025-09-02T09:00:00Z',
    answers: { build_and_test: 5 },
  },
];

beforeAll(async () => {
  deps = makeDeps();
  seedOrg(deps);
  seedSmallSurvey(deps);
  srv = await startServer(deps);
  admin = apiClient(srv.base, tokenFor(deps, 'admin'));
});
afterAll(() => srv.close());

describe('POST /api/v1/surveys/:key/responses', () => {
  it('imports history; a known e-mail gets the same pseudonym as the form; re-import changes nothing', async () => {
    const res = await admin.post('/api/v1/surveys/mini/responses', { responses: history });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ accepted: 3, duplicates: 0 });
    expect(count('responses')).toBe(3);
    expect(count('answers')).toBe(7);

    const person = directoryRepo(deps.db).personByEmail('pay0@acme.example')!;
    const row = deps.db
      .prepare('SELECT respondent, team_id, submitted_at, source, run_id FROM responses ORDER BY id LIMIT 1')
      .get() as Record<string, unknown>;
    expect(row).toMatchObject({
      respondent: respondentPseudonym(deps.keys.pseudonym, person.id),
      submitted_at: '2025-09-01T09:00:00.000Z',
      source: 'import',
      run_id: null,
    });
    const offsetRow = deps.db.prepare('SELECT submitted_at FROM responses WHERE id = 2').get();
    expect(offsetRow).toEqual({ submitted_at: '2025-09-01T07:05:00.000Z' });
    expect(JSON.stringify(deps.db.prepare('SELECT * FROM responses').all())).not.toMatch(
      /acme\.example|else\.example|ext-42/,
    );

    const before = JSON.stringify(deps.db.prepare('SELECT * FROM responses').all());
    const again = await admin.post('/api/v1/surveys/mini/responses', { responses: history });
    expect(again.json).toEqual({ accepted: 3, duplicates: 3 });
    expect(count('responses')).toBe(3);
    expect(JSON.stringify(deps.db.prepare('SELECT * FROM responses').all())).toBe(before);

    // Same id, changed answer: stored once, updated.
    const changed = await admin.post('/api/v1/surveys/mini/responses', {
      ...history[2],
      answers: { build_and_test: 1 },
    });
    expect(changed.json).toEqual({ accepted: 1, duplicates: 1 });
    expect(count('responses')).toBe(3);
    expect(
      deps.db
        .prepare(
          "SELECT value_num FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.external_id = 'legacy-7'",
        )
        .get(),
    ).toEqual({ value_num: 1 });
  });

  it('rejects the whole batch when one item is bad, naming index and field', async () => {
    const before = count('responses');
    const bad = [
      { respondent: 'new1', team: 'payments', submitted_at: '2025-10-01T09:00:00Z', answers: { build_and_test: 4 } },
      {
        respondent: 'new2',
        team: 'payments',
        submitted_at: '2025-10-01T09:00:00Z',
        answers: { build_and_test: 9, hours_lost: '3' },
      },
      { respondent: 'new3', team: 'payments', submitted_at: 'yesterday', answers: {} },
      {
        respondent: 'new4',
        team: 'payments',
        submitted_at: '2025-10-01T09:00:00Z',
        answers: { nope: 1, friction: 'x'.repeat(2001) },
      },
    ];
    const res = await admin.post('/api/v1/surveys/mini/responses', { responses: bad });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ index: 2, field: 'submitted_at' })]),
    );
    expect(count('responses')).toBe(before);

    const answersOnly = await admin.post('/api/v1/surveys/mini/responses', { responses: [bad[0], bad[1], bad[3]] });
    expect(answersOnly.status).toBe(422);
    expect(answersOnly.json.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, field: 'answers.build_and_test' }),
        expect.objectContaining({ index: 1, field: 'answers.hours_lost' }),
        expect.objectContaining({ index: 2, field: 'answers.nope' }),
        expect.objectContaining({ index: 2, field: 'answers.friction' }),
      ]),
    );
    expect(count('responses')).toBe(before);
  });

  it('rejects an unknown team with 422 naming team; an unknown survey is 404; a viewer gets 403', async () => {
    const res = await admin.post('/api/v1/surveys/mini/responses', { ...history[0], team: 'nope' });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0]).toMatchObject({ index: 0, field: 'team' });
    expect((await admin.post('/api/v1/surveys/nope/responses', history[0])).status).toBe(404);
    expect(
      (await apiClient(srv.base, tokenFor(deps, 'viewer')).post('/api/v1/surveys/mini/responses', history[0])).status,
    ).toBe(403);
    const malformed = await admin.raw('POST', '/api/v1/surveys/mini/responses', '{"respondent": ', {
      'content-type': 'application/json',
    });
    expect(malformed.status).toBe(400);
  });
});

describe('chorus import responses', () => {
  it('imports a CSV with one column per question key, idempotently', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chorus-import-'));
    const file = join(dir, 'history.csv');
    writeFileSync(
      file,
      [
        'respondent,team,submitted_at,id,build_and_test,recommend,hours_lost,friction',
        'co0@acme.example,checkout,2025-11-03T10:00:00Z,,4,9,<1,"waiting for review, PRs sit for days"',
        'x-9,checkout,2025-11-03T11:00:00Z,row-2,,0,8+,',
      ].join('\n'),
    );
    const out: string[] = [];
    const io = { log: (s: string) => out.push(s), error: (s: string) => out.push(s) };
    const before = count('responses');
    expect(await runCli(['import', 'responses', file, '--survey', 'mini'], io, deps)).toBe(0);
    expect(count('responses')).toBe(before + 2);
    expect(await runCli(['import', 'responses', file, '--survey', 'mini'], io, deps)).toBe(0);
    expect(count('responses')).toBe(before + 2);
    expect(out.at(-1)).toContain('2 already known');
    const skipped = deps.db
      .prepare(
        `SELECT COUNT(*) AS n FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.external_id = 'row-2'`,
      )
      .get();
    expect(skipped).toEqual({ n: 2 }); // empty cells are skipped questions
    expect(await runCli(['import', 'responses', file], io, deps)).toBe(1);
    expect(out.join('\n')).toContain('survey: is required');
  });
});
