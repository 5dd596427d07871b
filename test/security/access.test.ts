import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { createApp } from '../../src/web/app.js';
import type { RouteDef } from '../../src/web/route.js';
import { routeTable } from '../../src/web/routes.js';
import { makeDeps } from '../helpers/deps.js';
import { loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { expectedOutcome, fillPath, isFormRoute, rawLogin, routeName, type Caller } from './route-calls.js';

let deps: Deps;
let srv: TestServer;
const creds = new Map<Caller, Record<string, string>>();

beforeAll(async () => {
  deps = makeDeps();
  // Lockouts off here: the matrix sends hundreds of unauthenticated calls from one address.
  srv = await startServer(deps, { rateLimits: false });
  creds.set('anonymous', {});
  creds.set('bad-token', { authorization: 'Bearer chorus_admin_not-a-real-token-at-all' });
  for (const role of ['admin', 'ingest', 'viewer'] as const)
    creds.set(`token:${role}`, { authorization: `Bearer ${tokenFor(deps, role)}` });
  for (const role of ['viewer', 'analyst', 'admin'] as const) {
    const session = await loginSession(srv.base, deps, role);
    creds.set(`session:${role}`, { cookie: session.cookie() });
  }
});
afterAll(() => srv.close());

async function call(route: Pick<RouteDef, 'method' | 'path'>, headers: Record<string, string>, body?: string) {
  const isApi = route.path.startsWith('/api/');
  const init: RequestInit = { method: route.method.toUpperCase(), headers: { ...headers }, redirect: 'manual' };
  if (route.method !== 'get') {
    (init.headers as Record<string, string>)['content-type'] = isApi
      ? 'application/json'
      : 'application/x-www-form-urlencoded';
    init.body = body ?? (isApi ? '{}' : '');
  }
  const res = await fetch(srv.base + fillPath(route.path), init);
  return {
    status: res.status,
    location: res.headers.get('location'),
    text: await res.text(),
    type: res.headers.get('content-type') ?? '',
  };
}

const CALLERS: Caller[] = [
  'anonymous',
  'bad-token',
  'token:ingest',
  'token:viewer',
  'session:viewer',
  'session:analyst',
];

describe('access matrix over the whole route table', () => {
  it('has routes to check', () => {
    expect(routeTable.length).toBeGreaterThan(5);
  });

  it('serves no route outside the table except health, favicon and static files', () => {
    const app = createApp(deps) as unknown as {
      router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
    };
    const listed = new Set(routeTable.map((r) => routeName(r)));
    const stray = app.router.stack
      .filter((l) => l.route)
      .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${l.route!.path}`))
      .filter((name) => !listed.has(name) && !['GET /healthz', 'GET /favicon.ico'].includes(name));
    expect(stray).toEqual([]);
  });

  for (const caller of CALLERS) {
    it(`refuses ${caller} wherever the policy says so`, async () => {
      const failures: string[] = [];
      let checked = 0;
      for (const route of routeTable) {
        const want = expectedOutcome(route.policy, route.method, caller);
        if (want === 'pass') continue;
        checked++;
        const got = await call(route, creds.get(caller)!);
        const ok =
          want === 'login'
            ? got.status === 303 && /^\/login\?next=/.test(got.location ?? '')
            : got.status === want && (!route.path.startsWith('/api/') || /application\/json/.test(got.type));
        if (!ok)
          failures.push(
            `${routeName(route)} [${route.policy}] as ${caller}: wanted ${want}, got ${got.status} ${got.location ?? ''}`,
          );
      }
      expect(failures).toEqual([]);
      if (caller === 'anonymous') expect(checked).toBeGreaterThan(0);
    });
  }

  it('answers 401 JSON with the error envelope to a bad token on every API route', async () => {
    for (const route of routeTable.filter((r) => r.path.startsWith('/api/'))) {
      const got = await call(route, creds.get('bad-token')!);
      expect(got.status, routeName(route)).toBe(401);
      expect(JSON.parse(got.text).error.code, routeName(route)).toBe('unauthorized');
    }
  });
});

describe('CSRF', () => {
  it('rejects every page form post without a token (403), whatever the role', async () => {
    const machine = routeTable.filter((r) => isFormRoute(r) && r.csrf === 'none');
    // Only endpoints that authenticate each request by signature may skip CSRF.
    for (const r of machine) expect(r.path, routeName(r)).toMatch(/^\/(webhooks|slack)\//);
    const forms = routeTable.filter((r) => isFormRoute(r) && r.csrf !== 'none');
    expect(forms.length).toBeGreaterThan(3);
    const anonymousPage = await fetch(`${srv.base}/login`);
    const csrfCookie = anonymousPage.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    for (const route of forms) {
      const headers = route.policy === 'public' ? { cookie: csrfCookie } : creds.get('session:admin')!;
      const missing = await call(route, headers, 'name=x');
      expect(missing.status, `${routeName(route)} without token`).toBe(403);
      expect(missing.text, routeName(route)).toContain('form expired');
      const forged = await call(route, headers, '_csrf=forged-token-from-another-site&name=x');
      expect(forged.status, `${routeName(route)} with a forged token`).toBe(403);
    }
  });

  it("does not accept one session's token in another session", async () => {
    const a = await loginSession(srv.base, deps, 'admin');
    const b = await loginSession(srv.base, deps, 'admin');
    const tokenOfA = a.csrfFrom((await a.get('/admin/teams')).text);
    expect(tokenOfA).not.toBe('');
    const res = await b.postForm('/admin/teams', { key: 'csrf-probe', name: 'Probe' }, tokenOfA);
    expect(res.status).toBe(403);
    const ok = await a.postForm('/admin/teams', { key: 'csrf-probe', name: 'Probe' }, tokenOfA);
    expect(ok.status).toBeLessThan(400);
  });
});

describe('session cookies', () => {
  const user = { email: 'cookie@test.example', password: 'correct horse battery' };
  beforeAll(async () => {
    const { createUser } = await import('../../src/auth/auth.service.js');
    createUser(deps, { ...user, role: 'viewer' });
  });

  it('are HttpOnly and SameSite=Lax, not Secure over plain HTTP', async () => {
    const { res, pageCookies, cookies } = await rawLogin(srv.base, user.email, user.password);
    expect(res.status).toBe(303);
    const session = cookies.find((c) => c.startsWith('chorus_session='))!;
    const csrf = pageCookies.find((c) => c.startsWith('chorus_csrf='))!;
    for (const c of [session, csrf]) {
      expect(c).toMatch(/;\s*HttpOnly/i);
      expect(c).toMatch(/;\s*SameSite=Lax/i);
      expect(c).not.toMatch(/;\s*Secure/i);
    }
  });

  it('are Secure behind TLS (X-Forwarded-Proto https from the loopback proxy)', async () => {
    const { res, pageCookies, cookies } = await rawLogin(srv.base, user.email, user.password, {
      'x-forwarded-proto': 'https',
    });
    expect(res.status).toBe(303);
    for (const c of [
      cookies.find((x) => x.startsWith('chorus_session='))!,
      pageCookies.find((x) => x.startsWith('chorus_csrf='))!,
    ]) {
      expect(c).toMatch(/;\s*Secure/i);
      expect(c).toMatch(/;\s*HttpOnly/i);
      expect(c).toMatch(/;\s*SameSite=Lax/i);
    }
  });

  it('are Secure whenever CHORUS_BASE_URL is https', async () => {
    const httpsDeps = makeDeps({ env: { CHORUS_BASE_URL: 'https://chorus.example' } });
    const { createUser } = await import('../../src/auth/auth.service.js');
    createUser(httpsDeps, { ...user, role: 'viewer' });
    const s = await startServer(httpsDeps);
    try {
      const { cookies } = await rawLogin(s.base, user.email, user.password);
      expect(cookies.find((x) => x.startsWith('chorus_session='))).toMatch(/;\s*Secure/i);
    } finally {
      await s.close();
    }
  });

  it('stores only a hash of the session id', async () => {
    const { cookies } = await rawLogin(srv.base, user.email, user.password);
    const value = decodeURIComponent(
      cookies
        .find((c) => c.startsWith('chorus_session='))!
        .split(';')[0]
        .split('=')[1],
    );
    const sid = value.slice(2, value.lastIndexOf('.'));
    const rows = deps.db.prepare('SELECT id_hash FROM sessions').all() as Array<{ id_hash: string }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.id_hash === sid)).toBe(false);
  });
});
