import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import type { Deps } from '../../src/deps.js';
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
 * The leadership page printed: one A4 or Letter page of brief (three headline figures with their
 * change, top three friction themes with status and owner, delivery, one block of quotes) and one
 * appendix page of definitions; in print layout no chart covers any text.
 */
const ARTIFACTS = 'test-artifacts/print';

/** Pages of a PDF: its page objects (`/Type /Page`, not the `/Pages` tree nodes). */
const pdfPageCount = (pdf: Buffer): number =>
  (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface PrintLayout {
  canvases: Array<Box & { box: Box }>;
  texts: Array<Box & { text: string }>;
}

/** Boxes of the chart canvases (and their chart boxes) and of every visible line of text in the article. */
const PRINT_LAYOUT = `(() => {
  const rect = (r) => ({ x: r.left, y: r.top + scrollY, width: r.width, height: r.height });
  const canvases = [...document.querySelectorAll('.leadership canvas')]
    .filter((c) => c.checkVisibility())
    .map((c) => ({ ...rect(c.getBoundingClientRect()), box: rect(c.parentElement.getBoundingClientRect()) }));
  const texts = [];
  const walker = document.createTreeWalker(document.querySelector('.leadership'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim() || !n.parentElement.checkVisibility()) continue;
    if (n.parentElement.closest('script')) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) if (r.width && r.height) texts.push({ ...rect(r), text: n.textContent.trim().slice(0, 40) });
  }
  return { canvases, texts };
})()`;

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
const inside = (a: Box, b: Box) =>
  a.x >= b.x - 0.5 &&
  a.y >= b.y - 0.5 &&
  a.x + a.width <= b.x + b.width + 0.5 &&
  a.y + a.height <= b.y + b.height + 0.5;

let deps: Deps;
let srv: TestServer;
let browser: Browser;

const describeBrowser = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(SKIP_MESSAGE);

describeBrowser('the printed leadership brief', () => {
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

  async function openLeadership(path = '/leadership'): Promise<WatchedPage> {
    const w = await openPage(browser);
    await w.page.setViewportSize({ width: 1280, height: 900 });
    await loginInBrowser(w.page, srv.base, deps, 'viewer');
    await w.page.goto(srv.base + path, { waitUntil: 'networkidle' });
    return w;
  }

  it('shows the brief in print media: three headline figures, three themes with status and owner, one block of quotes', async () => {
    const w = await openLeadership();
    await w.page.emulateMedia({ media: 'print' });
    const page = w.page;
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('.brief-headline .headline').count()).toBe(3);
    for (const key of ['devex', 'capacity', 'cost']) {
      const text = await page.locator(`#headline-${key}`).innerText();
      expect(text).toMatch(/\d/);
      expect(await page.locator(`#headline-${key} .headline__change`).innerText()).toMatch(/previous 90 days/);
    }
    const themeRows = page.locator('#themes tbody tr');
    expect(await themeRows.count()).toBeGreaterThan(0);
    expect(await themeRows.count()).toBeLessThanOrEqual(3);
    expect(await page.locator('#themes thead').innerText()).toMatch(/status[\s\S]*owner/i);
    expect(await page.locator('#delivery').innerText()).toMatch(/Median lead time[\s\S]*Change failure rate/);
    const quotes = await page
      .locator('#voice .quote')
      .evaluateAll((els) => els.filter((e) => e.checkVisibility()).length);
    expect(quotes).toBeGreaterThan(0);
    expect(quotes).toBeLessThanOrEqual(2);
    // Screen-only detail and controls are not printed; the appendix is.
    for (const hidden of ['#delivery-teams', '#cost', '#share', '.fold', '.page-actions'])
      expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
    expect(await page.locator('#definitions').isVisible()).toBe(true);
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('.appendix')).breakBefore`)).toBe(
      'page',
    );
    // The DevEx axis spans the whole 0–100 scale.
    const axis = await page.evaluate<{ min: number; max: number }>(
      `(() => { const c = Chart.getChart(document.querySelector('canvas[data-source="chart-devex"]')); return { min: c.scales.y.min, max: c.scales.y.max }; })()`,
    );
    expect(axis).toEqual({ min: 0, max: 100 });
    expect(w.pageErrors).toEqual([]);
    await w.close();
  }, 60_000);

  it('never lets a chart cover text in print layout', async () => {
    const w = await openLeadership();
    await w.page.emulateMedia({ media: 'print' });
    // Charts resize to the print layout a frame or two later: read the layout until two reads agree.
    let previous = '';
    const layout = await until(
      async () => {
        const now = await w.page.evaluate<PrintLayout>(PRINT_LAYOUT);
        const same = JSON.stringify(now) === previous;
        previous = JSON.stringify(now);
        return same && now;
      },
      { timeout: 10_000, interval: 100, what: 'the print layout to settle' },
    );
    expect(layout.canvases).toHaveLength(2);
    expect(layout.texts.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (const [i, c] of layout.canvases.entries()) {
      if (c.width < 100 || c.height < 60) problems.push(`chart ${i} too small: ${c.width}×${c.height}`);
      if (!inside(c, c.box)) problems.push(`chart ${i} spills out of its box`);
      for (const t of layout.texts) if (overlaps(c.box, t)) problems.push(`chart ${i} covers "${t.text}"`);
    }
    expect(problems).toEqual([]);
    await w.page.screenshot({ path: `${ARTIFACTS}/leadership-print-media.png`, fullPage: true });
    await w.close();
  }, 60_000);

  for (const format of ['A4', 'Letter'] as const) {
    it(`prints to two ${format} pages: the brief and its appendix`, async () => {
      const w = await openLeadership();
      const pdf = await w.page.pdf({ format, printBackground: true });
      writeFileSync(`${ARTIFACTS}/leadership-${format}.pdf`, pdf);
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
      expect(pdfPageCount(pdf)).toBe(2);
      // A picture of each page for people to look at (when poppler's pdftoppm is installed).
      if (existsSync('/usr/bin/pdftoppm'))
        execFileSync('/usr/bin/pdftoppm', [
          '-png',
          '-r',
          '70',
          `${ARTIFACTS}/leadership-${format}.pdf`,
          `${ARTIFACTS}/leadership-${format}`,
        ]);
      // Back on screen the charts fill their boxes again: the brief's two and the screen-only ones
      // (benchmark, key drivers) alike.
      await w.page.waitForTimeout(200);
      const gaps = await w.page.evaluate<Array<{ brief: boolean; gap: number }>>(
        `[...document.querySelectorAll('.leadership canvas')].map((c) => ({ brief: !!c.closest('.chart-box--brief'), gap: Math.abs(c.getBoundingClientRect().width - c.parentElement.clientWidth) }))`,
      );
      expect(gaps.filter((g) => g.brief)).toHaveLength(2);
      for (const { gap } of gaps) expect(gap).toBeLessThan(2);
      expect(w.pageErrors).toEqual([]);
      await w.close();
    }, 60_000);
  }

  it('prints a one-year window (twelve monthly periods) as the brief and one appendix page too', async () => {
    const now = deps.now();
    const yearAgo = new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
    const w = await openLeadership(`/leadership?from=${yearAgo}&to=${now.toISOString().slice(0, 10)}`);
    expect(await w.page.locator('#devex-periods tbody tr').count()).toBeGreaterThanOrEqual(11);
    const pdf = await w.page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(`${ARTIFACTS}/leadership-year-A4.pdf`, pdf);
    expect(pdfPageCount(pdf)).toBe(2);
    await w.close();
  }, 60_000);
});

describe('PDF page count', () => {
  it('counts page objects, not the page tree', () => {
    const fake = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>\n2 0 obj << /Type /Page >>\n3 0 obj <</Type/Page/Parent 1 0 R>>',
    );
    expect(pdfPageCount(fake)).toBe(2);
  });
});
