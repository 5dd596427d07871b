import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Deps } from '../../src/deps.js';
import { hasChromium, launchBrowser, loginInBrowser, openPage, SKIP_MESSAGE } from '../helpers/browser.js';
import { makeDeps } from '../helpers/deps.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { buildDriversOrg } from '../surveys/drivers-fixture.js';

const ARTIFACTS = 'test-artifacts';
const WINDOW = 'from=2026-01-05&to=2026-03-01';

/**
 * The key-drivers quadrant on the team, org overview and leadership pages in a real browser: drawn
 * from its JSON under the strict CSP, the "look first" quadrant marked, the sentence worded as
 * association, hidden with its reason for a group under k; desktop, 375 px and print screenshots.
 */
describe.skipIf(!hasChromium())('key drivers on the report pages', () => {
  let deps: Deps;
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    deps = makeDeps({ now: () => new Date('2026-03-02T10:00:00Z') });
    buildDriversOrg(deps, { comments: true });
    server = await startServer(deps);
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const pages = [
    ['team', `/teams/checkout?${WINDOW}`],
    ['org', `/?${WINDOW}`],
    ['leadership', `/leadership?${WINDOW}`],
  ] as const;

  for (const [name, path] of pages) {
    it(`draws the quadrant on the ${name} page at desktop, 375 px and in print`, async () => {
      const w = await openPage(browser);
      try {
        await w.page.setViewportSize({ width: 1280, height: 900 });
        await loginInBrowser(w.page, server.base, deps, 'viewer');
        await w.page.goto(server.base + path, { waitUntil: 'networkidle' });
        // A function, not a string: the page's CSP forbids eval, which polling a string needs.
        await w.page.waitForFunction(() => {
          const page = globalThis as unknown as {
            Chart?: { getChart: (c: unknown) => unknown };
            document: { querySelector: (s: string) => unknown };
          };
          return !!page.Chart?.getChart(page.document.querySelector('canvas[data-drivers-chart]'));
        });
        const sentence = await w.page.locator('#drivers-sentence').innerText();
        expect(sentence).toMatch(/associated with how people answer/);
        expect(sentence).toMatch(/not proof of cause/);
        expect(sentence).not.toMatch(/\b(causes|drives|because)\b/i);
        expect(sentence).toMatch(/^Build and test/);
        // Points split into the quadrant and the rest; the quadrant's medians are the focus rule's.
        const chart = await w.page.evaluate<{ focus: number; rest: number; medians: { x: number; y: number } }>(
          `(() => { const c = window.Chart.getChart(document.querySelector("canvas[data-drivers-chart]"));
             return { focus: c.data.datasets[0].data.length, rest: c.data.datasets[1].data.length,
                      medians: c.options.plugins.driversQuadrant }; })()`,
        );
        expect(chart.focus).toBeGreaterThan(0);
        expect(chart.focus + chart.rest).toBeGreaterThanOrEqual(4);
        expect(chart.medians.x).toBeGreaterThan(0);
        expect(await w.page.locator('#drivers .drivers__focus').count()).toBe(chart.focus);
        await w.page.locator('#drivers').screenshot({ path: `${ARTIFACTS}/drivers-${name}-desktop.png` });

        await w.page.setViewportSize({ width: 375, height: 800 });
        await w.page.waitForTimeout(100);
        const overflow = await w.page.evaluate<number>(
          'document.querySelector("#drivers").getBoundingClientRect().right - document.documentElement.clientWidth',
        );
        expect(overflow).toBeLessThanOrEqual(1);
        await w.page.locator('#drivers').screenshot({ path: `${ARTIFACTS}/drivers-${name}-375.png` });

        await w.page.setViewportSize({ width: 1280, height: 900 });
        await w.page.emulateMedia({ media: 'print' });
        if (name === 'leadership') {
          // The brief prints on two pages: there the quadrant is screen-only, its sentence and the
          // owner split print as one line each.
          expect(await w.page.locator('#drivers canvas').isVisible()).toBe(false);
          expect(await w.page.locator('#drivers-print').innerText()).toMatch(/associated with how people answer/);
          expect(await w.page.locator('#owner-print').innerText()).toMatch(
            /The platform can fix \d+%.*Shared with others \d+%.*Others own \d+%/,
          );
        } else expect(await w.page.locator('#drivers canvas').isVisible()).toBe(true);
        await w.page.screenshot({ path: `${ARTIFACTS}/drivers-${name}-print.png`, fullPage: true });
        expect(w.consoleErrors).toEqual([]);
        expect(w.pageErrors).toEqual([]);
        expect(await w.cspViolations()).toEqual([]);
      } finally {
        await w.close();
      }
    }, 60_000);
  }

  it('hides the quadrant for a team under k and says why', async () => {
    const w = await openPage(browser);
    try {
      await loginInBrowser(w.page, server.base, deps, 'viewer');
      await w.page.goto(`${server.base}/teams/security?${WINDOW}`);
      // security has 3 people (k = 5): no chart, no sentence, no table; the reason instead.
      expect(await w.page.locator('canvas[data-drivers-chart]').count()).toBe(0);
      expect(await w.page.locator('#drivers-sentence').count()).toBe(0);
      expect(await w.page.locator('#drivers table').count()).toBe(0);
      expect(await w.page.locator('#drivers-reason').innerText()).toMatch(/fewer than 5 respondents/);
      await w.page.locator('#drivers').screenshot({ path: `${ARTIFACTS}/drivers-team-hidden.png` });
    } finally {
      await w.close();
    }
  }, 60_000);

  it('says on the leadership page what the platform owns and what it does not', async () => {
    const w = await openPage(browser);
    try {
      await loginInBrowser(w.page, server.base, deps, 'viewer');
      await w.page.goto(`${server.base}/leadership?${WINDOW}`);
      const owner = await w.page.locator('#owner-sentence').innerText();
      expect(owner).toMatch(/The platform can fix \d+% of friction-theme mentions/);
      expect(owner).toMatch(/is for others to fix \(.*Meetings and interruptions/);
      expect(owner).toMatch(/claims only its own part/);
      expect(owner).toMatch(/an estimated \$[\d,]+ of capacity/);
      const rows = await w.page.locator('#ownership tbody tr').allInnerTexts();
      expect(rows.map((r) => r.split('\t')[0])).toEqual(['The platform can fix', 'Shared with others', 'Others own']);
      await w.page.locator('#ownership').screenshot({ path: `${ARTIFACTS}/ownership-leadership.png` });
    } finally {
      await w.close();
    }
  }, 60_000);
});

if (!hasChromium()) {
  describe.skip('key drivers on the report pages (skipped)', () => {
    it(SKIP_MESSAGE, () => undefined);
  });
}
