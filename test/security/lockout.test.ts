import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/auth.service.js';
import type { Deps } from '../../src/deps.js';
import { routeTable } from '../../src/web/routes.js';
import { makeDeps } from '../helpers/deps.js';
import { startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { fillPath, rawLogin } from './route-calls.js';

let deps: Deps;
let srv: TestServer;
const user = { email: 'lock@test.example', password: 'correct horse battery' };

beforeAll(async () => {
  deps = makeDeps();
  createUser(deps, { ...user, role: 'admin' });
  srv = await startServer(deps); // real limits
});
afterAll(() => srv.close());

// Requests reach the app through the loopback "proxy", so X-Forwarded-For sets the client address
// each limiter counts by: every test uses its own address.
const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe('login lockout', () => {
  it('locks an address out after 10 failed logins, even for the right password; others may still log in', async () => {
    for (let i = 0; i < 10; i++) {
      const { res } = await rawLogin(srv.base, user.email, `wrong-${i}`, from('203.0.113.10'));
      expect(res.status).toBe(401);
    }
    const locked = await rawLogin(srv.base, user.email, user.password, from('203.0.113.10'));
    expect(locked.res.status).toBe(429);
    expect(locked.cookies.some((c) => c.startsWith('chorus_session='))).toBe(false);
    const other = await rawLogin(srv.base, user.email, user.password, from('203.0.113.11'));
    expect(other.res.status).toBe(303);
  });

  it('does not count successful logins', async () => {
    for (let i = 0; i < 15; i++) {
      const { res } = await rawLogin(srv.base, user.email, user.password, from('203.0.113.12'));
      expect(res.status).toBe(303);
    }
  });
});

describe('API bad-token lockout', () => {
  it('refuses an address after 30 bad tokens, even with a good token; other addresses are served', async () => {
    const admin = tokenFor(deps, 'admin');
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${srv.base}/api/v1/teams`, {
        headers: { ...from('198.51.100.20'), authorization: `Bearer guess-${i}` },
      });
      expect(res.status).toBe(401);
    }
    const locked = await fetch(`${srv.base}/api/v1/teams`, {
      headers: { ...from('198.51.100.20'), authorization: `Bearer ${admin}` },
    });
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    const other = await fetch(`${srv.base}/api/v1/teams`, {
      headers: { ...from('198.51.100.21'), authorization: `Bearer ${admin}` },
    });
    expect(other.status).toBe(200);
  });

  it('does not count requests without a token, or with a good one', async () => {
    const viewer = tokenFor(deps, 'viewer');
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${srv.base}/api/v1/teams`, { headers: from('198.51.100.22') });
      expect(res.status).toBe(401);
      const ok = await fetch(`${srv.base}/api/v1/teams`, {
        headers: { ...from('198.51.100.22'), authorization: `Bearer ${viewer}` },
      });
      expect(ok.status).toBe(200);
    }
  });
});

const surveyLink = routeTable.find((r) => r.method === 'get' && r.path === '/s/:token');

describe('link-credential routes', () => {
  it('rate-limit every public route that takes a secret token in its path', () => {
    const tokenRoutes = routeTable.filter((r) => r.policy === 'public' && r.path.includes(':token'));
    expect(tokenRoutes.length).toBeGreaterThan(0);
    expect(tokenRoutes.filter((r) => !r.rateLimit).map((r) => `${r.method.toUpperCase()} ${r.path}`)).toEqual([]);
  });
});

describe('survey-link lockout', () => {
  it.runIf(surveyLink)('stops an address guessing survey links after 30 unknown links', async () => {
    for (let i = 0; i < 30; i++) {
      const res = await fetch(srv.base + fillPath(surveyLink!.path, `guess${i}xxxxxxxxxxxxxxxxxxxx`), {
        headers: from('192.0.2.30'),
      });
      expect(res.status, `guess ${i}`).toBe(404);
    }
    const locked = await fetch(srv.base + fillPath(surveyLink!.path, 'another-guess'), { headers: from('192.0.2.30') });
    expect(locked.status).toBe(429);
    const other = await fetch(srv.base + fillPath(surveyLink!.path, 'another-guess'), { headers: from('192.0.2.31') });
    expect(other.status).toBe(404);
  });
});
