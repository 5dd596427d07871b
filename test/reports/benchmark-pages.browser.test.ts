import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Deps } from '../../src/deps.js';
import { hasChromium, launchBrowser, loginInBrowser, openPage, SKIP_MESSAGE } from '../helpers/browser.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { buildReportOrg, NOW } from './fixture.js';

const ARTIFACTS = 'test-artifacts';

/**
 * The industry benchmark on the delivery, team and leadership pages: one chart per metric and the
 * performance average on the honest 0–10 axis, with the edition and "DORA Quick Check, dora.dev"
 * cited and the percentile labelled an approximation; at desktop width, at 375 px and in print.
 */
describe.skipIf(!hasChromium())('benchmark charts in a real browser', () => {
  let deps: Deps;
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    deps = makeDeps({ now: () => new Date(NOW) });
    buildReportOrg(deps, { leafTeams: 6 });
    server = await startServer(deps);
    // More deployments for t01 so some metrics have a position and others say why not.
    const ingest = apiClient(server.base, tokenFor(deps, 'ingest'));
    const base = Date.parse(NOW) - 30 * 86_400_000;
    const deployments = Array.from({ length: 40 }, (_, i) => ({
      id: `bm-${i}`,
      service: 't01-svc',
      team: 't01',
      finished_at: new Date(base + i * 12 * 3_600_000).toISOString(),
      status: i % 9 === 0 ? 'failure' : 'success',
      commits: [{ sha: `bm-c${i}`, committed_at: new Date(base + i * 12 * 3_600_000 - 30 * 3_600_000).toISOString() }],
    }));
    expect((await ingest.post('/api/v1/deployments', { deployments })).status).toBe(200);
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const pages: Array<[string, string]> = [
    ['delivery-org', '/delivery'],
    ['delivery-team', '/teams/t01/delivery'],
    ['team', '/teams/t01'],
    ['leadership', '/leadership'],
  ];

  for (const [name, path] of pages)
    it(`${path}: draws every benchmark chart on 0–10 with a marker, cites the edition and dora.dev`, async () => {
      const w = await openPage(browser);
      try {
        await loginInBrowser(w.page, server.base, deps, 'analyst');
        await w.page.goto(`${server.base}${path}`);
        await w.page.waitForFunction(
          '[...document.querySelectorAll("canvas[data-benchmark]")].every((c) => window.Chart && window.Chart.getChart(c))',
        );
        const charts = await w.page.evaluate<Array<{ min: number; max: number; datasets: number; label: string }>>(
          `[...document.querySelectorAll('canvas[data-benchmark]')].map((c) => {
            const ch = window.Chart.getChart(c);
            return { min: ch.scales.x.min, max: ch.scales.x.max, datasets: ch.data.datasets.length, label: c.getAttribute('aria-label') };
          })`,
        );
        // Five metrics in the 2025 edition plus the performance average.
        expect(charts).toHaveLength(6);
        for (const c of charts) expect([c.min, c.max]).toEqual([0, 10]);
        const text = await w.page.locator('section.benchmark').innerText();
        expect(text).toContain('DORA Quick Check, dora.dev');
        expect(text).toContain('2025 edition');
        expect(text).toMatch(/percentile \(approximation\)/i);
        if (name === 'delivery-team' || name === 'team') {
          // t01 deploys about every other day: a marker (second dataset) on its frequency chart.
          expect(charts[1].datasets).toBe(2);
          expect(text).toMatch(/Between once per day and once per week/);
        }
        await w.page.screenshot({ path: `${ARTIFACTS}/benchmark-${name}.png`, fullPage: true });
        await w.page.setViewportSize({ width: 375, height: 800 });
        await w.page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
        const overflow = await w.page.evaluate<number>(
          `Math.max(0, ...[...document.querySelectorAll('section.benchmark canvas')].map((c) => c.getBoundingClientRect().right - document.documentElement.clientWidth))`,
        );
        expect(overflow).toBeLessThanOrEqual(1);
        await w.page.locator('section.benchmark').screenshot({ path: `${ARTIFACTS}/benchmark-${name}-375.png` });
        await w.page.setViewportSize({ width: 1280, height: 900 });
        await w.page.emulateMedia({ media: 'print' });
        if (name === 'leadership') {
          // The two-page brief prints one line in its appendix; the charts and table are screen-only.
          expect(await w.page.isVisible('#benchmark-table')).toBe(false);
          expect(await w.page.isVisible('#benchmark-print')).toBe(true);
          const line = await w.page.locator('#benchmark-print').innerText();
          expect(line).toContain('DORA Quick Check, 2025 edition, dora.dev');
          expect(line).toMatch(/percentile \d+ \(approximation\)|no performance average/);
        } else {
          expect(await w.page.isVisible('section.benchmark canvas')).toBe(true);
          await w.page.locator('section.benchmark').screenshot({ path: `${ARTIFACTS}/benchmark-${name}-print.png` });
        }
        expect(w.consoleErrors).toEqual([]);
        expect(w.pageErrors).toEqual([]);
        expect(await w.cspViolations()).toEqual([]);
      } finally {
        await w.close();
      }
    }, 60_000);
});

// Registered only when Chromium is absent, so a run with Chromium shows no skipped placeholder.
if (!hasChromium()) {
  describe.skip('benchmark charts in a real browser (skipped)', () => {
    it(SKIP_MESSAGE, () => undefined);
  });
}
