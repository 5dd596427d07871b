import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { upsertTeams } from '../../src/directory/directory.service.js';
import { getSurvey, upsertSurvey } from '../../src/surveys/surveys.service.js';
import { hasChromium, launchBrowser, loginInBrowser, openPage, SKIP_MESSAGE } from '../helpers/browser.js';
import { makeDeps } from '../helpers/deps.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { SMALL_SURVEY } from '../surveys/fixtures.js';

/**
 * The survey editor's schedule picker in headless Chromium: the rhythm shows only its controls, the
 * next five runs follow the picks (from GET /api/v1/cadence/preview) before saving, and saving
 * stores the picked cadence. Screenshots at 1280 and 375 px land in test-artifacts/.
 */
const ARTIFACTS = 'test-artifacts';
let deps: Deps;
let srv: TestServer;
let browser: Browser;

const describeBrowser = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(SKIP_MESSAGE);

const shot = (page: Page, name: string) =>
  page.locator('[data-cadence-picker]').screenshot({ path: `${ARTIFACTS}/${name}.png` });
const visible = (page: Page, id: string) => page.locator(`#${id}`).isVisible();
const runs = (page: Page) => page.locator('#cadence-preview time').allTextContents();

describeBrowser('schedule picker in a real browser', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    deps = makeDeps();
    upsertTeams(deps, { teams: [{ key: 'payments', name: 'Payments' }] });
    upsertSurvey(deps, { ...SMALL_SURVEY, key: 'pulse', name: 'Weekly pulse', timezone: 'Europe/Berlin' });
    srv = await startServer(deps, { rateLimits: false });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('shows the controls of the chosen rhythm and the next five runs as you pick, then saves', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.setViewportSize({ width: 1280, height: 900 });
    await loginInBrowser(page, srv.base, deps, 'admin');
    await page.goto(`${srv.base}/admin/surveys/pulse`);
    await page.waitForSelector('[data-cadence-picker][data-ready="true"]');
    // No cadence yet: only the rhythm and the time zone.
    expect(await visible(page, 'cadence_weekday')).toBe(false);
    expect(await visible(page, 'timezone')).toBe(true);

    await page.selectOption('#rhythm', 'weeks');
    expect(await visible(page, 'cadence_every')).toBe(true);
    expect(await visible(page, 'cadence_week')).toBe(false);
    expect(await visible(page, 'cadence_cron')).toBe(false);
    await page.selectOption('#cadence_weekday', 'tuesday');
    await page.fill('#cadence_time', '09:30');
    await page.fill('#starts_on', '2027-03-09'); // Berlin changes to summer time on 28 March 2027
    await expect
      .poll(() => runs(page), { timeout: 5000 })
      .toEqual([
        'Tue, 9 Mar 2027, 09:30 CET',
        'Tue, 23 Mar 2027, 09:30 CET',
        'Tue, 6 Apr 2027, 09:30 CEST',
        'Tue, 20 Apr 2027, 09:30 CEST',
        'Tue, 4 May 2027, 09:30 CEST',
      ]);
    expect(await page.textContent('#cadence-preview')).toContain('Every 2 weeks on Tuesday at 09:30');
    await shot(page, 'cadence-picker');

    // A bad cron says why, in place of the dates.
    await page.selectOption('#rhythm', 'cron');
    expect(await visible(page, 'cadence_cron')).toBe(true);
    expect(await visible(page, 'cadence_weekday')).toBe(false);
    await page.fill('#cadence_cron', '0 25 * * 1');
    await expect.poll(() => page.textContent('#cadence-preview'), { timeout: 5000 }).toContain('not a valid cron');
    expect(await runs(page)).toEqual([]);

    await page.selectOption('#rhythm', 'weeks');
    await page.setViewportSize({ width: 375, height: 800 });
    await shot(page, 'cadence-picker-375');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 900 });
    await Promise.all([page.waitForURL(/saved=1/), page.click('button.button:has-text("Save changes")')]);
    expect(getSurvey(deps, 'pulse').survey).toMatchObject({
      cadence: 'every 2 weeks on tuesday 09:30',
      startsOn: '2027-03-09',
    });
    expect(w.pageErrors).toEqual([]);
    expect(await w.cspViolations()).toEqual([]);
    await w.close();
  });
});
