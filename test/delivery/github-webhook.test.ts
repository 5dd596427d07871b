import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';

// GitHub's own example payloads, as shipped by @octokit/webhooks-examples.
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as Array<{
  name: string;
  examples: any[];
}>;
const example = (name: string, pick: (e: any) => boolean = () => true) =>
  examples.find((e) => e.name === name)!.examples.find(pick);

const SECRET = 'webhook-secret-for-tests';
let deps: Deps;
let srv: TestServer;
let viewer: ReturnType<typeof apiClient>;

const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
async function deliver(
  event: string,
  payload: unknown,
  opts: { secret?: string | null; id?: string; base?: string } = {},
) {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-github-event': event,
    'x-github-delivery': opts.id ?? crypto.randomUUID(),
  };
  if (opts.secret !== null) headers['x-hub-signature-256'] = sign(body, opts.secret ?? SECRET);
  const res = await fetch(`${opts.base ?? srv.base}/webhooks/github`, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json().catch(() => undefined)) as any };
}

beforeAll(async () => {
  deps = makeDeps({ env: { GITHUB_WEBHOOK_SECRET: SECRET } });
  srv = await startServer(deps);
  const admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
  await admin.post('/api/v1/teams', { key: 'web', name: 'Web' });
  await admin.post('/api/v1/services', {
    services: [
      { name: 'Hello-World', team: 'web' },
      { name: 'octo-org/octo-repo', team: 'web' },
    ],
  });
});
afterAll(() => srv.close());

const deployments = () =>
  deps.db
    .prepare(
      'SELECT external_id AS id, environment, status, head_sha AS sha, finished_at AS finishedAt FROM deployments ORDER BY id',
    )
    .all() as any[];

describe('POST /webhooks/github', () => {
  const success = example('deployment_status', (e) => e.deployment_status.state === 'success');

  it('rejects a wrong or missing signature with 401 and stores nothing', async () => {
    expect((await deliver('deployment_status', success, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await deliver('deployment_status', success, { secret: null })).status).toBe(401);
    expect(deployments()).toHaveLength(0);
  });

  it("maps GitHub's example deployment_status, correctly signed, onto a deployment", async () => {
    const res = await deliver('deployment_status', success, { id: 'delivery-1' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      event: 'deployment_status',
      outcome: 'stored',
      deployment: `github-deployment-${success.deployment.id}`,
    });
    expect(deployments()).toEqual([
      {
        id: `github-deployment-${success.deployment.id}`,
        environment: 'production',
        status: 'success',
        sha: success.deployment.sha,
        finishedAt: new Date(success.deployment_status.updated_at).toISOString(),
      },
    ]);
  });

  it('is idempotent for redeliveries (same delivery id, or a new id for the same deployment)', async () => {
    expect((await deliver('deployment_status', success, { id: 'delivery-1' })).json).toMatchObject({ duplicate: true });
    expect((await deliver('deployment_status', success, { id: 'delivery-2' })).json).toMatchObject({
      outcome: 'updated',
    });
    expect(deployments()).toHaveLength(1);
  });

  it('a deployment of a pushed sha carries the commits of that push (lead time from their timestamps)', async () => {
    const push = example('push', (e) => e.commits.length > 0);
    const res = await deliver('push', push);
    expect(res.status).toBe(200);
    expect(res.json.commits).toBe(push.commits.length);
    // The example deployment, pointed at the example push's head (the two examples use different shas).
    const deployment = { ...success, deployment: { ...success.deployment, id: 4242, sha: push.after } };
    expect((await deliver('deployment_status', deployment)).status).toBe(200);
    const rows = deps.db
      .prepare(
        `SELECT c.sha, c.lead_hours AS lead FROM commits c JOIN deployment_commits dc ON dc.commit_id = c.id
      JOIN deployments d ON d.id = dc.deployment_id WHERE d.external_id = 'github-deployment-4242'`,
      )
      .all() as any[];
    expect(rows.map((r) => r.sha).sort()).toEqual(push.commits.map((c: any) => c.id).sort());
    const expected =
      (Date.parse(success.deployment_status.updated_at) - Date.parse(push.commits[0].timestamp)) / 3_600_000;
    expect(rows[0].lead).toBeCloseTo(expected, 6);
    const dora = await viewer.get('/api/v1/dora?team=web&from=2019-05-01&to=2019-06-01');
    expect(dora.json.deployment_frequency.deployments).toBe(2);
    expect(dora.json.lead_time_hours.n).toBe(push.commits.length);
  });

  it('ignores unfinished states, other environments and unused events with 202', async () => {
    const pending = example('deployment_status', (e) => e.deployment_status.state === 'in_progress');
    expect((await deliver('deployment_status', pending)).status).toBe(202);
    expect((await deliver('issues', example('issues'))).status).toBe(202);
    expect(deployments()).toHaveLength(2);
  });

  it('counts completed workflow runs whose name matches the deploy pattern', async () => {
    const run = example('workflow_run', (e) => e.action === 'completed' && e.workflow_run.conclusion === 'success');
    const ignored = await deliver('workflow_run', run);
    expect(ignored.status).toBe(202);
    expect(ignored.json.outcome).toContain('does not match the deploy pattern');
    await apiClient(srv.base, tokenFor(deps, 'admin')).put('/api/v1/definitions', {
      deploy_workflow_pattern: '^test$',
    });
    const res = await deliver('workflow_run', run);
    expect(res.status).toBe(200);
    expect(res.json.deployment).toBe(`github-run-${run.workflow_run.id}-1`);
    const stored = deployments().find((d) => d.id === `github-run-${run.workflow_run.id}-1`);
    expect(stored).toMatchObject({ environment: 'production', status: 'success', sha: run.workflow_run.head_sha });
    // The run's head commit time is known from the payload itself.
    const lead = deps.db
      .prepare('SELECT lead_hours FROM commits WHERE sha = ?')
      .pluck()
      .get(run.workflow_run.head_sha) as number;
    expect(lead).toBeCloseTo(
      (Date.parse(run.workflow_run.updated_at) - Date.parse(run.workflow_run.head_commit.timestamp)) / 3_600_000,
      6,
    );
  });

  it('answers 503 with a clear message when no secret is configured', async () => {
    const other = await startServer(makeDeps());
    try {
      const res = await deliver('deployment_status', success, { base: other.base });
      expect(res.status).toBe(503);
      expect(res.json.error.message).toContain('GITHUB_WEBHOOK_SECRET');
    } finally {
      await other.close();
    }
  });
});
