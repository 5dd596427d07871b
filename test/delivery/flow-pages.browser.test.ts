import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { directoryRepo } from '../../src/directory/directory.repo.js';
import { storePullRequest, storeReview } from '../../src/delivery/flow.service.js';
import { hasChromium, launchBrowser, loginInBrowser, openPage, SKIP_MESSAGE } from '../helpers/browser.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';

const ARTIFACTS = 'test-artifacts';
const clock = testClock('2026-03-20T12:00:00Z');
let deps: Deps;
let srv: TestServer;
let browser: Browser | undefined;
const WINDOW = 'from=2026-03-01&through=2026-03-19';

const at = (day: number, hour: number) => new Date(Date.UTC(2026, 2, day, hour)).toISOString();

/** A merged, never-draft pull request: opened → reviewed after `pickup` h → merged after `review` h more. */
function mergedPr(service: string, n: number, day: number, pickup: number, review: number) {
  const s = directoryRepo(deps.db).serviceByName(service)!;
  const opened = at(day, 8);
  const reviewed = new Date(Date.parse(opened) + pickup * 3_600_000).toISOString();
  const merged = new Date(Date.parse(reviewed) + review * 3_600_000).toISOString();
  deps.db.transaction(() => {
    const { id } = storePullRequest(deps, {
      externalId: `github:acme/${service}#${n}`,
      source: 'github',
      serviceId: s.id,
      teamId: s.teamId,
      number: n,
      authorLogin: 'dev',
      authorRef: '1',
      headRepository: `acme/${service}`,
      headRef: `refs/heads/pr-${n}`,
      headSha: null,
      state: 'merged',
      draft: false,
      everDraft: false,
      readyAt: opened,
      openedAt: opened,
      mergedAt: merged,
      closedAt: merged,
      additions: 40 * n,
      deletions: 5,
      mergeCommitSha: null,
      snapshotAt: merged,
    });
    storeReview(deps, id, {
      reviewRef: `r${n}`,
      reviewerRef: '2',
      reviewerLogin: 'reviewer',
      state: 'approved',
      submittedAt: reviewed,
    });
  })();
}

beforeAll(async () => {
  deps = makeDeps({ now: clock.now });
  srv = await startServer(deps);
  const admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  await admin.post('/api/v1/teams', {
    teams: [
      { key: 'eng', name: 'Engineering' },
      { key: 'payments', name: 'Payments', parent: 'eng' },
      { key: 'search', name: 'Search', parent: 'eng' },
    ],
  });
  await admin.post('/api/v1/services', {
    services: [
      { name: 'pay-api', team: 'payments' },
      { name: 'search-api', team: 'search' },
    ],
  });
  // Payments waits for pickup (10, 20, 30 h), Search for review (30, 40 h).
  mergedPr('pay-api', 1, 3, 10, 2);
  mergedPr('pay-api', 2, 4, 20, 2);
  mergedPr('pay-api', 3, 5, 30, 2);
  mergedPr('search-api', 4, 3, 1, 30);
  mergedPr('search-api', 5, 6, 1, 40);
  if (hasChromium()) browser = await launchBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await srv.close();
});

describe('where time waits on the delivery pages', () => {
  it('/delivery draws a stacked bar per team with each stage median and its n, and links its CSV', async () => {
    const s = await loginSession(srv.base, deps, 'viewer');
    const page = await s.get(`/delivery?${WINDOW}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Where time waits');
    const row = (name: string) =>
      page.text.slice(page.text.lastIndexOf(`<th scope="row">${name}<br>`)).split('</tr>')[0];
    // Payments: pickup median 20 h of n = 3, review 2 h; Search: pickup 1 h, review 35 h of n = 2.
    expect(row('Payments')).toContain('Pickup 20 h (n = 3) · Review 2 h (n = 3)');
    expect(row('Search')).toContain('Pickup 1 h (n = 2) · Review 35 h (n = 2)');
    expect(row('Engineering')).toContain('Coding – h (n = 0)');
    expect(row('Whole org')).toContain('flow-seg--pickup');
    // One scale: the longest bar (Search, 36 h) fills the width; Payments' 22 h is 22/36 of it.
    const widths = (html: string) =>
      [...html.matchAll(/flow-seg--(\w+)" x="([\d.]+)" y="0" width="([\d.]+)"/g)].map((m) => [m[1], Number(m[3])]);
    expect(widths(row('Search'))).toEqual([
      ['pickup', Math.round((1 / 36) * 100000) / 1000],
      ['review', Math.round((35 / 36) * 100000) / 1000],
    ]);
    expect(widths(row('Payments'))).toEqual([
      ['pickup', Math.round((20 / 36) * 100000) / 1000],
      ['review', Math.round((2 / 36) * 100000) / 1000],
    ]);
    const csvHref = /href="(\/api\/v1\/flow\/teams\?[^"]*format&#x3D;csv[^"]*)"/
      .exec(page.text)![1]
      .replace(/&amp;/g, '&')
      .replace(/&#x3D;/g, '=');
    const csv = await s.get(csvHref);
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split(/\r?\n/);
    const cols = lines[0].split(',');
    const payments = lines.find((l) => l.startsWith('payments,'))!.split(',');
    expect(payments[cols.indexOf('pickup_median_hours')]).toBe('20');
    expect(payments[cols.indexOf('pickup_n')]).toBe('3');
    expect(lines.some((l) => l.includes('Whole org'))).toBe(true);
  });

  it('/teams/:key/delivery shows the team and the teams below it', async () => {
    const s = await loginSession(srv.base, deps, 'viewer');
    const page = await s.get(`/teams/eng/delivery?${WINDOW}`);
    expect(page.status).toBe(200);
    for (const name of ['Engineering', 'Payments', 'Search'])
      expect(page.text).toContain(`<th scope="row">${name}<br>`);
    expect(page.text).not.toContain('<th scope="row">Whole org<br>');
    const json = await s.get(
      /href="(\/api\/v1\/flow\/teams\?team&#x3D;eng(?:(?!format)[^"])*)"/
        .exec(page.text)![1]
        .replace(/&amp;/g, '&')
        .replace(/&#x3D;/g, '='),
    );
    const body = JSON.parse(json.text);
    expect(body.teams.map((t: { key: string }) => t.key)).toEqual(['eng', 'payments', 'search']);
    expect(body.teams[0].merged).toBe(5);
  });

  it.skipIf(!hasChromium())(
    `renders at desktop, 375 px and in print without overflow${hasChromium() ? '' : ` (${SKIP_MESSAGE})`}`,
    async () => {
      const w = await openPage(browser!);
      try {
        await loginInBrowser(w.page, srv.base, deps, 'viewer');
        for (const path of ['/delivery', '/teams/eng/delivery']) {
          const name = path === '/delivery' ? 'flow-delivery' : 'flow-team';
          await w.page.setViewportSize({ width: 1280, height: 900 });
          await w.page.goto(`${srv.base}${path}?${WINDOW}`);
          const card = w.page.locator('#flow');
          await card.screenshot({ path: `${ARTIFACTS}/${name}-desktop.png` });
          const bars = await w.page
            .locator('#flow svg.flow-bar')
            .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().width)));
          expect(bars.length).toBeGreaterThanOrEqual(3);
          expect(Math.min(...bars)).toBeGreaterThan(100);
          await w.page.setViewportSize({ width: 375, height: 800 });
          await w.page.goto(`${srv.base}${path}?${WINDOW}`);
          await card.screenshot({ path: `${ARTIFACTS}/${name}-375.png` });
          const overflow = await w.page.evaluate<number>(
            `document.querySelector('#flow').scrollWidth - document.querySelector('#flow').clientWidth`,
          );
          expect(overflow).toBeLessThanOrEqual(0);
          await w.page.setViewportSize({ width: 1280, height: 900 });
          await w.page.emulateMedia({ media: 'print' });
          await w.page.goto(`${srv.base}${path}?${WINDOW}`);
          await card.screenshot({ path: `${ARTIFACTS}/${name}-print.png` });
          expect(await w.page.locator('#flow rect.flow-seg--pickup').count()).toBeGreaterThan(0);
          await w.page.emulateMedia({ media: 'screen' });
        }
        expect(w.pageErrors).toEqual([]);
        expect(await w.cspViolations()).toEqual([]);
      } finally {
        await w.close();
      }
    },
    90_000,
  );
});
