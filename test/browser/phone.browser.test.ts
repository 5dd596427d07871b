import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import type { Deps } from '../../src/deps.js';
import { createShare } from '../../src/reports/share.service.js';
import { reportWindow } from '../../src/reports/reports.schema.js';
import { openRun, runLinks } from '../../src/surveys/runs.service.js';
import { routeTable } from '../../src/web/routes.js';
import { hasChromium, launchBrowser, loginInBrowser, openPage, SKIP_MESSAGE } from '../helpers/browser.js';
import { makeDeps } from '../helpers/deps.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * Every page on a 375 px phone: each GET page of the route table (plus a few states a form post
 * or a bad link leads to), as an admin and as a viewer, must not be wider than the viewport, and
 * no element may stick out of the page unless it sits inside a horizontal scroll container.
 * Screenshots land in test-artifacts/phone/.
 */
const PHONE = 375;
const ARTIFACTS = 'test-artifacts/phone';

let deps: Deps;
let srv: TestServer;
let browser: Browser;
let samples: Record<string, string>;
/** The same pages in another state (admins only), e.g. the other confirmations of a run action. */
let extraVisits: Array<{ path: string; name: string }> = [];

/** Demo values for route parameters; a new page with an unknown parameter fails the test until added here. */
function concretePath(path: string): string | null {
  const filled = path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = samples[`${path}#${name}`] ?? samples[name];
    return value === undefined ? `:${name}` : encodeURIComponent(value);
  });
  return filled.includes(':') ? null : filled;
}

/** GET pages of the route table (no JSON API, no webhooks) a role may open. */
function pagesFor(role: 'admin' | 'viewer') {
  return routeTable
    .filter((r) => r.method === 'get' && !r.path.startsWith('/api/') && !r.path.startsWith('/webhooks/'))
    .filter(
      (r) =>
        r.policy === 'public' || (r.policy.startsWith('page:') && (role === 'admin' || r.policy === 'page:viewer')),
    )
    .map((r) => r.path);
}

interface Overflow {
  scrollWidth: number;
  sticking: string[];
}

/**
 * The page's scroll width and the elements whose box leaves the viewport sideways without an
 * ancestor that scrolls or clips horizontally (off-screen skip links and visually hidden text excepted).
 */
async function overflowOf(page: Page): Promise<Overflow> {
  return page.evaluate<Overflow>(`(() => {
    const vw = document.documentElement.clientWidth;
    const clipped = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const ox = getComputedStyle(a).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return true;
      }
      return false;
    };
    const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
      ' "' + (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 40) + '"';
    const out = new Set();
    const sticking = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      // Content of a closed disclosure keeps a layout box but is not rendered.
      if (!el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) continue;
      if (el.closest('.skip-link, .visually-hidden')) continue;
      if ((r.right > vw + 0.5 || r.left < -0.5) && !clipped(el)) {
        out.add(el);
        // Only the outermost element that sticks out: its children follow it.
        if (!out.has(el.parentElement)) sticking.push(describe(el) + ' [' + Math.round(r.left) + '…' + Math.round(r.right) + ']');
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, sticking: sticking.slice(0, 8) };
  })()`);
}

const describeBrowser = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(SKIP_MESSAGE);

describeBrowser('every page on a 375 px phone', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    deps = makeDeps({ config: { demo: true } });
    seedDemo(deps);
    srv = await startServer(deps, { rateLimits: false });
    browser = await launchBrowser();
    const { runId } = openRun(deps, 'pulse', { teams: ['payments'] });
    const token = new URL(runLinks(deps, runId)[0].url).pathname.split('/').pop()!;
    const share = createShare(deps, { expires_in_days: 7 }, reportWindow({}, deps.now()), 'phone-test');
    const team = deps.db
      .prepare('SELECT key FROM teams WHERE parent_id IS NOT NULL ORDER BY key LIMIT 1')
      .pluck()
      .get() as string;
    samples = {
      '/teams/:key#key': team,
      '/teams/:key/delivery#key': team,
      '/themes/:key#key': 'flaky_tests',
      '/surveys/:key/results#key': 'pulse',
      '/admin/surveys/:key#key': 'pulse',
      '/s/:token#token': token,
      '/s/:token/thanks#token': token,
      '/share/:token#token': share.token,
      '/admin/surveys/:key/open#key': 'pulse',
      '/admin/runs/:id/:action#id': String(runId),
      '/admin/runs/:id/:action#action': 'close',
    };
    extraVisits = [
      { path: `/admin/runs/${runId}/cancel`, name: '/admin/runs/:id/cancel' },
      { path: `/admin/runs/${runId}/remind`, name: '/admin/runs/:id/remind' },
    ];
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  for (const role of ['viewer', 'admin'] as const) {
    it(`shows no horizontal overflow at ${PHONE} px to ${role === 'admin' ? 'an admin' : 'a viewer'}`, async () => {
      const w = await openPage(browser);
      await w.page.setViewportSize({ width: PHONE, height: 780 });
      await loginInBrowser(w.page, srv.base, deps, role);
      const paths = pagesFor(role);
      expect(paths).toContain('/leadership');
      const unknown = paths.filter((p) => concretePath(p) === null);
      expect(unknown, 'pages whose parameters this test has no sample for').toEqual([]);
      // States a click leads to: a missing page and a survey link that does not exist.
      const visits = [
        ...paths.map((p) => ({ path: concretePath(p)!, name: p })),
        ...(role === 'admin' ? extraVisits : []),
        { path: '/no-such-page', name: '/404' },
        { path: '/s/not-a-real-token', name: '/s/unknown-link' },
      ];
      const problems: string[] = [];
      for (const { path, name: route } of visits) {
        const res = await w.page.goto(srv.base + path, { waitUntil: 'networkidle' });
        const type = res?.headers()['content-type'] ?? '';
        if (!type.includes('text/html')) continue;
        if (res!.status() >= 500) problems.push(`${path}: HTTP ${res!.status()}`);
        await w.page.waitForTimeout(150);
        const o = await overflowOf(w.page);
        if (o.scrollWidth > PHONE) problems.push(`${path}: document ${o.scrollWidth} px wide`);
        for (const s of o.sticking) problems.push(`${path}: ${s}`);
        // Named after the route, not its sample values: the same file on every run.
        const name = route.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'overview';
        await w.page.screenshot({ path: `${ARTIFACTS}/${role}-${name}.png`, fullPage: true });
      }
      expect(problems).toEqual([]);
      expect(w.pageErrors).toEqual([]);
      expect(await w.cspViolations()).toEqual([]);
      await w.close();
    }, 300_000);
  }

  it('folds the navigation behind a menu button on a phone, and it opens without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: PHONE, height: 780 } });
    const page = await context.newPage();
    await loginInBrowser(page, srv.base, deps, 'viewer');
    await page.goto(`${srv.base}/leadership`);
    const themesLink = page.locator('.site-nav a[href="/themes"]');
    expect(await themesLink.isVisible()).toBe(false);
    await page.locator('.site-menu > summary').click();
    expect(await themesLink.isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/menu-open.png` });
    await context.close();

    // On a laptop the links show at once, with no menu button.
    const wide = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p2 = await wide.newPage();
    await loginInBrowser(p2, srv.base, deps, 'viewer');
    expect(await p2.locator('.site-nav a[href="/themes"]').isVisible()).toBe(true);
    expect(await p2.locator('.site-menu > summary').isVisible()).toBe(false);
    await wide.close();
  }, 60_000);
});
