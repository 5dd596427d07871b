import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { loginSession, startServer, type TestServer } from '../helpers/server.js';

let deps: Deps;
let srv: TestServer;
beforeAll(async () => {
  deps = makeDeps();
  srv = await startServer(deps);
});
afterAll(() => srv.close());

describe('web login', () => {
  it('logs in with a signed HttpOnly session cookie and rejects a form without CSRF token', async () => {
    const session = await loginSession(srv.base, deps, 'viewer');
    expect(session.cookie()).toMatch(/chorus_session=s%3A/);
    const noCsrf = await session.postForm('/logout', {});
    expect(noCsrf.status).toBe(403);
  });

  it('shows an error for a wrong password without saying which part was wrong', async () => {
    const page = await fetch(`${srv.base}/login`);
    const cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
    const res = await fetch(`${srv.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, email: 'nobody@x.example', password: 'whatever' }).toString(),
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('do not match an account');
  });

  it('sends anonymous visitors of a page to the login form', async () => {
    const res = await fetch(`${srv.base}/admin`, { redirect: 'manual' });
    expect([303, 404]).toContain(res.status);
  });
});

describe('the demo workspace', () => {
  it('says "demo" even to a client that does not follow the redirect to the login page', async () => {
    const demoDeps = makeDeps({ config: { demo: true } });
    const demo = await startServer(demoDeps);
    try {
      const res = await fetch(`${demo.base}/`, { redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/login?next=%2F');
      expect(await res.text()).toContain('demo');
      const login = await fetch(`${demo.base}/login`);
      expect(await login.text()).toContain('admin@demo.chorus');
    } finally {
      await demo.close();
    }
  });
});
