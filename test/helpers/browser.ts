import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createUser } from '../../src/auth/auth.service.js';
import type { Deps } from '../../src/deps.js';

/** The Debian chromium that `.ci/run` installs. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** True when a browser is available; browser tests skip with `SKIP_MESSAGE` otherwise. */
export const hasChromium = (): boolean => existsSync(CHROMIUM_PATH);
export const SKIP_MESSAGE = `browser tests skipped: ${CHROMIUM_PATH} is absent (apt-get install chromium, as .ci/run does)`;

/** Launches headless Chromium with flags that keep it offline, quiet and container-friendly. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A page plus everything it reported: console errors, uncaught errors, dialogs, CSP violations. */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  /** Messages of alert/confirm/prompt dialogs (dismissed at once). */
  dialogs: string[];
  /** `effectiveDirective blockedURI` of every Content-Security-Policy violation so far. */
  cspViolations: () => Promise<string[]>;
  close: () => Promise<void>;
}

/**
 * Opens a fresh context and page. `bypassCSP` turns the page's CSP off so a test can prove that
 * escaping alone stops injected script (the CSP is the second wall, not the first).
 */
export async function openPage(browser: Browser, options: { bypassCSP?: boolean } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ bypassCSP: options.bypassCSP ?? false, javaScriptEnabled: true });
  // Plain JS (no DOM types in this project): records every CSP violation the page reports.
  await context.addInitScript(`window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => { window.__csp.push(e.effectiveDirective + ' ' + e.blockedURI); });`);
  const page = await context.newPage();
  const watched: WatchedPage = {
    context,
    page,
    consoleErrors: [],
    pageErrors: [],
    dialogs: [],
    cspViolations: () => page.evaluate<string[]>('window.__csp || []'),
    close: () => context.close(),
  };
  page.on('console', (m) => {
    if (m.type() === 'error') watched.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => {
    watched.pageErrors.push(e.message);
  });
  page.on('dialog', (d) => {
    watched.dialogs.push(d.message());
    void d.dismiss().catch(() => undefined);
  });
  return watched;
}

/** Creates a web account of `role` and logs the page in through the real login form. */
export async function loginInBrowser(
  page: Page,
  base: string,
  deps: Deps,
  role: 'admin' | 'analyst' | 'viewer' = 'admin',
): Promise<string> {
  const email = `browser-${role}-${Math.random().toString(36).slice(2)}@test.example`;
  const password = 'correct horse battery';
  createUser(deps, { email, password, role });
  await page.goto(`${base}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('button[type="submit"]'),
  ]);
  return email;
}
