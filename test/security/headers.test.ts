import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { routeTable } from '../../src/web/routes.js';
import { makeDeps } from '../helpers/deps.js';
import { loginSession, startServer, type TestServer } from '../helpers/server.js';
import { fillPath } from './route-calls.js';

let deps: Deps;
let srv: TestServer;
let admin: Awaited<ReturnType<typeof loginSession>>;

beforeAll(async () => {
  deps = makeDeps();
  srv = await startServer(deps, { rateLimits: false });
  admin = await loginSession(srv.base, deps, 'admin');
});
afterAll(() => srv.close());

const pagePaths = () => [
  ...new Set(
    routeTable
      .filter((r) => r.method === 'get' && !/^\/(api|webhooks|slack)\//.test(r.path))
      .map((r) => fillPath(r.path)),
  ),
  '/no-such-page',
];

/** The directives of a Content-Security-Policy header. */
const directives = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((p) => p[0])
      .map(([name, ...values]) => [name, values]),
  );

describe('security headers on every page', () => {
  it('sends a strict CSP: scripts and styles only from self, no inline, no eval, no framing', async () => {
    for (const path of pagePaths()) {
      const res = await admin.get(path);
      const csp = res.headers.get('content-security-policy');
      expect(csp, path).toBeTruthy();
      const d = directives(csp!);
      expect(d.get('script-src'), path).toEqual(["'self'"]);
      expect(d.get('style-src'), path).toEqual(["'self'"]);
      expect(d.get('object-src'), path).toEqual(["'none'"]);
      expect(d.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(d.get('base-uri'), path).toEqual(["'none'"]);
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-powered-by'), path).toBeNull();
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });

  it('renders pages with no inline script, inline handler or style attribute', async () => {
    for (const path of pagePaths()) {
      const res = await admin.get(path);
      if (!/text\/html/.test(res.headers.get('content-type') ?? '')) continue;
      const html = res.text;
      const inlineScripts = [...html.matchAll(/<script\b([^>]*)>/gi)].filter(
        ([, attrs]) => !/\bsrc=/.test(attrs) && !/type="application\/json"/.test(attrs),
      );
      expect(
        inlineScripts.map((m) => m[0]),
        path,
      ).toEqual([]);
      expect(html.match(/<[^>]+\son[a-z]+\s*=/gi) ?? [], path).toEqual([]);
      expect(html.match(/<[^>]+\sstyle\s*=/gi) ?? [], path).toEqual([]);
    }
  });

  it('sends HSTS only when the public URL is https', async () => {
    expect((await fetch(`${srv.base}/login`)).headers.get('strict-transport-security')).toBeNull();
    const httpsDeps = makeDeps({ env: { CHORUS_BASE_URL: 'https://chorus.example' } });
    const s = await startServer(httpsDeps);
    try {
      expect((await fetch(`${s.base}/login`)).headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    } finally {
      await s.close();
    }
  });

  it('serves API JSON with nosniff so a browser never renders it as a page', async () => {
    const res = await fetch(`${srv.base}/api/v1/teams`);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
