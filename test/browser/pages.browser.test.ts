import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import type { Deps } from '../../src/deps.js';
import { openRun, runLinks } from '../../src/surveys/runs.service.js';
import {
  hasChromium,
  launchBrowser,
  loginInBrowser,
  openPage,
  SKIP_MESSAGE,
  type WatchedPage,
} from '../helpers/browser.js';
import { makeDeps } from '../helpers/deps.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { until } from '../helpers/until.js';

/**
 * The product as people use it, in headless Chromium: the survey form on a phone, every report
 * page on a laptop (charts drawn, no console errors, axe clean), CSV export, a "you said, we did"
 * update, and the leadership page printed to PDF. Screenshots land in test-artifacts/.
 */
const ARTIFACTS = 'test-artifacts';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const REPORT_PAGES = [
  '/',
  '/teams/payments',
  '/themes',
  '/themes/flaky_tests',
  '/leadership',
  '/delivery',
  '/teams/payments/delivery',
  '/surveys',
  '/surveys/pulse/results',
  '/admin',
];

let deps: Deps;
let srv: TestServer;
let browser: Browser;

/** axe-core violations of impact serious or critical (evaluated through CDP, so the CSP does not block it). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate<Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>>(
    `axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => ({ target: n.target })) })))`,
  );
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** Canvases on the page and whether each has any painted pixel. */
async function canvasesDrawn(page: Page): Promise<boolean[]> {
  return page.evaluate<boolean[]>(`Array.from(document.querySelectorAll('canvas')).map((c) => {
    if (!c.width || !c.height) return false;
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  })`);
}

/**
 * Charts draw without animation once their script runs: waits (up to 5 s) until every canvas has
 * ink instead of sleeping, and returns what is drawn then, so a chart that stays blank is reported.
 */
async function chartsSettled(page: Page): Promise<boolean[]> {
  try {
    return await until(
      async () => {
        const drawn = await canvasesDrawn(page);
        return drawn.every(Boolean) && drawn;
      },
      { timeout: 5_000, interval: 50, what: 'every chart to be drawn' },
    );
  } catch {
    return canvasesDrawn(page);
  }
}

const describeBrowser = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(SKIP_MESSAGE);

describeBrowser('pages in a real browser', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    deps = makeDeps({ config: { demo: true } });
    seedDemo(deps);
    srv = await startServer(deps, { rateLimits: false });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('lets a respondent answer on a 375 px phone, recovering from a validation error', async () => {
    const { runId } = openRun(deps, 'pulse', { teams: ['payments'] });
    const url = new URL(runLinks(deps, runId)[0].url);
    const w: WatchedPage = await openPage(browser);
    await w.page.setViewportSize({ width: 375, height: 800 });
    await w.page.goto(srv.base + url.pathname);
    expect(await w.page.locator('h1').textContent()).toBeTruthy();
    expect(await seriousViolations(w.page)).toEqual([]);

    // Answer only the first question, then send: errors show, the first answer is kept.
    const firstRadio = w.page.locator('fieldset.question input[type=radio]').first();
    await firstRadio.check();
    const firstName = await firstRadio.getAttribute('name');
    await w.page.click('button[type=submit]');
    await expect.poll(() => w.page.locator('.error-summary').count()).toBe(1);
    expect(await w.page.locator('.field__error').count()).toBeGreaterThan(0);
    expect(await w.page.locator(`input[name="${firstName}"]:checked`).count()).toBe(1);
    expect(await seriousViolations(w.page)).toEqual([]);
    await w.page.screenshot({ path: `${ARTIFACTS}/survey-form-phone-errors.png`, fullPage: true });

    // Answer everything with the keyboard-reachable controls and send again.
    const names = [
      ...new Set(
        await w.page
          .locator('fieldset.question input[type=radio]')
          .evaluateAll((inputs) => inputs.map((i) => i.getAttribute('name') ?? '')),
      ),
    ].filter(Boolean);
    for (const name of names) await w.page.locator(`input[name="${name}"]`).nth(2).check();
    if (await w.page.locator('textarea').count())
      await w.page.locator('textarea').first().fill('The staging environment was slow this week.');
    const width = await w.page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(375);
    await w.page.screenshot({ path: `${ARTIFACTS}/survey-form-phone.png`, fullPage: true });
    await w.page.click('button[type=submit]');
    await w.page.waitForLoadState('networkidle');
    expect((await w.page.textContent('body'))!.toLowerCase()).toContain('thank');
    const stored = deps.db.prepare('SELECT COUNT(*) FROM responses WHERE run_id = ?').pluck().get(runId);
    expect(stored).toBe(1);
    // The one expected console line is the browser noting the 422 of the invalid submit.
    expect(w.consoleErrors.filter((e) => !e.includes('status of 422'))).toEqual([]);
    expect(w.pageErrors).toEqual([]);
    await w.close();
  });

  it('logs in with the keyboard alone, with a visible focus ring', async () => {
    const w = await openPage(browser);
    await w.page.goto(`${srv.base}/login`);
    await w.page.focus('#email');
    await w.page.keyboard.type('admin@demo.chorus');
    await w.page.keyboard.press('Tab');
    const outline = await w.page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
    await w.page.keyboard.type('demo-admin');
    await Promise.all([w.page.waitForURL((u) => !u.pathname.startsWith('/login')), w.page.keyboard.press('Enter')]);
    expect(new URL(w.page.url()).pathname).toBe('/');
    await w.close();
  });

  it('renders every report page with its charts drawn, no console errors and no serious axe violations', async () => {
    const w = await openPage(browser);
    await w.page.setViewportSize({ width: 1366, height: 900 });
    await loginInBrowser(w.page, srv.base, deps, 'admin');
    const problems: string[] = [];
    for (const path of REPORT_PAGES) {
      const res = await w.page.goto(srv.base + path, { waitUntil: 'networkidle' });
      if (res?.status() !== 200) {
        problems.push(`${path}: HTTP ${res?.status()}`);
        continue;
      }
      const drawn = await chartsSettled(w.page);
      if (drawn.some((d) => !d))
        problems.push(`${path}: ${drawn.filter((d) => !d).length} of ${drawn.length} charts blank`);
      for (const v of await seriousViolations(w.page)) problems.push(`${path}: axe ${v}`);
      await w.page.screenshot({ path: `${ARTIFACTS}/laptop${path.replace(/[^a-z0-9]+/gi, '_')}.png`, fullPage: true });
    }
    expect(problems).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    expect(w.pageErrors).toEqual([]);
    expect(await w.cspViolations()).toEqual([]);
    // Charts exist where a person would rather look than read.
    await w.page.goto(`${srv.base}/surveys/pulse/results`, { waitUntil: 'networkidle' });
    expect((await canvasesDrawn(w.page)).length).toBeGreaterThan(0);
    await w.close();
  }, 180_000);

  it('exports the themes page as CSV', async () => {
    const w = await openPage(browser);
    await loginInBrowser(w.page, srv.base, deps, 'viewer');
    await w.page.goto(`${srv.base}/themes`);
    const href = await w.page.locator('a', { hasText: /^CSV$/ }).first().getAttribute('href');
    expect(href).toBeTruthy();
    const csv = await w.page.evaluate<string>(`fetch(${JSON.stringify(href)}).then(r => r.text())`);
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toMatch(/key/);
    expect(rows.length).toBeGreaterThan(0);
    await w.close();
  });

  it('posts a "you said, we did" update that developers then see', async () => {
    const w = await openPage(browser);
    await loginInBrowser(w.page, srv.base, deps, 'analyst');
    await w.page.goto(`${srv.base}/themes/flaky_tests`);
    await w.page.selectOption('#f-status', 'planned');
    await w.page.fill('#f-title', 'Quarantine lane for flaky tests');
    await w.page.fill('#f-body', 'Flaky tests now move to a quarantine lane automatically.');
    await Promise.all([
      w.page.waitForLoadState('networkidle'),
      w.page.locator('form[action$="/updates"] button[type=submit]').click(),
    ]);
    expect(await w.page.textContent('body')).toContain('Quarantine lane for flaky tests');
    const row = deps.db
      .prepare("SELECT status FROM loop_updates WHERE title = 'Quarantine lane for flaky tests'")
      .pluck()
      .get();
    expect(row).toBe('planned');
    expect(w.consoleErrors).toEqual([]);
    await w.close();
  });

  it('prints the leadership page to an A4 PDF', async () => {
    const w = await openPage(browser);
    await loginInBrowser(w.page, srv.base, deps, 'viewer');
    await w.page.goto(`${srv.base}/leadership`, { waitUntil: 'networkidle' });
    expect((await chartsSettled(w.page)).every(Boolean)).toBe(true);
    await w.page.emulateMedia({ media: 'print' });
    expect(await w.page.locator('.site-header').isVisible()).toBe(false);
    const pdf = await w.page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(pdf.length).toBeGreaterThan(20_000);
    writeFileSync(`${ARTIFACTS}/leadership.pdf`, pdf);
    await w.close();
  }, 60_000);
});
