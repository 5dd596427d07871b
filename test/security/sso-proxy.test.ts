import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/auth.service.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/deps.js';
import { addressMatcher } from '../../src/web/auth.js';
import { makeDeps } from '../helpers/deps.js';
import { startServer, type TestServer } from '../helpers/server.js';

// Issue 12, finding 5: CHORUS_TRUSTED_PROXY_HEADER is believed only from CHORUS_TRUSTED_PROXIES,
// checked on every request, and never turned into a session.
const HEADER = 'X-Forwarded-Email';
const BOSS = 'boss@test.example';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

async function serve(env: Record<string, string>): Promise<Deps> {
  const deps = makeDeps({ env: { CHORUS_TRUSTED_PROXY_HEADER: HEADER, ...env } });
  createUser(deps, { email: BOSS, password: 'boss password 123', role: 'admin' });
  srv = await startServer(deps);
  return deps;
}
const sessionRows = (deps: Deps) => deps.db.prepare('SELECT COUNT(*) FROM sessions').pluck().get() as number;
const get = (path: string, headers: Record<string, string>) => fetch(srv!.base + path, { headers, redirect: 'manual' });

describe('trusted SSO proxy header', () => {
  it('ignores the header when the socket peer is not a trusted proxy (even with a forged X-Forwarded-For)', async () => {
    const deps = await serve({ CHORUS_TRUSTED_PROXIES: '10.9.8.7,192.168.50.0/24' }); // the test client is 127.0.0.1
    const attempts: Array<Record<string, string>> = [
      { [HEADER]: BOSS },
      { [HEADER]: BOSS, 'x-forwarded-for': '10.9.8.7' },
    ];
    for (const headers of attempts) {
      const page = await get('/admin/access', headers);
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toMatch(/^\/login\?next=/);
      const api = await get('/api/v1/teams', headers);
      expect(api.status).toBe(401);
    }
    expect(sessionRows(deps)).toBe(0);
  });

  it('accepts it from the default trusted proxy (loopback), per request, without a session or cookie', async () => {
    const deps = await serve({});
    for (let i = 0; i < 5; i++) {
      const page = await get('/admin/access', { [HEADER]: BOSS });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(BOSS);
      expect(page.headers.getSetCookie().some((c) => c.startsWith('chorus_session='))).toBe(false);
    }
    expect((await get('/api/v1/teams', { [HEADER]: BOSS })).status).toBe(200);
    expect(sessionRows(deps)).toBe(0);
    // Without the header the same client is nobody: nothing was remembered.
    expect((await get('/admin/access', {})).status).toBe(303);
    // An unknown e-mail is nobody either.
    expect((await get('/admin/access', { [HEADER]: 'stranger@test.example' })).status).toBe(303);
  });

  it('re-checks the account on every request: disabling it takes effect at once', async () => {
    const deps = await serve({});
    expect((await get('/admin/access', { [HEADER]: BOSS })).status).toBe(200);
    deps.db.prepare('UPDATE users SET disabled_at = ? WHERE email = ?').run(new Date().toISOString(), BOSS);
    expect((await get('/admin/access', { [HEADER]: BOSS })).status).toBe(303);
  });

  it('forms still work for a header-identified user (signed double-submit CSRF cookie)', async () => {
    await serve({});
    const page = await get('/admin/access', { [HEADER]: BOSS });
    const cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
    expect(csrf).toBeTruthy();
    const post = (body: Record<string, string>) =>
      fetch(`${srv!.base}/admin/tokens`, {
        method: 'POST',
        redirect: 'manual',
        headers: { [HEADER]: BOSS, cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
      });
    expect((await post({ name: 'ci', role: 'viewer' })).status).toBe(403);
    expect((await post({ _csrf: csrf!, name: 'ci', role: 'viewer' })).status).toBeLessThan(400);
  });
});

describe('CHORUS_TRUSTED_PROXIES', () => {
  it('defaults to loopback and parses addresses and CIDR ranges', () => {
    expect(loadConfig({}).trustedProxies).toEqual(['127.0.0.1/8', '::1']);
    expect(loadConfig({ CHORUS_TRUSTED_PROXIES: ' 10.0.0.1 , fd00::/8 ' }).trustedProxies).toEqual([
      '10.0.0.1',
      'fd00::/8',
    ]);
  });

  it('refuses a malformed entry, naming the variable', () => {
    for (const bad of ['10.0.0.1/33', 'proxy.internal', '10.0.0.0/8/1', '::1/129', ','])
      expect(() => loadConfig({ CHORUS_TRUSTED_PROXIES: bad }), bad).toThrow(ConfigError);
    expect(() => loadConfig({ CHORUS_TRUSTED_PROXIES: 'nope' })).toThrow(/CHORUS_TRUSTED_PROXIES/);
  });

  it('matches peers by address and range, IPv4-mapped IPv6 included', () => {
    const trusted = addressMatcher(['127.0.0.1/8', '::1', '10.1.2.3', '192.168.0.0/16', 'fd00::/8']);
    for (const a of ['127.0.0.1', '127.3.4.5', '::1', '::ffff:127.0.0.1', '10.1.2.3', '192.168.9.9', 'fd12::1'])
      expect(trusted(a), a).toBe(true);
    for (const a of ['10.1.2.4', '192.169.0.1', '::2', '::ffff:10.1.2.4', 'fe80::1', '', undefined, 'garbage'])
      expect(trusted(a), String(a)).toBe(false);
  });
});
