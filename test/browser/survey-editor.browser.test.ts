import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
 * An admin sets a survey up in headless Chromium without JavaScript-only controls: adds a choice
 * question, moves it up, saves, previews the form, and pastes people as CSV. Screenshots at 1280
 * and 375 px land in test-artifacts/; no page is wider than a 375 px viewport.
 */
const ARTIFACTS = 'test-artifacts';
let deps: Deps;
let srv: TestServer;
let browser: Browser;

const describeBrowser = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(SKIP_MESSAGE);

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** axe-core violations of impact serious or critical. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate<Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>>(
    `axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => ({ target: n.target })) })))`,
  );
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}
const width = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

describeBrowser('survey set-up in a real browser', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    deps = makeDeps();
    upsertTeams(deps, { teams: [{ key: 'payments', name: 'Payments' }] });
    upsertSurvey(deps, { ...SMALL_SURVEY, key: 'pulse', name: 'Weekly pulse' });
    srv = await startServer(deps, { rateLimits: false });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('adds, moves and saves a question, previews the form, imports people; fits 375 px', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await page.setViewportSize({ width: 1280, height: 900 });
    await loginInBrowser(page, srv.base, deps, 'admin');

    await page.goto(`${srv.base}/admin/surveys/pulse`);
    await page.fill('#new_key', 'ci_tool');
    await page.fill('#new_text', 'Which CI do you wait on most?');
    await page.selectOption('#new_type', 'choice');
    await page.selectOption('#new_dimension', 'feedback_loops');
    await page.fill('#new_options', 'GitHub Actions\nJenkins\nBuildkite');
    await page.click('button[value="add"]');
    expect(await page.textContent('main')).toContain('not saved yet');
    await page.click('button[value="up:ci_tool"]');
    await page.click('button[value="up:ci_tool"]');
    await page.locator('#q-ci_tool-ask').scrollIntoViewIfNeeded();
    await page.click('details:has(#q-ci_tool-text) > summary');
    await shot(page, 'survey-editor-draft');
    await Promise.all([page.waitForURL(/saved=1/), page.click('button.button:has-text("Save changes")')]);
    const keys = getSurvey(deps, 'pulse').questions.map((q) => q.key);
    expect(keys.indexOf('ci_tool')).toBe(keys.length - 3);
    await shot(page, 'survey-editor');

    await page.goto(`${srv.base}/admin/surveys/new`);
    await shot(page, 'survey-editor-new');

    await page.goto(`${srv.base}/admin/surveys/pulse/preview`);
    expect(await page.textContent('[data-test=preview-banner]')).toContain('Preview — answers are not saved');
    expect(await page.isDisabled('.survey__actions button')).toBe(true);
    await page.check('#q_ci_tool-1');
    await shot(page, 'survey-preview');

    await page.goto(`${srv.base}/admin/people`);
    await page.fill('#csv', 'email,name,team\nada@acme.example,Ada,payments\nbob,Bob,nowhere\n');
    await page.click('form[action="/admin/people/import"] button');
    expect(await page.textContent('#csv-error')).toContain('Line 3 (person 2)');
    await shot(page, 'people-import-errors');

    await page.setViewportSize({ width: 375, height: 800 });
    for (const [path, name] of [
      ['/admin/surveys/pulse', 'survey-editor-phone'],
      ['/admin/surveys/pulse/preview', 'survey-preview-phone'],
      ['/admin/people', 'people-import-phone'],
    ]) {
      await page.goto(`${srv.base}${path}`);
      expect(await width(page), path).toBeLessThanOrEqual(375);
      expect(await seriousViolations(page), path).toEqual([]);
      await shot(page, name);
    }
    // The full-page shot of the editor is very tall: a viewport-sized look at the question rows too.
    await page.goto(`${srv.base}/admin/surveys/pulse`);
    await page.click('details:has(#q-ci_tool-text) > summary');
    await page.locator('#q-ci_tool-ask').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/survey-editor-phone-questions.png` });
    await page.locator('#new_key').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/survey-editor-phone-add.png` });
    expect(w.pageErrors).toEqual([]);
    expect(await w.cspViolations()).toEqual([]);
    await w.close();
  }, 120_000);
});
