import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Deps } from '../../src/deps.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { hasChromium, launchBrowser, loginInBrowser, openPage, SKIP_MESSAGE } from '../helpers/browser.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { DEVEX_QUESTIONS, surveyFactory } from '../helpers/survey-factory.js';

const run = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(SKIP_MESSAGE);

run('results page in a real browser', () => {
  let deps: Deps;
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    deps = makeDeps({ now: testClock('2026-03-02T10:00:00Z').now });
    const f = surveyFactory(deps);
    f.teams([
      { key: 'group', name: 'Product' },
      { key: 'payments', name: 'Payments', parent: 'group' },
      { key: 'checkout', name: 'Checkout', parent: 'group' },
    ]);
    f.survey({ key: 'pulse', name: 'Weekly pulse', questions: DEVEX_QUESTIONS });
    for (let i = 0; i < 30; i++) {
      f.response({
        survey: 'pulse',
        team: i % 2 ? 'payments' : 'checkout',
        respondent: `p${i}`,
        submittedAt: `2026-0${i % 2 ? 1 : 2}-1${i % 9}T10:00:00Z`,
        answers: {
          build_and_test: 1 + (i % 5),
          code_review: 1 + ((i * 3) % 5),
          codebase: 4,
          deep_work: 2 + (i % 3),
          release: 5 - (i % 4),
          recommend: i % 11,
          hours_lost: '2-4',
        },
      });
    }
    server = await startServer(deps);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the stacked chart from the embedded data with no CSP violation or script error', async () => {
    const watched = await openPage(browser);
    // An admin's exact-window switch; by default everyone sees whole weeks (test/surveys/results-weekly.test.ts).
    await loginInBrowser(watched.page, server.base, deps, 'admin');
    await watched.page.goto(`${server.base}/surveys/pulse/results?team=group&exact=1`);
    // Strings, not functions: these run in the page (the test code is type-checked without the DOM lib).
    const chart = 'window.Chart && window.Chart.getChart(document.getElementById("results-chart"))';
    await watched.page.waitForFunction(`!!(${chart})`, undefined, { timeout: 10_000 });
    const bars = await watched.page.evaluate<{ labels: string[]; datasets: string[] }>(
      `(() => { const c = ${chart}; return { labels: c.data.labels, datasets: c.data.datasets.map((d) => d.label) }; })()`,
    );
    expect(bars.datasets).toEqual(['Favorable', 'Neutral', 'Unfavorable']);
    expect(bars.labels).toHaveLength(5);
    expect(bars.labels[0]).toMatch(/^build_and_test \(n=30\)$/);
    if (process.env.RESULTS_SCREENSHOT)
      await watched.page.screenshot({ path: process.env.RESULTS_SCREENSHOT, fullPage: true });
    expect(await watched.cspViolations()).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
    expect(watched.consoleErrors).toEqual([]);
    await watched.close();
  }, 60_000);
});
