import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { createLogger } from '../../src/log.js';
import type { RouteDef } from '../../src/web/route.js';
import { routeTable } from '../../src/web/routes.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { rawLogin } from './route-calls.js';

/** Everything the logger wrote during this file, as one string. */
const written: string[] = [];
const logText = () => written.join('');

const SECRET = {
  password: 'pw-Zebra-Quartz-9931',
  comment: 'CANARY-COMMENT our manager ignores the flaky pipeline',
  answerText: 'CANARY-ANSWER builds take forever',
  personName: 'Canary Person Name',
};

let deps: Deps;
let srv: TestServer;
let adminToken: string;
const has = (method: string, path: string) => routeTable.some((r) => r.method === method && r.path === path);

// A route that fails after reading a body full of secrets: the 500 path must not log the body.
const failing: RouteDef = {
  method: 'post',
  path: '/api/v1/test-failure',
  policy: 'api:admin',
  summary: 'test only',
  handler: () => {
    throw new Error('simulated failure');
  },
};

beforeAll(async () => {
  deps = {
    ...makeDeps(),
    log: createLogger('trace', {
      write: (s: string) => {
        written.push(s);
      },
    }),
  };
  srv = await startServer(deps, { extraRoutes: [failing] });
  adminToken = tokenFor(deps, 'admin');
});
afterAll(() => srv.close());

describe('secrets never reach the log', () => {
  it('redacts the fields that may carry them, as a second line of defence', () => {
    const lines: string[] = [];
    const log = createLogger('info', {
      write: (s: string) => {
        lines.push(s);
      },
    });
    log.info(
      {
        password: SECRET.password,
        token: 'tok-123456',
        answers: { q: SECRET.answerText },
        comment: SECRET.comment,
        req: { headers: { authorization: 'Bearer x', cookie: 'chorus_session=s' } },
      },
      'probe',
    );
    log.info({ input: { text: SECRET.comment, password: SECRET.password } }, 'nested');
    const out = lines.join('');
    expect(out).toContain('probe');
    for (const s of [SECRET.password, 'tok-123456', SECRET.answerText, SECRET.comment, 'Bearer x', 'chorus_session=s'])
      expect(out).not.toContain(s);
  });

  it('logs no password, token, answer, comment or name while serving real requests', async () => {
    const api = apiClient(srv.base, adminToken);
    const { createUser } = await import('../../src/auth/auth.service.js');
    createUser(deps, { email: 'log@test.example', password: SECRET.password, role: 'admin' });
    await rawLogin(srv.base, 'log@test.example', SECRET.password);
    await rawLogin(srv.base, 'log@test.example', `${SECRET.password}-wrong`);
    await apiClient(srv.base, 'chorus_admin_guessed-token-value').get('/api/v1/teams');
    expect((await api.post('/api/v1/teams', { key: 'canary', name: 'Canary team' })).status).toBe(200);
    expect(
      (await api.post('/api/v1/people', { email: 'canary@test.example', name: SECRET.personName, team: 'canary' }))
        .status,
    ).toBe(200);
    await api.post('/api/v1/people', { email: 'bad', name: SECRET.personName, team: 'nope' });
    const failed = await api.post('/api/v1/test-failure', {
      password: SECRET.password,
      comment: SECRET.comment,
      answers: { a: SECRET.answerText },
    });
    expect(failed.status).toBe(500);

    const admin = await loginSession(srv.base, deps, 'admin');
    const page = await admin.get('/admin/access');
    const created = await admin.postForm(
      '/admin/tokens',
      { name: 'log probe', role: 'ingest' },
      admin.csrfFrom(page.text),
    );
    expect(created.status).toBeLessThan(400);

    if (has('post', '/api/v1/surveys') && has('post', '/api/v1/surveys/:key/responses')) {
      const survey = await api.post('/api/v1/surveys', {
        key: 'logprobe',
        name: 'Log probe',
        questions: [
          { key: 'ease', text: 'Easy?', type: 'likert5' },
          { key: 'friction', text: 'What slows you down?', type: 'text' },
        ],
      });
      expect(survey.status).toBe(200);
      const imported = await api.post('/api/v1/surveys/logprobe/responses', {
        respondent: 'canary@test.example',
        team: 'canary',
        submitted_at: '2026-02-01T10:00:00Z',
        answers: { ease: 2, friction: SECRET.answerText },
      });
      expect(imported.status).toBe(200);
      await api.post('/api/v1/surveys/logprobe/responses', {
        respondent: 'canary@test.example',
        team: 'canary',
        submitted_at: 'yesterday',
        answers: { ease: 9, friction: SECRET.comment },
      });
    }

    const out = logText();
    expect(out).toContain('simulated failure'); // the log works: the 500 was recorded
    const tokens = [
      adminToken,
      'chorus_admin_guessed-token-value',
      ...(created.text.match(/chorus_ingest_[\w-]+/g) ?? []),
    ];
    for (const secret of [SECRET.password, SECRET.comment, SECRET.answerText, SECRET.personName, ...tokens]) {
      expect(out, `log contains "${secret}"`).not.toContain(secret);
    }
  });
});
