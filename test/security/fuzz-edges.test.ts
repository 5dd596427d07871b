import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { keepAliveClient } from './fuzz/client.js';
import { FUZZ_RUNS, hostileBody, hostileValue, toJsonText } from './fuzz/hostile.js';
import { changedTables, errorEnvelopeProblem, prototypePolluted, rowCounts } from './fuzz/invariants.js';
import { seedFuzzWorld } from './fuzz/samples.js';

const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as Array<{
  name: string;
  examples: any[];
}>;
const example = (name: string) => examples.find((e) => e.name === name)!.examples[0] as Record<string, unknown>;

const WEBHOOK_SECRET = 'fuzz-webhook-secret-0123';
const timings: string[] = [];
let deps: Deps;
let srv: TestServer;
let client: ReturnType<typeof keepAliveClient>;

beforeAll(async () => {
  deps = makeDeps({ env: { GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET }, config: { bodyLimit: '64kb' } });
  srv = await startServer(deps, { rateLimits: false });
  const api = apiClient(srv.base, tokenFor(deps, 'admin'));
  await seedFuzzWorld(deps, api);
  // The services GitHub's example payloads name, so deliveries map onto deployments.
  await api.post('/api/v1/services', {
    services: [
      { name: 'Hello-World', team: 'fz-b' },
      { name: 'octo-org/octo-repo', team: 'fz-b' },
    ],
  });
  client = keepAliveClient(srv.base);
});
afterAll(async () => {
  console.info(`fuzz (${FUZZ_RUNS} runs per route):\n  ${timings.join('\n  ')}`);
  client.close();
  await srv.close();
});

/** Runs one property FUZZ_RUNS times with the shared invariants: no 5xx, nothing stored on 4xx, no pollution. */
async function fuzzRoute<T>(
  name: string,
  arb: fc.Arbitrary<T>,
  send: (input: T) => Promise<{ status: number; text: string; contentType: string }>,
  check?: (res: { status: number; text: string; contentType: string }, input: T) => string | null,
) {
  let counts = rowCounts(deps.db);
  const statuses = new Map<number, number>();
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(arb, async (input) => {
      const res = await send(input);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500)
        throw new Error(
          `${name}: HTTP ${res.status} ${res.text.slice(0, 300)}\ninput: ${JSON.stringify(input).slice(0, 300)}`,
        );
      const problem = check?.(res, input);
      if (problem) throw new Error(`${name}: ${problem}\ninput: ${JSON.stringify(input).slice(0, 300)}`);
      if (prototypePolluted()) throw new Error(`${name}: Object.prototype polluted`);
      const after = rowCounts(deps.db);
      const changed = res.status >= 400 ? changedTables(counts, after) : [];
      if (changed.length)
        throw new Error(
          `${name}: HTTP ${res.status} but rows changed in ${changed.join(', ')}\ninput: ${JSON.stringify(input).slice(0, 300)}`,
        );
      counts = after;
    }),
    { numRuns: FUZZ_RUNS, endOnFailure: true },
  );
  timings.push(
    `${name}: ${FUZZ_RUNS} cases in ${((performance.now() - started) / 1000).toFixed(1)} s, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
  );
  expect((await client.send('GET', '/healthz', {})).status).toBe(200);
}

describe('hostile GitHub webhook deliveries', () => {
  const sign = (body: string, secret = WEBHOOK_SECRET) =>
    `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const event = fc.oneof(
    {
      arbitrary: fc.constantFrom('deployment_status', 'workflow_run', 'push', 'ping', 'deployment', 'issues'),
      weight: 5,
    },
    { arbitrary: fc.string({ maxLength: 30 }).filter((s) => /^[\x21-\x7e]*$/.test(s)), weight: 1 },
  );
  const body = fc.oneof(
    hostileBody(example('deployment_status')),
    hostileBody(example('workflow_run')),
    hostileBody(example('push')),
  );
  const signature = fc.oneof(
    { arbitrary: fc.constant('valid'), weight: 8 },
    { arbitrary: fc.constantFrom('missing', 'wrong-secret', 'garbage', 'sha1'), weight: 2 },
  );

  it('POST /webhooks/github: never 5xx, 401 unless signed, nothing stored when rejected', async () => {
    await fuzzRoute(
      'POST /webhooks/github',
      fc.record({ event, body, signature }),
      async ({ event: e, body: b, signature: s }) => {
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'x-github-event': e,
          'x-github-delivery': crypto.randomUUID(),
        };
        if (s === 'valid') headers['x-hub-signature-256'] = sign(b);
        else if (s === 'wrong-secret') headers['x-hub-signature-256'] = sign(b, 'not-the-secret');
        else if (s === 'garbage') headers['x-hub-signature-256'] = 'sha256=zz';
        else if (s === 'sha1')
          headers['x-hub-signature'] = 'sha1=' + createHmac('sha1', WEBHOOK_SECRET).update(b).digest('hex');
        return client.send('POST', '/webhooks/github', headers, b);
      },
      (res, input) => {
        if (input.signature !== 'valid' && res.status !== 401 && res.status !== 413 && res.status !== 400)
          return `unsigned delivery answered ${res.status}`;
        return errorEnvelopeProblem(res.status, res.text, res.contentType);
      },
    );
  }, 180_000);
});

describe('GitHub webhook regressions found by the fuzzer', () => {
  const sign = (body: string) => `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;
  it('ignores objects with their own toString/valueOf keys instead of failing (was a 500)', async () => {
    const status = {
      ...example('deployment_status'),
      repository: { full_name: 'nobody/none', name: { toString: 'x', valueOf: 1 } },
    };
    const push = { ...example('push'), pusher: { email: { toString: 'x' } }, after: { valueOf: 'y' } };
    for (const [event, payload] of [
      ['deployment_status', status],
      ['push', push],
    ] as const) {
      const body = JSON.stringify(payload);
      const res = await client.send(
        'POST',
        '/webhooks/github',
        { 'content-type': 'application/json', 'x-github-event': event, 'x-hub-signature-256': sign(body) },
        body,
      );
      expect(res.status, `${event}: ${res.text}`).toBeLessThan(500);
    }
  });
});

describe('hostile survey form posts (/s/:token)', () => {
  let token = '';
  let cookie = '';
  let csrf = '';

  beforeAll(async () => {
    const api = apiClient(srv.base, tokenFor(deps, 'admin'));
    const run = await api.post('/api/v1/surveys/fz-survey/runs', { teams: ['fz-b'] });
    expect(run.status).toBe(201);
    const links = await api.get(`/api/v1/runs/${run.json.run_id}/links`);
    token = new URL(links.json[0].url).pathname.split('/').pop()!;
    const page = await client.send('GET', `/s/${token}`, {});
    expect(page.status).toBe(200);
    cookie = [page.headers['set-cookie'] ?? []]
      .flat()
      .map((c) => c.split(';')[0])
      .join('; ');
    csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  });

  const fieldValue = fc.oneof(
    fc.constantFrom(
      '1',
      '5',
      'na',
      '0',
      '10',
      '1-2',
      '8+',
      'ci',
      'ide',
      '',
      ' ',
      '6',
      '-1',
      '11',
      '2.5',
      '1e3',
      'NaN',
      'x'.repeat(2001),
      'é'.repeat(2000),
    ),
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
  );
  const field = fc.oneof(
    { arbitrary: fc.constantFrom('q_ease', 'q_recommend', 'q_hours', 'q_tool', 'q_friction'), weight: 6 },
    {
      arbitrary: fc.constantFrom(
        'run_id',
        'person_id',
        'respondent',
        '__proto__',
        'constructor',
        'q___proto__',
        'q_',
        '_csrf',
      ),
      weight: 1,
    },
    { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
  );
  const valid: Array<[string, string]> = [
    ['q_ease', '4'],
    ['q_recommend', '9'],
    ['q_hours', '1-2'],
    ['q_tool', 'ci'],
    ['q_friction', 'slow builds'],
  ];
  // Mostly a valid answer set with a few fields dropped, changed or added; sometimes pure noise.
  const form = fc.oneof(
    fc
      .tuple(fc.subarray(valid, { minLength: 3 }), fc.array(fc.tuple(field, fieldValue), { maxLength: 3 }))
      .map(([a, b]) => [...a, ...b]),
    fc.array(fc.tuple(field, fieldValue), { maxLength: 8 }),
  );
  const pathToken = fc.oneof(
    { arbitrary: fc.constant('valid'), weight: 9 },
    {
      arbitrary: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('..', '__proto__', 'x'.repeat(300))),
      weight: 1,
    },
  );

  it('POST /s/:token: never 5xx, errors next to the field, nothing stored when rejected', async () => {
    await fuzzRoute(
      'POST /s/:token',
      fc.record({
        form,
        pathToken,
        withCsrf: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
      }),
      async ({ form: fields, pathToken: t, withCsrf }) => {
        const body = new URLSearchParams();
        if (withCsrf) body.append('_csrf', csrf);
        for (const [k, v] of fields) body.append(k, v);
        const path = `/s/${t === 'valid' ? token : encodeURIComponent(t)}`;
        return client.send(
          'POST',
          path,
          { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body.toString(),
        );
      },
      (res) => {
        if (res.status === 422 && !/field__error|alert/.test(res.text))
          return '422 page without a message next to a field';
        return null;
      },
    );
  }, 180_000);
});

describe('hostile JSON at a write route, raw and oversized', () => {
  it('answers 413 over the body limit and 400 for broken JSON, storing nothing', async () => {
    const token = tokenFor(deps, 'admin');
    const before = rowCounts(deps.db);
    const huge = await client.send(
      'POST',
      '/api/v1/teams',
      { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      toJsonText({ key: 'big', name: 'x'.repeat(70_000) }),
    );
    expect(huge.status).toBe(413);
    const deep = await client.send(
      'POST',
      '/api/v1/teams',
      { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      '['.repeat(10_000) + ']'.repeat(10_000),
    );
    expect(deep.status).toBe(400);
    const nested = await client.send(
      'POST',
      '/api/v1/teams',
      { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      JSON.stringify(fc.sample(hostileValue, 1)[0]).replace(/^/, '{"teams":[').replace(/$/, ']}'),
    );
    expect(nested.status).toBeLessThan(500);
    expect(changedTables(before, rowCounts(deps.db))).toEqual([]);
  });
});
