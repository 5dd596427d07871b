import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { writeSetting } from '../../src/settings/settings.repo.js';
import type { RouteDef } from '../../src/web/route.js';
import { routeTable } from '../../src/web/routes.js';
import {
  hasChromium,
  launchBrowser,
  loginInBrowser,
  openPage,
  SKIP_MESSAGE,
  type WatchedPage,
} from '../helpers/browser.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { until } from '../helpers/until.js';
import { seedXssData, type XssContext } from './xss-data.js';
import { XSS_PAYLOADS } from './xss-payloads.js';

if (!hasChromium()) console.warn(SKIP_MESSAGE);

/** Everything in the DOM that could run script: handlers, javascript: URLs, injected elements (plain JS, run in the page). */
const SCRIPT_SURFACES = `(() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push('<' + el.localName + ' ' + attr.name + '>');
      if (/^(href|src|action|formaction|data|xlink:href)$/i.test(attr.name) && /^\\s*(javascript|data:text\\/(javascript|html))/i.test(attr.value)) {
        found.push('<' + el.localName + ' ' + attr.name + '="' + attr.value.slice(0, 40) + '">');
      }
    }
    const tag = el.localName;
    if (tag === 'script' && !el.src && el.type !== 'application/json') found.push('<script> inline');
    if (['iframe', 'object', 'embed', 'base', 'marquee'].includes(tag)) found.push('<' + tag + '>');
    if (tag === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') || '')) found.push('<meta refresh>');
  }
  return found;
})()`;
const XSS_FLAG = 'window.__xss';

/**
 * Lets a loaded page run whatever its markup queued after the load event (autofocus, ontoggle, SVG
 * animation begin): two rendered frames, then a task. A signal from the page itself, not a guess in ms.
 */
const settled = (w: WatchedPage) =>
  w.page.evaluate(
    `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))))`,
  );

// A deliberately broken page: proves the detectors below would see a payload that got through.
const unescapedControl: RouteDef = {
  method: 'get',
  path: '/test-only/unescaped',
  policy: 'public',
  summary: 'test only',
  handler: (_req, res) => {
    res.type('html').send(`<!doctype html><p>${XSS_PAYLOADS[1]}</p><p>${XSS_PAYLOADS[32]}</p>`);
  },
};

describe.skipIf(!hasChromium())('XSS payloads rendered in a real browser', () => {
  let deps: Deps;
  let srv: TestServer;
  let browser: Browser;
  let ctx: XssContext;
  let escaped: WatchedPage;
  let strict: WatchedPage;

  beforeAll(async () => {
    deps = makeDeps();
    srv = await startServer(deps, { rateLimits: false, extraRoutes: [unescapedControl] });
    ctx = await seedXssData(deps, apiClient(srv.base, tokenFor(deps, 'admin')), srv.base);
    writeSetting(deps.db, 'workspace_name', XSS_PAYLOADS[0], new Date());
    browser = await launchBrowser();
    // CSP off: escaping alone must stop every payload. CSP on: and the policy never has to step in.
    escaped = await openPage(browser, { bypassCSP: true });
    strict = await openPage(browser);
    await loginInBrowser(escaped.page, srv.base, deps, 'admin');
    await loginInBrowser(strict.page, srv.base, deps, 'admin');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('stored the payloads as data (the corpus is big enough)', () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(30);
    expect(ctx.stored.teams).toBeGreaterThanOrEqual(30);
    expect(ctx.stored.people).toBeGreaterThanOrEqual(30);
    expect(ctx.stored.comments).toBeGreaterThanOrEqual(30);
    expect(ctx.stored.frictions).toBeGreaterThan(10);
    expect(ctx.stored.themeLabels).toBeGreaterThan(5);
    expect(ctx.stored.updates).toBeGreaterThan(5);
  });

  it('would notice a payload that runs (control: an unescaped test-only page)', async () => {
    const w = await openPage(browser, { bypassCSP: true });
    try {
      await w.page.goto(`${srv.base}/test-only/unescaped`, { waitUntil: 'load' });
      await settled(w);
      expect(await w.page.evaluate(XSS_FLAG)).toBe(1);
      expect(w.dialogs).toEqual(['1']);
      expect(await w.page.evaluate<string[]>(SCRIPT_SURFACES)).toContain('<img onerror>');
    } finally {
      await w.close();
    }
    const csp = await openPage(browser);
    try {
      await csp.page.goto(`${srv.base}/test-only/unescaped`, { waitUntil: 'load' });
      // The signal: the policy reports the handlers it blocked.
      await until(async () => (await csp.cspViolations()).some((v) => v.startsWith('script')), {
        what: 'a script CSP violation',
      });
      expect(await csp.page.evaluate(XSS_FLAG)).toBeUndefined();
    } finally {
      await csp.close();
    }
  });

  it('runs no payload on any page, with or without the CSP', async () => {
    const pages = ctx.pagePaths(routeTable);
    expect(pages.length).toBeGreaterThan(4);
    const failures: string[] = [];
    for (const path of pages) {
      for (const [mode, w] of [
        ['escaping only', escaped],
        ['with CSP', strict],
      ] as const) {
        const res = await w.page.goto(srv.base + path, { waitUntil: 'load' });
        await settled(w);
        const status = res?.status() ?? 0;
        if (status >= 500) failures.push(`${path} (${mode}): HTTP ${status}`);
        const ran = await w.page.evaluate(XSS_FLAG);
        if (ran !== undefined) failures.push(`${path} (${mode}): window.__xss was set`);
        const surfaces = await w.page.evaluate<string[]>(SCRIPT_SURFACES);
        if (surfaces.length) failures.push(`${path} (${mode}): ${[...new Set(surfaces)].join(', ')}`);
        const blocked = (await w.cspViolations()).filter((v) => v.startsWith('script'));
        if (blocked.length) failures.push(`${path} (${mode}): CSP blocked ${blocked.join(', ')}`);
      }
    }
    for (const w of [escaped, strict]) {
      if (w.dialogs.length) failures.push(`dialogs opened: ${w.dialogs.join(', ')}`);
      if (w.pageErrors.length) failures.push(`uncaught page errors: ${w.pageErrors.join(' | ')}`);
    }
    expect(failures).toEqual([]);
  }, 360_000);
});
