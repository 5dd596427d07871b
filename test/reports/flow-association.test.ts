import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { storePullRequest, storeReview } from '../../src/delivery/flow.service.js';
import { directoryRepo } from '../../src/directory/directory.repo.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { buildReportOrg, NOW } from './fixture.js';

const HOUR = 3_600_000;

/** Average ranks (ties share the mean of their positions), 1-based. */
function ranks(xs: number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) out[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}
function pearson(a: number[], b: number[]) {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let num = 0;
  let da = 0;
  let db = 0;
  a.forEach((x, i) => {
    num += (x - ma) * (b[i] - mb);
    da += (x - ma) ** 2;
    db += (b[i] - mb) ** 2;
  });
  return num / Math.sqrt(da * db);
}

// Team i (t01 … t12): pickup waits 40 − 3i hours, review (7i mod 12) + 1 hours.
const pickupOf = (i: number) => 40 - 3 * i;
const reviewOf = (i: number) => ((7 * i) % 12) + 1;

let deps: Deps;
let srv: TestServer;
let org: any;

beforeAll(async () => {
  deps = makeDeps({ now: () => new Date(NOW) });
  buildReportOrg(deps, { leafTeams: 12, tiny: true });
  for (let i = 0; i < 12; i++) {
    const key = `t${String(i + 1).padStart(2, '0')}`;
    const service = directoryRepo(deps.db).serviceByName(`${key}-svc`)!;
    const opened = new Date(Date.parse(NOW) - 30 * 24 * HOUR).toISOString();
    const reviewed = new Date(Date.parse(opened) + pickupOf(i) * HOUR).toISOString();
    const merged = new Date(Date.parse(reviewed) + reviewOf(i) * HOUR).toISOString();
    deps.db.transaction(() => {
      const { id } = storePullRequest(deps, {
        externalId: `github:acme/${key}#1`,
        source: 'github',
        serviceId: service.id,
        teamId: service.teamId,
        number: 1,
        authorLogin: 'author',
        authorRef: '1',
        headRepository: `acme/${key}`,
        headRef: 'refs/heads/work',
        headSha: null,
        state: 'merged',
        draft: false,
        everDraft: false,
        readyAt: opened,
        openedAt: opened,
        mergedAt: merged,
        closedAt: merged,
        additions: 10,
        deletions: 1,
        mergeCommitSha: null,
        snapshotAt: merged,
      });
      storeReview(deps, id, {
        reviewRef: `${key}-r`,
        reviewerRef: '2',
        reviewerLogin: 'reviewer',
        state: 'approved',
        submittedAt: reviewed,
      });
    })();
  }
  srv = await startServer(deps);
  const res = await apiClient(srv.base, tokenFor(deps, 'viewer')).get('/api/v1/org');
  expect(res.status).toBe(200);
  org = res.json;
});
afterAll(() => srv.close());

describe('code review × pull-request pickup and review across teams', () => {
  // The fixture's code_review answers: person p of team i answers 4 when p is odd, else 3, so
  // team i (6 + i people) is favorable for ⌊(6 + i) / 2⌋ of 6 + i.
  const favorability = (i: number) => Math.floor((6 + i) / 2) / (6 + i);
  const shown = () =>
    Array.from({ length: 12 }, (_, i) => i).filter((i) => {
      const row = org.teams.find((t: any) => t.key === `t${String(i + 1).padStart(2, '0')}`);
      return !row.suppressed;
    });

  for (const [delivery, valueOf, label] of [
    ['pickup_median_hours', pickupOf, 'median pull-request pickup time'],
    ['review_median_hours', reviewOf, 'median pull-request review time'],
  ] as const) {
    it(`uses the survey × delivery Spearman rule for ${delivery}`, () => {
      const teams = shown();
      expect(teams).toHaveLength(11); // t02 is hidden beside the 4-person team
      const a = org.associations.find((x: any) => x.survey === 'code_review' && x.delivery === delivery);
      expect(a).toBeDefined();
      expect(a.n).toBe(11);
      const rho = pearson(ranks(teams.map(favorability)), ranks(teams.map(valueOf)));
      expect(a.rho).toBeCloseTo(rho, 3);
      const half = 1.96 * Math.sqrt(1.06 / (11 - 3));
      expect(a.ci95[0]).toBeCloseTo(Math.tanh(Math.atanh(rho) - half), 3);
      expect(a.ci95[1]).toBeCloseTo(Math.tanh(Math.atanh(rho) + half), 3);
      expect(a.statement).toContain(`associated with ${label}`);
      expect(a.statement).not.toMatch(/cause[sd]? /i);
      // The team rows carry the medians they were ranked on.
      const t03 = org.teams.find((t: any) => t.key === 't03');
      expect(t03.dora[delivery]).toBe(valueOf(2));
    });
  }

  it('the org page says so, and the CSV carries both medians per team', async () => {
    const s = await loginSession(srv.base, deps, 'viewer');
    const page = await s.get('/');
    expect(page.status).toBe(200);
    // A session sees whole weeks (fewer teams may qualify): the pair is stated, or hidden with its reason.
    for (const label of ['pickup', 'review'])
      expect(page.text).toMatch(
        new RegExp(`Code review favorability (is [a-z ]*associated with|and) median pull-request ${label} time`),
      );
    const csv = await s.get('/api/v1/org?format=csv');
    const [header, ...lines] = csv.text.trim().split(/\r?\n/);
    const cols = header.split(',');
    const t05 = lines.find((l) => l.startsWith('t05,'))!.split(',');
    expect(Number(t05[cols.indexOf('pickup_median_hours')])).toBe(pickupOf(4));
    expect(Number(t05[cols.indexOf('review_median_hours')])).toBe(reviewOf(4));
  });
});
