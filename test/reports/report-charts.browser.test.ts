import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Deps } from '../../src/deps.js';
import { hasChromium, launchBrowser, loginInBrowser, openPage, SKIP_MESSAGE } from '../helpers/browser.js';
import { makeDeps } from '../helpers/deps.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { buildReportOrg, NOW } from './fixture.js';

/** Charts are drawn by a static script from embedded JSON, under the strict CSP, with no errors. */
describe.skipIf(!hasChromium())('report charts in a real browser', () => {
  let deps: Deps;
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    deps = makeDeps({ now: () => new Date(NOW) });
    buildReportOrg(deps, { leafTeams: 4, tiny: true, drop: true });
    server = await startServer(deps);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the trend band and the failure reasons, and prints without navigation', async () => {
    const w = await openPage(browser);
    try {
      await loginInBrowser(w.page, server.base, deps, 'analyst');
      await w.page.goto(`${server.base}/teams/droppy`);
      await w.page.waitForFunction('window.Chart && document.querySelectorAll("canvas[data-chart]").length > 0');
      const drawn = await w.page.evaluate<Array<[string, boolean]>>(
        '[...document.querySelectorAll("canvas[data-chart]")].map((c) => [c.dataset.chart, !!window.Chart.getChart(c)])',
      );
      expect(drawn).toEqual([
        ['trend-band', true],
        ['stacked-reasons', true],
      ]);
      // The band: two interval datasets plus the line.
      expect(
        await w.page.evaluate(
          'window.Chart.getChart(document.querySelector("canvas[data-chart=trend-band]")).data.datasets.length',
        ),
      ).toBe(3);

      await w.page.goto(`${server.base}/leadership`);
      await w.page.waitForFunction(
        'window.Chart && window.Chart.getChart(document.querySelector("canvas[data-source=chart-devex]"))',
      );
      await w.page.emulateMedia({ media: 'print' });
      expect(await w.page.isVisible('.site-header')).toBe(false);
      expect(await w.page.isVisible('form[action="/leadership/share"]')).toBe(false);
      expect(await w.page.isVisible('#devex')).toBe(true);
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
  describe.skip('report charts in a real browser (skipped)', () => {
    it(SKIP_MESSAGE, () => undefined);
  });
}
