import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';

// Built field for field from GitLab's webhook documentation (see fixtures/README.md).
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/gitlab/${name}.json`, import.meta.url), 'utf8'));

const SECRET = 'gitlab-secret-token-for-tests';
const HOUR = 3_600_000;
const clock = testClock('2026-03-10T09:00:00Z');
let deps: Deps;
let srv: TestServer;
let viewer: ReturnType<typeof apiClient>;

async function deliver(
  hook: string,
  payload: unknown,
  opts: { token?: string | null; uuid?: string; idempotencyKey?: string } = {},
) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-gitlab-event': hook,
    'x-gitlab-event-uuid': opts.uuid ?? crypto.randomUUID(),
  };
  if (opts.token !== null) headers['x-gitlab-token'] = opts.token ?? SECRET;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  const res = await fetch(`${srv.base}/webhooks/gitlab`, { method: 'POST', headers, body: JSON.stringify(payload) });
  return { status: res.status, json: (await res.json()) as any };
}

const count = (table: string) => deps.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
const snapshot = () => ({
  deployments: deps.db.prepare('SELECT * FROM deployments ORDER BY id').all(),
  commits: deps.db.prepare('SELECT * FROM commits ORDER BY id').all(),
  prs: deps.db.prepare('SELECT * FROM pull_requests ORDER BY id').all(),
  reviews: deps.db.prepare('SELECT * FROM pull_request_reviews').all(),
});

beforeAll(async () => {
  deps = makeDeps({ env: { GITLAB_WEBHOOK_SECRET: SECRET }, now: clock.now });
  srv = await startServer(deps);
  const admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
  await admin.post('/api/v1/teams', { key: 'gl', name: 'GitLab team' });
  await admin.post('/api/v1/services', {
    services: [
      { name: 'mike/diaspora', team: 'gl' },
      { name: 'root/test-deployment-webhooks', team: 'gl' },
      // Matched by the project's path (the last part of path_with_namespace).
      { name: 'gitlab-test', team: 'gl' },
    ],
  });
});
afterAll(() => srv.close());

describe('POST /webhooks/gitlab', () => {
  it('refuses a wrong or missing X-Gitlab-Token with 401 and stores nothing', async () => {
    for (const token of ['not-the-secret', `${SECRET}x`, '', null]) {
      const res = await deliver('Push Hook', fixture('push'), { token });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('bad_signature');
    }
    expect(count('commits')).toBe(0);
  });

  it('maps the documented Push event onto commits with their times', async () => {
    const push = fixture('push');
    const res = await deliver('Push Hook', push);
    expect(res).toMatchObject({ status: 200, json: { event: 'push', outcome: 'stored', commits: 2 } });
    const rows = deps.db.prepare('SELECT sha, committed_at AS at FROM commits ORDER BY at').all();
    expect(rows).toEqual([
      { sha: push.commits[0].id, at: new Date(push.commits[0].timestamp).toISOString() },
      { sha: push.commits[1].id, at: new Date(push.commits[1].timestamp).toISOString() },
    ]);
  });

  it('maps the documented Deployment event: full sha from commit_url, the tier decides production', async () => {
    const doc = fixture('deployment');
    const res = await deliver('Deployment Hook', doc);
    expect(res).toMatchObject({ status: 200, json: { outcome: 'stored', deployment: 'gitlab-deployment-15' } });
    const row = deps.db
      .prepare(
        `SELECT environment, status, head_sha AS sha, finished_at AS finishedAt, author, source FROM deployments
        WHERE external_id = 'gitlab-deployment-15'`,
      )
      .get();
    expect(row).toEqual({
      environment: 'staging',
      status: 'success',
      sha: '279484c09fbe69ededfced8c1bb6e6d24616b468',
      finishedAt: '2021-04-28T19:50:00.000Z', // "2021-04-28 21:50:00 +0200"
      author: 'admin@example.com',
      source: 'gitlab',
    });
    const prod = { ...doc, deployment_id: 16, environment: 'prod-eu', environment_tier: 'production' };
    await deliver('Deployment Hook', prod);
    const failed = { ...doc, deployment_id: 17, status: 'failed', environment_tier: 'production' };
    const canceled = { ...doc, deployment_id: 18, status: 'canceled', environment_tier: 'production' };
    await deliver('Deployment Hook', failed);
    await deliver('Deployment Hook', canceled);
    const running = await deliver('Deployment Hook', { ...doc, deployment_id: 19, status: 'running' });
    expect(running.status).toBe(202);
    const stored = deps.db
      .prepare(
        `SELECT external_id AS id, environment, status, failure_reason AS reason FROM deployments WHERE external_id <> 'gitlab-deployment-15' ORDER BY id`,
      )
      .all();
    expect(stored).toEqual([
      { id: 'gitlab-deployment-16', environment: 'production', status: 'success', reason: null },
      { id: 'gitlab-deployment-17', environment: 'production', status: 'failure', reason: null },
      { id: 'gitlab-deployment-18', environment: 'production', status: 'failure', reason: 'canceled' },
    ]);
    const dora = await viewer.get('/api/v1/dora?team=gl&from=2021-04-01&to=2021-05-01');
    expect(dora.json.change_failure_rate).toMatchObject({ failed: 2, total: 3 });
  });

  it('maps the documented Merge request event onto a pull request', async () => {
    const res = await deliver('Merge Request Hook', fixture('merge_request'));
    expect(res).toMatchObject({
      status: 200,
      json: { event: 'merge_request', outcome: 'stored', pull_request: 'gitlab:gitlabhq/gitlab-test!1' },
    });
    const pr = deps.db
      .prepare(
        `SELECT source, number, state, author_ref AS authorRef, author_login AS authorLogin, opened_at AS openedAt,
          head_repository AS headRepository, head_ref AS headRef FROM pull_requests`,
      )
      .get();
    expect(pr).toEqual({
      source: 'gitlab',
      number: 1,
      state: 'open',
      authorRef: '51',
      authorLogin: null, // the event's user (root, id 1) is not the author (id 51)
      openedAt: '2013-12-03T17:23:34.000Z',
      headRepository: 'awesome_space/awesome_project',
      headRef: 'refs/heads/ms-viewport',
    });
  });

  it('is idempotent: the same delivery, or the same objects under new ids, change nothing', async () => {
    const before = snapshot();
    const mr = fixture('merge_request');
    expect((await deliver('Merge Request Hook', mr, { uuid: 'uuid-1' })).status).toBe(200);
    const again = await deliver('Merge Request Hook', mr, { uuid: 'uuid-1' });
    expect(again.json).toMatchObject({ duplicate: true });
    await deliver('Merge Request Hook', mr, { idempotencyKey: 'retry-1' });
    await deliver('Merge Request Hook', mr, { idempotencyKey: 'retry-1', uuid: 'uuid-2' });
    await deliver('Push Hook', fixture('push'));
    await deliver('Deployment Hook', fixture('deployment'));
    const strip = (rows: any[]) => rows.map(({ updated_at: _u, ...r }) => r);
    const after = snapshot();
    expect(strip(after.prs)).toEqual(strip(before.prs));
    expect(strip(after.deployments)).toEqual(strip(before.deployments));
    expect(after.commits).toEqual(before.commits);
  });

  it('answers 202 for events and actions it does not use', async () => {
    const pipeline = await deliver('Pipeline Hook', { object_kind: 'pipeline' });
    expect(pipeline).toMatchObject({ status: 202, json: { outcome: 'ignored: event not used' } });
    const mr = fixture('merge_request');
    mr.object_attributes.action = 'unapproval';
    expect((await deliver('Merge Request Hook', mr)).status).toBe(202);
    const unknownProject = fixture('deployment');
    unknownProject.project.path_with_namespace = 'nobody/nothing';
    unknownProject.project.name = 'Nothing';
    const res = await deliver('Deployment Hook', unknownProject);
    expect(res.status).toBe(202);
    expect(res.json.outcome).toContain('no service named "nobody/nothing"');
  });

  it('an MR opened, approved, merged and deployed through GitLab shows the four stages', async () => {
    const T = {
      firstCommit: '2026-03-09T08:00:00.000Z',
      opened: '2026-03-09T10:00:00.000Z',
      approved: '2026-03-09T15:00:00.000Z',
      merged: '2026-03-09T17:30:00.000Z',
      deployed: '2026-03-09T20:00:00.000Z',
    };
    const MERGE = 'feedfacefeedfacefeedfacefeedfacefeedface';
    const HEAD = 'abcabcabcabcabcabcabcabcabcabcabcabcabca';
    const project = { ...fixture('merge_request').project };
    // The branch push (to the source project, as the MR's source says).
    const push = fixture('push');
    Object.assign(push, {
      ref: 'refs/heads/speed-up',
      before: '0000000000000000000000000000000000000000',
      after: HEAD,
      project: { ...push.project, path_with_namespace: 'gitlabhq/gitlab-test', name: 'Gitlab Test' },
    });
    push.commits = [
      { ...push.commits[0], id: '1234512345123451234512345123451234512345', timestamp: '2026-03-09T10:00:00+02:00' },
      { ...push.commits[1], id: HEAD, timestamp: '2026-03-09T09:30:00Z' },
    ];
    expect((await deliver('Push Hook', push)).status).toBe(200);
    const mr = (action: string, at: string, attrs: Record<string, unknown> = {}, user?: unknown) => {
      const p = fixture('merge_request');
      p.project = project;
      if (user) p.user = user;
      p.changes = {};
      Object.assign(p.object_attributes, {
        iid: 7,
        action,
        author_id: 1, // root opens it
        created_at: T.opened,
        updated_at: at,
        source_branch: 'speed-up',
        source: { ...p.object_attributes.source, path_with_namespace: 'gitlabhq/gitlab-test' },
        last_commit: { ...p.object_attributes.last_commit, id: HEAD },
        ...attrs,
      });
      return p;
    };
    expect((await deliver('Merge Request Hook', mr('open', T.opened))).json.outcome).toBe('stored');
    // An approval by the author does not count; user1's does (at the time it arrives).
    clock.set('2026-03-09T12:00:00Z');
    await deliver('Merge Request Hook', mr('approval', '2026-03-09T12:00:00Z'));
    clock.set(T.approved);
    const user1 = { id: 6, name: 'User1', username: 'user1' };
    await deliver('Merge Request Hook', mr('approved', T.approved, {}, user1));
    await deliver(
      'Merge Request Hook',
      mr('merge', T.merged, { state: 'merged', merge_commit_sha: MERGE, merged_at: undefined }),
    );
    const mainPush = fixture('push');
    Object.assign(mainPush, { ref: 'refs/heads/master', before: HEAD, after: MERGE, project: push.project });
    mainPush.commits = [{ ...mainPush.commits[0], id: MERGE, timestamp: T.merged }];
    await deliver('Push Hook', mainPush);
    const deployment = fixture('deployment');
    Object.assign(deployment, {
      deployment_id: 500,
      project: push.project,
      environment: 'production',
      environment_tier: 'production',
      status_changed_at: T.deployed,
      short_sha: MERGE.slice(0, 8),
      commit_url: `http://example.com/gitlabhq/gitlab-test/-/commit/${MERGE}`,
    });
    expect((await deliver('Deployment Hook', deployment)).status).toBe(200);

    const pr = deps.db
      .prepare(
        `SELECT state, author_login AS author, ready_at AS ready, first_review_at AS firstReview, approved_at AS approved,
          merged_at AS merged, merge_commit_sha AS sha, first_commit_at AS firstCommit FROM pull_requests WHERE number = 7`,
      )
      .get();
    expect(pr).toEqual({
      state: 'merged',
      author: 'root',
      ready: T.opened,
      firstReview: T.approved,
      approved: T.approved,
      merged: T.merged,
      sha: MERGE,
      firstCommit: T.firstCommit, // 10:00+02:00
    });
    const h = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / HOUR;
    const flow = (await viewer.get('/api/v1/flow?service=gitlab-test&from=2026-03-09&to=2026-03-10')).json;
    expect(flow).toMatchObject({
      merged: 1,
      deployed: 1,
      coding_hours: { median: h(T.firstCommit, T.opened), n: 1 },
      pickup_hours: { median: h(T.opened, T.approved), n: 1 },
      review_hours: { median: h(T.approved, T.merged), n: 1 },
      deploy_hours: { median: h(T.merged, T.deployed), n: 1 },
      cycle_time_hours: { median: h(T.firstCommit, T.deployed), n: 1 },
    });
  });

  it('never answers 5xx to hostile or malformed payloads with a valid token', async () => {
    const mr = fixture('merge_request');
    const hostile = [
      { ...mr, object_attributes: { ...mr.object_attributes, iid: 'x', created_at: { toString: 'x' } } },
      { ...mr, project: { path_with_namespace: { valueOf: 1 } }, user: [] },
      { ...fixture('push'), commits: [null, 7, { id: { toString: 'x' } }], after: ['a'] },
      { ...fixture('deployment'), status_changed_at: 'yesterday', commit_url: 42, deployment_id: null },
      [],
      'text',
    ];
    for (const hook of ['Merge Request Hook', 'Push Hook', 'Deployment Hook'])
      for (const payload of hostile) {
        const res = await deliver(hook, payload);
        expect(res.status, `${hook} ${JSON.stringify(payload).slice(0, 80)}`).toBeLessThan(500);
      }
  });

  it('answers 503 when GITLAB_WEBHOOK_SECRET is not set', async () => {
    const off = makeDeps();
    const s = await startServer(off);
    try {
      const res = await fetch(`${s.base}/webhooks/gitlab`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'x' },
        body: '{}',
      });
      expect(res.status).toBe(503);
    } finally {
      await s.close();
    }
  });
});
