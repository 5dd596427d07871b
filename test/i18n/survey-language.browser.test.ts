import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { upsertPeople } from '../../src/directory/directory.service.js';
import { QUESTION_BANK } from '../../src/surveys/question-bank.js';
import { openRun, runLinks } from '../../src/surveys/runs.service.js';
import { upsertSurvey } from '../../src/surveys/surveys.service.js';
import { hasChromium, launchBrowser, openPage, SKIP_MESSAGE } from '../helpers/browser.js';
import { makeDeps } from '../helpers/deps.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { seedOrg } from '../surveys/fixtures.js';

/**
 * The respondent form in German and Japanese in headless Chromium: the whole bank, the language
 * picker switching language and keeping the token, nothing wider than a 375 px phone.
 * Screenshots land in test-artifacts/.
 */
const ARTIFACTS = 'test-artifacts';
let deps: Deps;
let srv: TestServer;
let browser: Browser;
let token: string;

const describeBrowser = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(SKIP_MESSAGE);

describeBrowser('the survey form in other languages, in a real browser', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    deps = makeDeps();
    seedOrg(deps);
    upsertPeople(deps, { people: [{ email: 'pay0@acme.example', name: 'Pay 0', team: 'payments', locale: 'de' }] });
    upsertSurvey(deps, {
      key: 'snapshot',
      name: 'Quarterly DevEx snapshot',
      anonymity_threshold: 5,
      questions: QUESTION_BANK.map((q) => ({ key: q.key, text: q.text, type: q.type, dimension: q.dimension })),
    });
    const { runId } = openRun(deps, 'snapshot', { teams: ['payments'] });
    const url = runLinks(deps, runId).find((l) => l.email === 'pay0@acme.example')!.url;
    token = url.slice(url.lastIndexOf('/s/') + 3);
    srv = await startServer(deps, { rateLimits: false });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('shows German to a person with locale de and switches to Japanese with the picker, at desktop and phone widths', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${srv.base}/s/${token}`);
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await page.textContent('h1')).toBe('Quarterly DevEx snapshot');
    expect(await page.locator('legend').first().textContent()).toContain('Unser Build- und Testzyklus');
    await page.screenshot({ path: `${ARTIFACTS}/survey-form-de.png`, fullPage: false });
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${ARTIFACTS}/survey-form-de-375.png`, fullPage: false });

    await Promise.all([page.waitForURL(/lang=ja/), page.click('.language-picker a[lang="ja"]')]);
    expect(page.url()).toBe(`${srv.base}/s/${token}?lang=ja`);
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    expect(await page.locator('legend').first().textContent()).toContain('ビルドとテストのサイクル');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${ARTIFACTS}/survey-form-ja-375.png`, fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${ARTIFACTS}/survey-form-ja.png`, fullPage: false });
    expect(w.pageErrors).toEqual([]);
    expect(await w.cspViolations()).toEqual([]);
    await w.close();
  });
});
