import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { updateAttributeKeys } from '../../src/attributes/attributes.service.js';
import type { Deps } from '../../src/deps.js';
import { DEMO_TEAMS, demoPeople } from '../../src/demo/org.js';
import { DEMO_REPORTABLE } from '../../src/demo/people-attributes.js';
import { seededRandom } from '../../src/demo/seed.js';
import { seedSurveys } from '../../src/demo/surveys.js';
import { upsertPeople, upsertTeams } from '../../src/directory/directory.service.js';
import { hasChromium, launchBrowser, loginInBrowser, openPage, SKIP_MESSAGE } from '../helpers/browser.js';
import { makeDeps } from '../helpers/deps.js';
import { startServer, type TestServer } from '../helpers/server.js';

const TODAY = new Date('2026-03-04T12:00:00.000Z');
const PAGES = [
  { name: 'team-breakdown', path: '/teams/platform?by=tenure' },
  { name: 'results-segment', path: '/surveys/pulse/results?team=platform-group&segment=tenure%3A%3C6m' },
  { name: 'admin-people', path: '/admin/people#attributes' },
  { name: 'org-pivot', path: '/?by=tenure' },
];

const describeBrowser = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(SKIP_MESSAGE);

describeBrowser('segment pages in a browser', () => {
  let deps: Deps;
  let srv: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    deps = makeDeps({ now: () => TODAY });
    upsertTeams(deps, { teams: DEMO_TEAMS });
    upsertPeople(deps, { people: demoPeople(TODAY) });
    updateAttributeKeys(deps, { attributes: DEMO_REPORTABLE.map((k) => ({ ...k, reportable: true })) });
    seedSurveys({ deps, random: seededRandom(20260301), today: TODAY });
    srv = await startServer(deps);
    browser = await launchBrowser();
    mkdirSync('test-artifacts', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it.each([1280, 375])(
    'draws the breakdown chart and fits the filter bar at %i px, without script errors',
    async (width) => {
      const w = await openPage(browser);
      await w.page.setViewportSize({ width, height: 900 });
      await loginInBrowser(w.page, srv.base, deps, 'admin');
      for (const p of PAGES) {
        await w.page.goto(srv.base + p.path);
        if (p.name === 'team-breakdown') {
          // The chart has ink once chart.js drew it.
          await w.page.waitForFunction(
            `(() => { const c = document.querySelector('canvas[data-chart="group-bars"]');
             if (!c || !c.width) return false;
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true; return false; })()`,
            undefined,
            { timeout: 5000 },
          );
        }
        await w.page.screenshot({ path: `test-artifacts/segments-${p.name}-${width}.png`, fullPage: true });
        if (p.name === 'team-breakdown')
          await w.page
            .locator('section.breakdown')
            .screenshot({ path: `test-artifacts/segments-breakdown-card-${width}.png` });
        const overflow = await w.page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        expect(overflow, `${p.name} at ${width}px`).toBeLessThanOrEqual(1);
      }
      expect(w.pageErrors).toEqual([]);
      expect(w.consoleErrors).toEqual([]);
      await w.close();
    },
  );
});
