import { afterEach, describe, expect, it } from 'vitest';
import { cachedReport } from '../../src/cache/report-cache.js';
import type { Deps } from '../../src/deps.js';
import { telemetryFor } from '../../src/operators/telemetry.js';
import { openRun } from '../../src/surveys/runs.service.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { seedOrg, seedPulse, slackHarness } from '../slack/harness.js';

interface ErrorBody {
  error: { code: string; message: string; details: Array<{ field: string; message: string }> };
}
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;

const servers: TestServer[] = [];
async function serve(deps: Deps) {
  const srv = await startServer(deps);
  servers.push(srv);
  return srv;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The value of one series in Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{(.*)\}/.exec(line)?.[1] ?? '';
    if (want.every((w) => labelText.split(',').includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('GET /healthz and /readyz', () => {
  it('healthz answers 200 without a session', async () => {
    const srv = await serve(makeDeps());
    const res = await fetch(`${srv.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('readyz is 200 on a migrated database, and 503 naming the database once it is closed', async () => {
    const deps = makeDeps();
    const srv = await serve(deps);
    const ok = await fetch(`${srv.base}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ready: true });

    deps.db.close();
    const down = await fetch(`${srv.base}/readyz`);
    expect(down.status).toBe(503);
    const error = await errorOf(down);
    expect(error.code).toBe('not_ready');
    expect(error.message).toMatch(/database/);
    expect(error.details).toEqual([{ field: 'database', message: 'the database connection is closed' }]);
    // The process itself still answers.
    expect((await fetch(`${srv.base}/healthz`)).status).toBe(200);
  });

  it('readyz names migrations that are not applied', async () => {
    const deps = makeDeps();
    deps.db.prepare("DELETE FROM schema_migrations WHERE name = '0016_audit_log.sql'").run();
    const srv = await serve(deps);
    const res = await fetch(`${srv.base}/readyz`);
    expect(res.status).toBe(503);
    const error = await errorOf(res);
    expect(error.details).toEqual([
      { field: 'migrations', message: expect.stringContaining('not applied: 0016_audit_log.sql') },
    ]);
  });

  it('readyz names a stuck outbox when Slack is on: a due message older than 15 minutes', async () => {
    const now = new Date('2026-03-02T10:00:00.000Z');
    const deps = makeDeps({
      env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret-for-tests' },
      now: () => now,
    });
    const enqueue = deps.db.prepare(
      `INSERT INTO slack_outbox (dedupe_key, kind, target, not_before, created_at, updated_at)
       VALUES (?, 'invite', 'U1', ?, ?, ?)`,
    );
    enqueue.run('a', '2026-03-02T09:50:00.000Z', '2026-03-02T09:50:00.000Z', '2026-03-02T09:50:00.000Z');
    const srv = await serve(deps);
    expect((await fetch(`${srv.base}/readyz`)).status).toBe(200);

    enqueue.run('b', '2026-03-02T09:40:00.000Z', '2026-03-02T09:40:00.000Z', '2026-03-02T09:40:00.000Z');
    const res = await fetch(`${srv.base}/readyz`);
    expect(res.status).toBe(503);
    const error = await errorOf(res);
    expect(error.details).toEqual([
      {
        field: 'outbox',
        message: 'the slack outbox is stuck: its oldest due message has waited 20 minutes (2 waiting)',
      },
    ]);
  });
});

describe('GET /metrics', () => {
  it('answers Prometheus text with requests counted by route pattern and status, with latency', async () => {
    const deps = makeDeps();
    const srv = await serve(deps);
    const viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
    await viewer.get('/api/v1/teams');
    await viewer.get('/api/v1/surveys/nope');
    await fetch(`${srv.base}/no/such/page`);

    const res = await fetch(`${srv.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE chorus_http_requests_total counter');
    expect(sample(text, 'chorus_http_requests_total', { route: '/api/v1/teams', status: '200' })).toBe(1);
    expect(sample(text, 'chorus_http_requests_total', { route: '/api/v1/surveys/:key', status: '404' })).toBe(1);
    expect(sample(text, 'chorus_http_requests_total', { route: '(unmatched)', status: '404' })).toBe(1);
    expect(text).not.toContain('/api/v1/surveys/nope');
    expect(sample(text, 'chorus_http_request_duration_seconds_count', { route: '/api/v1/teams' })).toBe(1);
    expect(sample(text, 'chorus_outbox_depth', { channel: 'slack' })).toBe(0);
  });

  it('keeps a registry per workspace: two apps in one process do not share counts', async () => {
    const a = makeDeps();
    const b = makeDeps();
    const srvA = await serve(a);
    const srvB = await serve(b);
    await fetch(`${srvA.base}/healthz`);
    await fetch(`${srvA.base}/healthz`);
    const textB = await (await fetch(`${srvB.base}/metrics`)).text();
    expect(sample(textB, 'chorus_http_requests_total', { route: '/healthz' })).toBeUndefined();
    const textA = await (await fetch(`${srvA.base}/metrics`)).text();
    expect(sample(textA, 'chorus_http_requests_total', { route: '/healthz' })).toBe(2);
  });

  it('needs CHORUS_METRICS_TOKEN as a bearer token when it is set, and is never rate-limited or audited', async () => {
    const token = 'metrics-token-0123456789';
    const deps = makeDeps({ env: { CHORUS_METRICS_TOKEN: token } });
    const srv = await serve(deps);
    const missing = await fetch(`${srv.base}/metrics`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await errorOf(missing)).code).toBe('unauthorized');
    for (let i = 0; i < 40; i++) {
      const wrong = await fetch(`${srv.base}/metrics`, { headers: { authorization: 'Bearer not-the-token-000000' } });
      expect(wrong.status).toBe(401);
    }
    const right = await fetch(`${srv.base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('chorus_http_requests_total');
    // An admin API token is not the metrics token.
    const admin = await fetch(`${srv.base}/metrics`, {
      headers: { authorization: `Bearer ${tokenFor(deps, 'admin')}` },
    });
    expect(admin.status).toBe(401);
    expect(deps.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(0);
  });

  it('counts report cache hits and misses at the lookup', async () => {
    const deps = makeDeps();
    cachedReport(deps, ['probe'], () => ({ n: 1 }));
    cachedReport(deps, ['probe'], () => ({ n: 2 }));
    cachedReport(deps, ['probe'], () => ({ n: 3 }));
    const text = await telemetryFor(deps.db).registry.metrics();
    expect(sample(text, 'chorus_report_cache_lookups_total', { cache: 'report', result: 'miss' })).toBe(1);
    expect(sample(text, 'chorus_report_cache_lookups_total', { cache: 'report', result: 'hit' })).toBe(2);
  });

  it('counts scheduler runs, Slack send failures and the outbox it leaves behind', async () => {
    const h = await slackHarness({ start: '2026-03-02T09:00:00.000Z' });
    try {
      seedOrg(h.deps);
      seedPulse(h.deps, { reminders: [24, 72], open_days: 5 });
      openRun(h.deps, 'pulse', {});
      h.fake.fail('chat.postMessage', { kind: 'rate_limited', retryAfter: 30 });
      await h.scheduler.tick();
      const srv = await serve(h.deps);
      const text = await (await fetch(`${srv.base}/metrics`)).text();
      expect(sample(text, 'chorus_scheduler_runs_total', { outcome: 'ok' })).toBe(1);
      expect(sample(text, 'chorus_send_failures_total', { channel: 'slack', reason: 'rate_limited' })).toBe(1);
      expect(sample(text, 'chorus_outbox_depth', { channel: 'slack' })).toBe(4);
      expect(sample(text, 'chorus_scheduler_last_success_timestamp_seconds')).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });
});
