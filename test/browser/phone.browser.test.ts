import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let deps: Deps;
let srv: TestServer;
let browser: Browser;
/** Sample values of route parameters, by the route's first segment and the parameter's name. */
let samples: Record<string, string>;
/** The same pages in another state (admins only), e.g. the other confirmations of a run action. */
let extraVisits: Array<{ path: string; name: string }> = [];

/**
 * A route with demo values for its parameters (a `:key` under /teams is a team, under /surveys or
 * /admin/surveys a survey…); a new page with a parameter this test cannot fill fails it until added.
 */
function concretePath(path: string): string | null {
  const area = path.replace(/^\/admin\//, '/').split('/')[1];
  const filled = path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = samples[`${area}:${name}`];
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
      'teams:key': team,
      'themes:key': 'flaky_tests',
      'surveys:key': 'pulse',
      's:token': token,
      'share:token': share.token,
      'runs:id': String(runId),
      'runs:action': 'close',
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
        // Two rendered frames: charts have resized to the phone width (a signal from the page, not a guess in ms).
        await w.page.evaluate(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))`);
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
    // The window form shows at once too; on a phone it folds behind its button.
    await p2.goto(`${srv.base}/leadership`);
    expect(await p2.locator('#f-from').isVisible()).toBe(true);
    expect(await p2.locator('.fold > summary').isVisible()).toBe(false);
    await wide.close();
  }, 60_000);

  it('keeps the folded menu and filters accessible (axe) and usable on a phone', async () => {
    const w = await openPage(browser);
    await w.page.setViewportSize({ width: PHONE, height: 780 });
    await loginInBrowser(w.page, srv.base, deps, 'admin');
    await w.page.goto(`${srv.base}/themes`, { waitUntil: 'networkidle' });
    expect(await w.page.locator('#f-team').isVisible()).toBe(false);
    await w.page.locator('.fold > summary').click();
    expect(await w.page.locator('#f-team').isVisible()).toBe(true);
    await w.page.locator('.site-menu > summary').click();
    expect(await w.page.locator('.site-menu > summary').getAttribute('aria-expanded')).toBeNull(); // native, no ARIA needed
    expect(await w.page.locator('.site-nav a[href="/admin"]').isVisible()).toBe(true);
    await w.page.screenshot({ path: `${ARTIFACTS}/menu-and-filters-open.png`, fullPage: true });
    const open = await overflowOf(w.page);
    expect(open.sticking).toEqual([]);
    expect(open.scrollWidth).toBeLessThanOrEqual(PHONE);
    expect(await seriousViolations(w.page)).toEqual([]);
    // Following a link from the open menu lands on that page.
    await Promise.all([w.page.waitForURL(/\/admin$/), w.page.locator('.site-nav a[href="/admin"]').click()]);
    await w.close();
  }, 60_000);
});
