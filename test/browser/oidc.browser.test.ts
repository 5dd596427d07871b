import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/deps.js';
import { createLogger } from '../../src/log.js';
import { hasChromium, launchBrowser, openPage, SKIP_MESSAGE, type WatchedPage } from '../helpers/browser.js';
import { makeDeps } from '../helpers/deps.js';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * Single sign-on end to end: Chromium, Chorus and a real OpenID provider (oidc-provider) on
 * 127.0.0.1. Each person signs in on the provider's own login form; the checks that refuse a
 * wrong state, an expired or reused code and a tampered ID token are openid-client's real ones.
 */
const ARTIFACTS = 'test-artifacts';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core violations of impact serious or critical on the current page. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate<Array<{ id: string; impact: string }>>(
    `axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact })))`,
  );
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

let deps: Deps;
let srv: TestServer;
let idp: TestOidcProvider;
let browser: Browser;
const pages: WatchedPage[] = [];
/** What Chorus logged: each refusal must be for the reason the test provoked. */
const logged: string[] = [];
const reasonsSince = (from: number) =>
  logged
    .slice(from)
    .map((line) => JSON.parse(line) as { module?: string; err?: string; reason?: string; msg: string })
    .filter((entry) => entry.module === 'sso')
    .map((entry) => `${entry.msg}: ${entry.err ?? entry.reason ?? ''}`);

function configure(extra: Record<string, string> = {}): void {
  deps.config = loadConfig({
    CHORUS_DB: ':memory:',
    LOG_LEVEL: 'silent',
    CHORUS_BASE_URL: srv.base,
    CHORUS_OIDC_ISSUER: idp.issuer,
    CHORUS_OIDC_CLIENT_ID: idp.clientId,
    CHORUS_OIDC_CLIENT_SECRET: idp.clientSecret,
    CHORUS_OIDC_ADMIN_GROUPS: 'chorus-admins',
    CHORUS_OIDC_ANALYST_GROUPS: 'chorus-analysts, delivery-leads',
    ...extra,
  });
}

async function freshPage(): Promise<Page> {
  const w = await openPage(browser);
  pages.push(w);
  await w.page.setViewportSize({ width: 1280, height: 800 });
  return w.page;
}

/** From Chorus's login page through the provider's login form; resolves once the provider sends the browser back. */
async function signInAtProvider(page: Page, login: string, next = ''): Promise<void> {
  await page.goto(`${srv.base}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await Promise.all([page.waitForURL(`${idp.issuer}/interaction/**`), page.click('text=Sign in with SSO')]);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'any password works here');
  await page.click('button[type="submit"]');
}

/** Signs in at the provider but keeps the browser there; returns the callback URL it would have followed. */
async function captureCallback(page: Page, login: string): Promise<string> {
  idp.holdCallbacks = true;
  idp.heldCallback = undefined;
  try {
    await signInAtProvider(page, login);
    await page.waitForSelector('text=Held by the test provider');
    expect(idp.heldCallback).toMatch(/[?&]code=/);
    return idp.heldCallback!;
  } finally {
    idp.holdCallbacks = false;
  }
}

const userRow = (email: string) =>
  deps.db.prepare('SELECT id, role, password_hash AS passwordHash FROM users WHERE email = ?').get(email) as
    { id: number; role: string; passwordHash: string | null } | undefined;
const sessionCount = () => (deps.db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;

const describeBrowser = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(SKIP_MESSAGE);

// Each test drives a browser through two servers; on a busy 2-core machine one can take 15 s.
describeBrowser('single sign-on with a real OpenID provider', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    deps = makeDeps();
    deps.log = createLogger('info', { write: (line: string) => void logged.push(line) });
    srv = await startServer(deps, { rateLimits: false });
    idp = await startOidcProvider({
      redirectUri: `${srv.base}/auth/oidc/callback`,
      postLogoutRedirectUri: `${srv.base}/login`,
      accounts: {
        alice: { email: 'alice@corp.example', groups: ['engineering', 'chorus-admins'] },
        bob: { email: 'bob@corp.example', groups: ['engineering'] },
        carol: { email: 'carol@corp.example', groups: ['delivery-leads'] },
        mallory: { email: 'mallory@corp.example', groups: ['chorus-admins'], emailVerified: false },
      },
    });
    configure();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    for (const w of pages) await w.close().catch(() => undefined);
    await browser?.close();
    await srv?.close();
    await idp?.close();
  });

  it('offers "Sign in with SSO" on the login page (desktop and 375 px)', async () => {
    const page = await freshPage();
    await page.goto(`${srv.base}/login?next=/admin`);
    const sso = page.getByRole('link', { name: 'Sign in with SSO' });
    expect(await sso.getAttribute('href')).toBe('/auth/oidc/login?next=%2Fadmin');
    expect(await page.locator('input[name="password"]').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/login-sso.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 700 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${ARTIFACTS}/login-sso-phone.png`, fullPage: true });
    configure({ CHORUS_LOCAL_LOGIN: 'false' });
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${srv.base}/login`);
      expect(await page.locator('input[name="password"]').count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Sign in with SSO' }).count()).toBe(1);
      await page.screenshot({ path: `${ARTIFACTS}/login-sso-only.png`, fullPage: true });
    } finally {
      configure();
    }
  });

  it('signs an admin-group member in as admin, with PKCE, state and nonce on the way out', async () => {
    const page = await freshPage();
    const [request] = await Promise.all([
      page.waitForRequest(`${idp.issuer}/auth?**`),
      page.goto(`${srv.base}/auth/oidc/login?next=/admin`),
    ]);
    const params = new URL(request.url()).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(params.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(params.get('redirect_uri')).toBe(`${srv.base}/auth/oidc/callback`);

    await page.fill('input[name="login"]', 'alice');
    await page.fill('input[name="password"]', 'whatever');
    await Promise.all([page.waitForURL(`${srv.base}/admin`), page.click('button[type="submit"]')]);
    expect(await page.locator('.logout__who').textContent()).toBe('alice@corp.example');
    expect(await page.locator('h1').first().textContent()).not.toMatch(/Not allowed/);
    expect(userRow('alice@corp.example')).toMatchObject({ role: 'admin', passwordHash: null });
    const session = deps.db
      .prepare(
        `SELECT s.created_at AS createdAt, s.expires_at AS expiresAt, o.issuer, o.subject FROM sessions s
         JOIN oidc_sessions o ON o.session_id_hash = s.id_hash JOIN users u ON u.id = s.user_id WHERE u.email = ?`,
      )
      .get('alice@corp.example') as { createdAt: string; expiresAt: string; issuer: string; subject: string };
    expect(session).toMatchObject({ issuer: idp.issuer, subject: 'alice' });
    expect(Date.parse(session.expiresAt) - Date.parse(session.createdAt)).toBe(12 * 3_600_000);
    const cookies = await page.context().cookies(srv.base);
    expect(cookies.map((c) => c.name)).not.toContain('chorus_oidc'); // the pending sign-in is used up
  });

  it('makes a plain member a viewer (403 on /admin) and an analyst-group member an analyst', async () => {
    const page = await freshPage();
    await signInAtProvider(page, 'bob');
    await page.waitForURL(`${srv.base}/`);
    expect(userRow('bob@corp.example')?.role).toBe('viewer');
    const admin = await page.goto(`${srv.base}/admin`);
    expect(admin?.status()).toBe(403);

    const other = await freshPage();
    await signInAtProvider(other, 'carol', '/surveys');
    await other.waitForURL(`${srv.base}/surveys`);
    expect(userRow('carol@corp.example')?.role).toBe('analyst');
  });

  it('maps the role again on every sign-in', async () => {
    idp.accounts.get('bob')!.groups = ['chorus-admins'];
    const page = await freshPage();
    await signInAtProvider(page, 'bob', '/admin');
    await page.waitForURL(`${srv.base}/admin`);
    expect(userRow('bob@corp.example')?.role).toBe('admin');
    idp.accounts.get('bob')!.groups = ['engineering'];
    const again = await freshPage();
    await signInAtProvider(again, 'bob');
    await again.waitForURL(`${srv.base}/`);
    expect(userRow('bob@corp.example')?.role).toBe('viewer');
    expect((await again.goto(`${srv.base}/admin`))?.status()).toBe(403);
    // The account's creation and each role change are in the audit log, with the address.
    const audit = deps.db
      .prepare(`SELECT actor, action, details, ip FROM audit_log WHERE target = ? ORDER BY id`)
      .all('bob@corp.example') as Array<{ actor: string; action: string; details: string; ip: string }>;
    expect(audit.map((a) => [a.action, JSON.parse(a.details)])).toEqual([
      ['user.create', { role: 'viewer', via: 'sso', issuer: idp.issuer }],
      ['user.role_change', { role: 'admin', previous_role: 'viewer', via: 'sso', issuer: idp.issuer }],
      ['user.role_change', { role: 'viewer', previous_role: 'admin', via: 'sso', issuer: idp.issuer }],
    ]);
    expect(audit.every((a) => a.actor === 'bob@corp.example' && a.ip === '127.0.0.1')).toBe(true);
  });

  it('refuses a callback whose state is not the one this browser started', async () => {
    const page = await freshPage();
    const genuine = await captureCallback(page, 'alice');
    const pending = (await page.context().cookies(`${srv.base}/auth/oidc/callback`)).find(
      (c) => c.name === 'chorus_oidc',
    );
    const forged = new URL(genuine);
    forged.searchParams.set('state', 'an-attacker-chose-this-state-value');
    const before = sessionCount();
    const mark = logged.length;
    const res = await page.goto(forged.href);
    expect(res?.status()).toBe(400);
    expect(await page.locator('[role="alert"]').textContent()).toMatch(/does not match the one this browser started/);
    expect(reasonsSince(mark)).toEqual([expect.stringMatching(/unexpected "state" response parameter value/)]);
    expect(sessionCount()).toBe(before);
    expect((await page.goto(`${srv.base}/admin`))?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/login'); // still signed out
    // The same code with the state this browser started is accepted: only the state was wrong.
    await page.context().addCookies([pending!]);
    await page.goto(genuine);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(sessionCount()).toBe(before + 1);
  });

  it('refuses a callback with no sign-in started in this browser', async () => {
    const page = await freshPage();
    const callback = await captureCallback(page, 'alice');
    const elsewhere = await freshPage();
    const res = await elsewhere.goto(callback);
    expect(res?.status()).toBe(400);
    expect(await elsewhere.locator('[role="alert"]').textContent()).toMatch(
      /expired or was started in another browser/,
    );
  });

  it('refuses an expired authorization code', async () => {
    idp.codeTtlSeconds = 1;
    try {
      const page = await freshPage();
      const callback = await captureCallback(page, 'alice');
      await new Promise((r) => setTimeout(r, 2_200));
      const before = sessionCount();
      const mark = logged.length;
      const res = await page.goto(callback);
      expect(res?.status()).toBe(401);
      expect(await page.locator('h1').textContent()).toBe('Sign-in failed');
      // The provider answers invalid_grant: this code was never used, so it was refused for its age.
      expect(reasonsSince(mark)).toEqual([expect.stringMatching(/OAUTH_RESPONSE_BODY_ERROR .*invalid_grant$/)]);
      expect(sessionCount()).toBe(before);
    } finally {
      idp.codeTtlSeconds = 60;
    }
  });

  it('refuses a code used a second time, even with the original sign-in cookie', async () => {
    const page = await freshPage();
    const callback = await captureCallback(page, 'carol');
    const pending = (await page.context().cookies(`${srv.base}/auth/oidc/callback`)).find(
      (c) => c.name === 'chorus_oidc',
    );
    expect(pending).toBeDefined();
    const first = await page.goto(callback);
    expect(first?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/');
    // The callback used up the pending sign-in; put its cookie back and send the same code again.
    await page.context().clearCookies();
    await page.context().addCookies([pending!]);
    const before = sessionCount();
    const mark = logged.length;
    const second = await page.goto(callback);
    expect(second?.status()).toBe(401);
    expect(reasonsSince(mark)).toEqual([expect.stringMatching(/OAUTH_RESPONSE_BODY_ERROR .*invalid_grant$/)]);
    expect(await page.locator('[role="alert"]').textContent()).toMatch(/could not be verified/);
    expect(sessionCount()).toBe(before);
  });

  it('refuses an ID token whose signature was changed in transit', async () => {
    idp.tamperIdTokens = true;
    try {
      const page = await freshPage();
      const before = sessionCount();
      const mark = logged.length;
      await signInAtProvider(page, 'alice');
      await page.waitForURL(`${srv.base}/auth/oidc/callback**`);
      expect(reasonsSince(mark)).toEqual([expect.stringMatching(/JWT signature verification failed/)]);
      expect(await page.locator('h1').textContent()).toBe('Sign-in failed');
      expect(await page.locator('[role="alert"]').textContent()).toMatch(/could not be verified/);
      expect(sessionCount()).toBe(before);
      expect((await page.goto(`${srv.base}/`))?.url()).toContain('/login');
    } finally {
      idp.tamperIdTokens = false;
    }
  });

  it('refuses an unverified e-mail address', async () => {
    const page = await freshPage();
    await signInAtProvider(page, 'mallory');
    await page.waitForURL(`${srv.base}/auth/oidc/callback**`);
    expect(await page.locator('h1').textContent()).toBe('Access refused');
    expect(userRow('mallory@corp.example')).toBeUndefined();
  });

  it('refuses people in no group when viewers are not allowed', async () => {
    configure({ CHORUS_OIDC_ALLOW_VIEWERS: 'false' });
    try {
      const page = await freshPage();
      await signInAtProvider(page, 'bob');
      await page.waitForURL(`${srv.base}/auth/oidc/callback**`);
      expect(await page.locator('h1').textContent()).toBe('Access refused');
      expect(await page.locator('[role="alert"]').textContent()).toMatch(/bob@corp\.example is not in a group/);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}/sso-refused.png`, fullPage: true });
      const admin = await freshPage();
      await signInAtProvider(admin, 'alice', '/admin');
      await admin.waitForURL(`${srv.base}/admin`);
    } finally {
      configure();
    }
  });

  it('logs out of Chorus and of the provider', async () => {
    const page = await freshPage();
    await signInAtProvider(page, 'alice', '/admin');
    await page.waitForURL(`${srv.base}/admin`);
    const sessionsBefore = sessionCount();
    await Promise.all([page.waitForURL(`${idp.issuer}/session/end**`), page.click('button:has-text("Log out")')]);
    expect(sessionCount()).toBe(sessionsBefore - 1);
    const endSession = new URL(page.url());
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${srv.base}/login`);
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^ey/);
    // The provider asks whether to end its own session too.
    await Promise.all([page.waitForURL(`${srv.base}/login**`), page.click('button[name="logout"]')]);
    expect((await page.goto(`${srv.base}/admin`))?.url()).toContain('/login');
    // The provider's session is gone as well: signing in asks for the login again.
    await page.goto(`${srv.base}/auth/oidc/login`);
    await page.waitForURL(`${idp.issuer}/interaction/**`);
    expect(await page.locator('input[name="login"]').count()).toBe(1);
  });
});
