import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';

// GitHub's own example payloads (test/delivery/fixtures/README.md says where they come from).
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/github/${name}.json`, import.meta.url), 'utf8'));
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as Array<{
  name: string;
  examples: any[];
}>;
const deploymentStatus = structuredClone(
  examples.find((e) => e.name === 'deployment_status')!.examples.find((e) => e.deployment_status.state === 'success'),
);

const SECRET = 'flow-webhook-secret';
const HOUR = 3_600_000;
let deps: Deps;
let srv: TestServer;
let viewer: ReturnType<typeof apiClient>;
const clock = testClock('2026-03-02T06:00:00Z');

async function deliver(event: string, payload: unknown, id: string = crypto.randomUUID()) {
  const body = JSON.stringify(payload);
  const res = await fetch(`${srv.base}/webhooks/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': id,
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    },
    body,
  });
  return { status: res.status, json: (await res.json()) as any };
}

/** A copy of an example pull_request delivery with the fields this test sets. */
function prEvent(name: string, number: number, set: Record<string, unknown>, top: Record<string, unknown> = {}) {
  const p = fixture(name);
  p.number = number;
  // PR 2 is the example's own branch; the others get a branch and head of their own.
  if (number !== 2)
    p.pull_request.head = { ...p.pull_request.head, ref: `pr-${number}`, sha: `${number}`.padStart(40, 'b') };
  Object.assign(p.pull_request, { number }, set);
  return Object.assign(p, top);
}

const OTHER = { login: 'octocat', id: 5346, type: 'User' };
function review(number: number, id: number, user: unknown, state: string, at: string, openedAt: string) {
  const p = fixture('pull_request_review.submitted');
  Object.assign(p.review, { id, user, state, submitted_at: at });
  Object.assign(p.pull_request, { number, created_at: openedAt, updated_at: at });
  return p;
}

const hours = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / HOUR;

beforeAll(async () => {
  deps = makeDeps({ env: { GITHUB_WEBHOOK_SECRET: SECRET }, now: clock.now });
  srv = await startServer(deps);
  const admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
  await admin.post('/api/v1/teams', { key: 'web', name: 'Web' });
  await admin.post('/api/v1/services', { name: 'Codertocat/Hello-World', team: 'web' });
});
afterAll(() => srv.close());

describe('pull-request flow from GitHub webhooks', () => {
  // The story, with the times the test sets (all on 2026-03-02, UTC).
  const T = {
    firstCommit: '2026-03-02T07:00:00.000Z',
    headCommit: '2026-03-02T07:30:00.000Z',
    opened: '2026-03-02T09:00:00.000Z', // as a draft
    ready: '2026-03-02T11:00:00.000Z',
    selfReview: '2026-03-02T11:30:00.000Z', // by the author: not a pickup
    firstReview: '2026-03-02T13:15:00.000Z',
    approved: '2026-03-02T14:00:00.000Z',
    merged: '2026-03-02T16:00:00.000Z',
    deployed: '2026-03-02T18:30:00.000Z',
  };
  const opened = fixture('pull_request.opened');
  const HEAD = opened.pull_request.head.sha as string;
  const FIRST = '1111111111111111111111111111111111111111';
  const MERGE = 'c4295bd74fb0f4fda03689c3df3f2803b658fd85';

  it('maps a PR opened, reviewed, merged and deployed through the example payloads onto four stages', async () => {
    // The branch is pushed before the PR opens: its commits date the coding stage.
    const push = fixture('push.with-new-branch');
    Object.assign(push, { ref: 'refs/heads/changes', after: HEAD });
    push.commits = [
      { ...push.commits[0], id: FIRST, timestamp: T.firstCommit },
      { ...push.commits[0], id: HEAD, timestamp: T.headCommit },
    ];
    expect((await deliver('push', push)).status).toBe(200);

    const openedRes = await deliver(
      'pull_request',
      prEvent('pull_request.opened', 2, { draft: true, created_at: T.opened, updated_at: T.opened }),
    );
    expect(openedRes).toMatchObject({
      status: 200,
      json: { outcome: 'stored', pull_request: 'github:Codertocat/Hello-World#2' },
    });
    expect(
      (
        await deliver(
          'pull_request',
          prEvent('pull_request.ready_for_review', 2, { created_at: T.opened, updated_at: T.ready }),
        )
      ).status,
    ).toBe(200);
    const self = review(2, 901, opened.pull_request.user, 'commented', T.selfReview, T.opened);
    expect((await deliver('pull_request_review', self)).json.outcome).toBe('stored');
    expect(
      (await deliver('pull_request_review', review(2, 902, OTHER, 'commented', T.firstReview, T.opened))).status,
    ).toBe(200);
    expect((await deliver('pull_request_review', review(2, 903, OTHER, 'APPROVED', T.approved, T.opened))).status).toBe(
      200,
    );
    const closed = prEvent('pull_request.closed', 2, {
      created_at: T.opened,
      updated_at: T.merged,
      closed_at: T.merged,
      merged_at: T.merged,
      merged: true,
      merge_commit_sha: MERGE,
      additions: 30,
      deletions: 10,
    });
    expect((await deliver('pull_request', closed)).json.outcome).toBe('updated');
    // The merge lands on master and is deployed to production.
    const mainPush = fixture('push.with-new-branch');
    Object.assign(mainPush, { ref: 'refs/heads/master', before: HEAD, after: MERGE });
    mainPush.commits = [{ ...mainPush.commits[0], id: MERGE, timestamp: T.merged }];
    expect((await deliver('push', mainPush)).status).toBe(200);
    const deployment = structuredClone(deploymentStatus);
    deployment.repository = closed.repository;
    Object.assign(deployment.deployment, { id: 777, sha: MERGE, environment: 'production' });
    Object.assign(deployment.deployment_status, {
      environment: 'production',
      created_at: T.deployed,
      updated_at: T.deployed,
    });
    expect((await deliver('deployment_status', deployment)).status).toBe(200);

    const row = deps.db
      .prepare(
        `SELECT state, draft, ever_draft AS everDraft, author_login AS author, ready_at AS ready, first_review_at AS firstReview,
          approved_at AS approved, merged_at AS merged, first_commit_at AS firstCommit, merge_commit_sha AS sha, additions, deletions
        FROM pull_requests`,
      )
      .all();
    expect(row).toEqual([
      {
        state: 'merged',
        draft: 0,
        everDraft: 1,
        author: 'Codertocat',
        ready: T.ready,
        firstReview: T.firstReview,
        approved: T.approved,
        merged: T.merged,
        firstCommit: T.firstCommit,
        sha: MERGE,
        additions: 30,
        deletions: 10,
      },
    ]);

    const flow = await viewer.get('/api/v1/flow?team=web&from=2026-03-01&to=2026-03-08');
    expect(flow.status).toBe(200);
    const one = (v: number) => ({ median: v, p75: v, n: 1 });
    expect(flow.json).toMatchObject({
      merged: 1,
      deployed: 1,
      coding_hours: one(hours(T.firstCommit, T.opened)), // 2
      pickup_hours: one(hours(T.ready, T.firstReview)), // 2.25
      review_hours: one(hours(T.firstReview, T.merged)), // 2.75
      deploy_hours: one(hours(T.merged, T.deployed)), // 2.5
      cycle_time_hours: one(hours(T.firstCommit, T.deployed)), // 11.5
      size_lines: { median: 40, p75: 40 },
    });
    expect(flow.json.by_size[0]).toEqual({
      bucket: '≤50 lines',
      min_lines: 0,
      max_lines: 50,
      merged: 1,
      cycle_time_median_hours: 11.5,
    });
  });

  it('redeliveries and late, older snapshots change nothing', async () => {
    const before = deps.db.prepare('SELECT * FROM pull_requests').all();
    const reviews = deps.db.prepare('SELECT COUNT(*) FROM pull_request_reviews').pluck().get();
    // The opened event again (a new delivery id): older than the merge, so the PR stays merged.
    await deliver(
      'pull_request',
      prEvent('pull_request.opened', 2, { draft: true, created_at: T.opened, updated_at: T.opened }),
    );
    expect(
      (await deliver('pull_request_review', review(2, 902, OTHER, 'commented', T.firstReview, T.opened))).json.outcome,
    ).toBe('updated');
    const again = deps.db.prepare('SELECT * FROM pull_requests').all() as any[];
    expect(again.map(({ updated_at: _u, ...r }) => r)).toEqual((before as any[]).map(({ updated_at: _u, ...r }) => r));
    expect(deps.db.prepare('SELECT COUNT(*) FROM pull_request_reviews').pluck().get()).toBe(reviews);
  });

  it('ignores actions and reviews it does not use with 202', async () => {
    const labeled = await deliver('pull_request', fixture('pull_request.labeled'));
    expect(labeled.status).toBe(202);
    expect(labeled.json.outcome).toContain('action "labeled" is not used');
    const dismissed = review(2, 904, OTHER, 'dismissed', T.approved, T.opened);
    dismissed.action = 'dismissed';
    expect((await deliver('pull_request_review', dismissed)).status).toBe(202);
    const elsewhere = prEvent('pull_request.opened', 3, {});
    elsewhere.repository = { ...elsewhere.repository, full_name: 'someone/else', name: 'else' };
    const res = await deliver('pull_request', elsewhere);
    expect(res.status).toBe(202);
    expect(res.json.outcome).toContain('no service named "someone/else"');
  });

  it('never-draft PRs wait for pickup from opening; size buckets count merged PRs by additions + deletions', async () => {
    // Four more PRs merged on 2026-03-03, never drafts, no pushes seen (coding unknown), not deployed.
    const specs = [
      {
        n: 10,
        lines: [5, 5],
        opened: '2026-03-03T08:00:00.000Z',
        review: '2026-03-03T09:00:00.000Z',
        merged: '2026-03-03T10:00:00.000Z',
      },
      {
        n: 11,
        lines: [120, 30],
        opened: '2026-03-03T08:00:00.000Z',
        review: '2026-03-03T12:00:00.000Z',
        merged: '2026-03-03T13:00:00.000Z',
      },
      { n: 12, lines: [100, 99], opened: '2026-03-03T06:00:00.000Z', review: null, merged: '2026-03-03T16:00:00.000Z' },
      {
        n: 13,
        lines: [900, 200],
        opened: '2026-03-02T20:00:00.000Z',
        review: '2026-03-03T10:00:00.000Z',
        merged: '2026-03-03T18:00:00.000Z',
      },
    ];
    for (const s of specs) {
      await deliver(
        'pull_request',
        prEvent('pull_request.opened', s.n, { draft: false, created_at: s.opened, updated_at: s.opened }),
      );
      if (s.review)
        await deliver('pull_request_review', review(s.n, 1000 + s.n, OTHER, 'approved', s.review, s.opened));
      const closed = prEvent('pull_request.closed', s.n, {
        created_at: s.opened,
        updated_at: s.merged,
        closed_at: s.merged,
        merged_at: s.merged,
        merged: true,
        merge_commit_sha: `${s.n}`.padStart(40, 'a'),
        additions: s.lines[0],
        deletions: s.lines[1],
      });
      await deliver('pull_request', closed);
    }
    // A PR closed without merging is not counted.
    await deliver(
      'pull_request',
      prEvent('pull_request.closed', 14, { created_at: '2026-03-03T08:00:00Z', merged: false, merged_at: null }),
    );

    const flow = (await viewer.get('/api/v1/flow?from=2026-03-03&to=2026-03-04')).json;
    expect(flow.merged).toBe(4);
    expect(flow.deployed).toBe(0);
    expect(flow.coding_hours.n).toBe(0);
    expect(flow.deploy_hours.n).toBe(0);
    // Pickup from opening (never drafts): 1, 4, 14 h → median 4; PR 12 has no review.
    expect(flow.pickup_hours).toEqual({ median: 4, p75: 9, n: 3 });
    // Cycle = opened → merged (no commits, no deployment): 2, 5, 10, 22 h.
    expect(flow.cycle_time_hours).toEqual({ median: 7.5, p75: 13, n: 4 });
    const buckets = Object.fromEntries(flow.by_size.map((b: any) => [b.bucket, [b.merged, b.cycle_time_median_hours]]));
    expect(buckets).toEqual({
      '≤50 lines': [1, 2],
      '51–200 lines': [2, 7.5],
      '201–500 lines': [0, null],
      '501–1000 lines': [0, null],
      '>1000 lines': [1, 22],
    });
    // Sizes 10, 150, 199, 1100 → median 174.5, p75 424.25.
    expect(flow.size_lines).toMatchObject({ median: 174.5, p75: 424.25 });
  });

  it('never answers 5xx to hostile pull_request or review payloads', async () => {
    const pr = prEvent('pull_request.opened', 40, {});
    const hostile = [
      { ...pr, pull_request: { ...pr.pull_request, number: 'x', user: { id: { toString: 'x' } } } },
      { ...pr, pull_request: { ...pr.pull_request, head: { repo: [], sha: 5 }, created_at: 'not a time' } },
      { ...pr, pull_request: null, repository: { full_name: { valueOf: 1 } } },
      { ...fixture('pull_request_review.submitted'), review: { id: { toString: 'x' }, submitted_at: 3 } },
      { ...fixture('pull_request_review.submitted'), review: null, pull_request: [] },
    ];
    for (const event of ['pull_request', 'pull_request_review'])
      for (const payload of hostile) expect((await deliver(event, payload)).status).toBeLessThan(500);
  });

  it('answers CSV with the same figures, and names a bad window or team', async () => {
    const csv = await fetch(`${srv.base}/api/v1/flow?from=2026-03-03&to=2026-03-04&format=csv`, {
      headers: { authorization: `Bearer ${tokenFor(deps, 'viewer')}` },
    });
    expect(csv.status).toBe(200);
    const [header, all, ...buckets] = (await csv.text()).trim().split(/\r?\n/);
    const cols = header.split(',');
    const cell = (line: string, col: string) => line.split(',')[cols.indexOf(col)];
    expect(cell(all, 'merged')).toBe('4');
    expect(cell(all, 'cycle_time_median_hours')).toBe('7.5');
    expect(cell(all, 'pickup_p75_hours')).toBe('9');
    expect(buckets).toHaveLength(5);
    expect(cell(buckets[4], 'bucket')).toBe('>1000 lines');
    expect(cell(buckets[4], 'cycle_time_median_hours')).toBe('22');
    const bad = await viewer.get('/api/v1/flow?from=2026-03-05&to=2026-03-01');
    expect(bad.status).toBe(422);
    expect(bad.json.error.details[0].field).toBe('from');
    const unknown = await viewer.get('/api/v1/flow?team=nope');
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.details[0].field).toBe('team');
  });
});
