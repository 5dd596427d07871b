import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApiToken, createUser } from '../../src/auth/auth.service.js';
import type { Deps } from '../../src/deps.js';
import { createApp, type AppOptions } from '../../src/web/app.js';

export interface TestServer {
  base: string;
  server: Server;
  close: () => Promise<void>;
}

/** Serves createApp(deps) on 127.0.0.1 with a random port. */
export async function startServer(deps: Deps, options: AppOptions = {}): Promise<TestServer> {
  const app = createApp(deps, options);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Creates an API token of the given role and returns it. */
export const tokenFor = (deps: Deps, role: 'admin' | 'ingest' | 'viewer') =>
  createApiToken(deps, { role, name: role }).token;

/** A JSON API client bound to a base URL and token. */
export function apiClient(base: string, token?: string) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call('POST', path, body, headers),
    put: (path: string, body?: unknown) => call('PUT', path, body),
    del: (path: string) => call('DELETE', path),
    raw: call,
  };
}

/** A cookie-keeping form client for pages: GET, POST forms, read the CSRF token of a page. */
export function formClient(base: string) {
  const jar = new Map<string, string>();
  const store = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const get = async (path: string) => {
    const res = await fetch(base + path, { headers: { cookie: cookie() }, redirect: 'manual' });
    store(res);
    return { status: res.status, text: await res.text(), headers: res.headers };
  };
  const csrfFrom = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const postForm = async (path: string, fields: Record<string, string | string[]>, csrf?: string) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    if (csrf !== undefined) body.set('_csrf', csrf);
    const res = await fetch(base + path, {
      method: 'POST',
      body: body.toString(),
      redirect: 'manual',
      headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    store(res);
    return { status: res.status, text: await res.text(), headers: res.headers };
  };
  return { jar, get, postForm, csrfFrom, cookie };
}

/**
 * A logged-in browser-like session: keeps cookies, reads the CSRF token from pages, posts forms.
 */
export async function loginSession(base: string, deps: Deps, role: 'admin' | 'analyst' | 'viewer' = 'admin') {
  const email = `${role}-${Math.random().toString(36).slice(2)}@test.example`;
  createUser(deps, { email, password: 'correct horse battery', role });
  const client = formClient(base);
  const loginPage = await client.get('/login');
  const res = await client.postForm(
    '/login',
    { email, password: 'correct horse battery', next: '/' },
    client.csrfFrom(loginPage.text),
  );
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  return { get: client.get, postForm: client.postForm, csrfFrom: client.csrfFrom, cookie: client.cookie, email };
}
