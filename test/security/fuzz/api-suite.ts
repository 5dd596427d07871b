import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/deps.js';
import { routeTable } from '../../../src/web/routes.js';
import { makeDeps } from '../../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../../helpers/server.js';
import { routeName } from '../route-calls.js';
import { keepAliveClient } from './client.js';
import { FUZZ_RUNS, hostileBody } from './hostile.js';
import { changedTables, errorEnvelopeProblem, prototypePolluted, rowCounts } from './invariants.js';
import { SAMPLES, seedFuzzWorld } from './samples.js';

/** Every JSON write route of the API: new routes are fuzzed as soon as they are in the table. */
export const apiWriteRoutes = routeTable.filter(
  (r) => r.path.startsWith('/api/') && ['post', 'put', 'patch'].includes(r.method),
);

const paramValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('..', '%2e%2e', '__proto__', 'constructor', '0', '-1', '1e309', 'x'.repeat(500)),
);

/**
 * Defines the fuzz suite for shard `shard` of `shards` (routes split round-robin), so test files
 * can run in parallel workers. Each shard has its own server and database.
 */
export function fuzzApiShard(shard: number, shards: number): void {
  const targets = apiWriteRoutes.filter((_r, i) => i % shards === shard);
  let deps: Deps;
  let srv: TestServer;
  let token: string;
  let client: ReturnType<typeof keepAliveClient>;
  const timings: string[] = [];

  beforeAll(async () => {
    // A small body limit makes the huge-string cases exercise the 413 path cheaply.
    deps = makeDeps({ config: { bodyLimit: '64kb' } });
    srv = await startServer(deps, { rateLimits: false });
    token = tokenFor(deps, 'admin');
    await seedFuzzWorld(deps, apiClient(srv.base, token));
    client = keepAliveClient(srv.base);
  });
  afterAll(async () => {
    console.info(`fuzz (${FUZZ_RUNS} runs per route):\n  ${timings.join('\n  ')}`);
    client.close();
    await srv.close();
  });

  describe(`hostile input at the API write routes (shard ${shard + 1} of ${shards})`, () => {
    for (const route of targets) {
      const name = routeName(route);
      it(`${name}: never 5xx, errors name the field, nothing stored when rejected`, async () => {
        const sample = SAMPLES[name] ?? { body: {} };
        const validPath = route.path.replace(/:(\w+)/g, (_m, p: string) =>
          encodeURIComponent(sample.params?.[p] ?? 'zz-dummy'),
        );
        const pathArb = route.path.includes(':')
          ? fc.oneof(
              { arbitrary: fc.constant(validPath), weight: 9 },
              { arbitrary: paramValue.map((v) => route.path.replace(/:(\w+)/g, encodeURIComponent(v))), weight: 1 },
            )
          : fc.constant(validPath);
        let counts = rowCounts(deps.db);
        const statuses = new Map<number, number>();
        const started = performance.now();
        await fc.assert(
          fc.asyncProperty(pathArb, hostileBody(sample.body, sample.plural), async (path, body) => {
            const res = await client.send(
              route.method.toUpperCase(),
              path,
              { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body,
            );
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const problem = errorEnvelopeProblem(res.status, res.text, res.contentType);
            if (problem) throw new Error(`${name} ${path}: ${problem}\nbody: ${body.slice(0, 300)}`);
            if (prototypePolluted()) throw new Error(`${name}: Object.prototype polluted by ${body.slice(0, 300)}`);
            const after = rowCounts(deps.db);
            if (res.status >= 400) {
              const changed = changedTables(counts, after);
              if (changed.length)
                throw new Error(
                  `${name}: HTTP ${res.status} but rows changed in ${changed.join(', ')}\nbody: ${body.slice(0, 300)}`,
                );
            }
            counts = after;
          }),
          { numRuns: FUZZ_RUNS, endOnFailure: true },
        );
        const seconds = (performance.now() - started) / 1000;
        timings.push(
          `${name}: ${FUZZ_RUNS} cases in ${seconds.toFixed(1)} s, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
        );
        const health = await fetch(`${srv.base}/healthz`);
        expect(health.status).toBe(200);
        const stillServing = await apiClient(srv.base, token).get('/api/v1/teams');
        expect(stillServing.status).toBe(200);
      }, 120_000);
    }
  });
}
