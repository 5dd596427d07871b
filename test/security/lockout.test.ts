import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLogin, createUser } from '../../src/auth/auth.service.js';
import type { Deps } from '../../src/deps.js';
import { routeTable } from '../../src/web/routes.js';
import { makeDeps, testClock } from '../helpers/deps.js';
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
    // Spread over two accounts, so neither reaches the per-account limit below.
    for (let i = 0; i < 10; i++) {
      const email = i % 2 ? user.email : 'someone-else@test.example';
      const { res } = await rawLogin(srv.base, email, `wrong-${i}`, from('203.0.113.10'));
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

describe('per-account login lockout (issue 12, finding 6)', () => {
  it('locks an account after 10 failed logins from 10 different addresses (rotated X-Forwarded-For)', async () => {
    const victim = { email: 'victim@test.example', password: 'another correct horse' };
    createUser(deps, { ...victim, role: 'analyst' });
    createUser(deps, { email: 'bystander@test.example', password: victim.password, role: 'viewer' });
    for (let i = 0; i < 10; i++) {
      const { res } = await rawLogin(srv.base, victim.email, `guess-${i}`, from(`198.18.0.${i + 1}`));
      expect(res.status, `guess ${i}`).toBe(401);
    }
    // A fresh address, the right password, the e-mail in another case: still locked.
    for (const email of [victim.email, 'Victim@Test.Example ']) {
      const locked = await rawLogin(srv.base, email, victim.password, from('198.18.1.1'));
      expect(locked.res.status).toBe(429);
      expect(locked.cookies.some((c) => c.startsWith('chorus_session='))).toBe(false);
    }
    // Other accounts are not affected, from the same addresses.
    const other = await rawLogin(srv.base, 'bystander@test.example', victim.password, from('198.18.0.1'));
    expect(other.res.status).toBe(303);
  });

  it('locks an unknown e-mail the same way (a lock does not tell which accounts exist)', async () => {
    for (let i = 0; i < 10; i++) {
      const { res } = await rawLogin(srv.base, 'nobody@test.example', `guess-${i}`, from(`198.18.2.${i + 1}`));
      expect(res.status).toBe(401);
    }
    expect((await rawLogin(srv.base, 'nobody@test.example', 'x', from('198.18.3.1'))).res.status).toBe(429);
  });

  it('unlocks after the 15-minute window; successes do not count', () => {
    const clock = testClock();
    const d = makeDeps({ now: clock.now });
    createUser(d, { email: 'clock@test.example', password: 'right password here', role: 'viewer' });
    for (let i = 0; i < 20; i++) expect(checkLogin(d, 'clock@test.example', 'right password here')).toBeTruthy();
    for (let i = 0; i < 10; i++) expect(checkLogin(d, 'clock@test.example', `wrong ${i}`)).toBeUndefined();
    expect(() => checkLogin(d, 'clock@test.example', 'right password here')).toThrow(
      expect.objectContaining({ code: 'rate_limited', status: 429 }),
    );
    clock.advance(15 * 60_000 - 1);
    expect(() => checkLogin(d, 'clock@test.example', 'right password here')).toThrow(/Too many failed logins/);
    clock.advance(1);
    expect(checkLogin(d, 'clock@test.example', 'right password here')?.role).toBe('viewer');
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
