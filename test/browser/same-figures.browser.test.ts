import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Deps } from '../../src/deps.js';
import { hasChromium, launchBrowser, loginInBrowser, openPage, SKIP_MESSAGE } from '../helpers/browser.js';
import { makeDeps } from '../helpers/deps.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { buildReportOrg, NOW } from '../reports/fixture.js';

const run = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(SKIP_MESSAGE);

/**
 * The figures a page shows: the text of every KPI, table cell and chart data block inside <main>,
 * with admin-only controls (the exact-window switch, forms) left out. Plain JS: it runs in the page.
 */
const FIGURES = `(() => {
  const main = document.querySelector('main');
  const skip = (el) => el.closest('form, details.fold, [data-exact-switch], .admin-only, nav');
  const texts = [...main.querySelectorAll('.kpi, .kpi__meta, td, th[scope=row], script[type="application/json"], [data-weekly-note]')]
    .filter((el) => !skip(el))
    .map((el) => {
      if (el.tagName === 'SCRIPT') return el.textContent;
      const copy = el.cloneNode(true);
      copy.querySelectorAll('a[href^="/admin"], [data-exact-switch]').forEach((a) => a.remove());
      document.body.appendChild(copy);
      const text = copy.innerText;
      copy.remove();
      return text;
    })
    .map((text) => text.replace(/\\s+/g, ' ').replace(/ ?·$/, '').trim());
  return texts;
})()`;

run('one set of numbers: an admin and a viewer see the same figures', () => {
  let deps: Deps;
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    deps = makeDeps({ now: () => new Date(NOW) });
    buildReportOrg(deps, { leafTeams: 12, tiny: true, drop: true });
    server = await startServer(deps);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the org, team and leadership pages with identical figures to both, and the exact window only on request', async () => {
    const admin = await openPage(browser);
    const viewer = await openPage(browser);
    await loginInBrowser(admin.page, server.base, deps, 'admin');
    await loginInBrowser(viewer.page, server.base, deps, 'viewer');
    for (const path of ['/', '/teams/group-a', '/teams/t03', '/teams/droppy', '/leadership', '/themes']) {
      await admin.page.goto(`${server.base}${path}`);
      await viewer.page.goto(`${server.base}${path}`);
      const a = await admin.page.evaluate<string[]>(FIGURES);
      const v = await viewer.page.evaluate<string[]>(FIGURES);
      expect(a.length, path).toBeGreaterThan(3);
      expect(a, path).toEqual(v);
      // The weekly note names the weeks counted; the last day shown is never after today.
      expect(await viewer.page.locator('[data-weekly-note]').count(), `weekly note on ${path}`).toBeGreaterThan(0);
      const note = (await viewer.page.locator('[data-weekly-note]').first().innerText()).trim();
      expect(note, path).toMatch(/whole weeks/);
      for (const m of note.matchAll(/(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})/g))
        expect(Date.parse(`${m[1]} ${m[2]} ${m[3]} UTC`), note).toBeLessThanOrEqual(Date.parse(NOW));
    }
    // The admin's switch is labelled, and only the admin has it.
    await admin.page.goto(`${server.base}/`);
    expect(await admin.page.locator('[data-exact-switch]').count()).toBeGreaterThan(0);
    expect(await viewer.page.locator('[data-exact-switch]').count()).toBe(0);
    await admin.page.locator('[data-exact-switch]').first().click();
    await admin.page.waitForURL(/exact=1/);
    expect(await admin.page.locator('[data-exact-note]').innerText()).toContain('Exact window (admin only)');
    // A viewer asking for the exact window still gets whole weeks.
    await viewer.page.goto(`${server.base}/?exact=1`);
    expect(await viewer.page.locator('[data-exact-note]').count()).toBe(0);
    expect(await viewer.page.locator('[data-weekly-note]').count()).toBeGreaterThan(0);
    for (const w of [admin, viewer]) {
      expect(w.pageErrors).toEqual([]);
      await w.close();
    }
  }, 120_000);
});
