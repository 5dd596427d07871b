import type { Method, Policy, RouteDef } from '../../src/web/route.js';

/** Who calls a route in the access matrix. */
export type Caller =
  | 'anonymous'
  | 'bad-token'
  | 'token:admin'
  | 'token:ingest'
  | 'token:viewer'
  | 'session:viewer'
  | 'session:analyst'
  | 'session:admin';

/** What the policy layer must answer: 'pass' means the handler runs (not called by the tests). */
export type Outcome = 'pass' | 401 | 403 | 'login';

const PAGE_RANK = { viewer: 1, analyst: 2, admin: 3 } as const;

/** Fills `:params` with harmless dummy values so every route can be called. */
export const fillPath = (path: string, value = 'zz-dummy'): string =>
  path.replace(/:(\w+)(\([^)]*\))?\??/g, (_m, name: string) => (/id$/i.test(name) ? '999999' : value));

/** The outcome the route policy dictates for a caller (mirrors the rules in src/web/route.ts). */
export function expectedOutcome(policy: Policy, method: Method, caller: Caller): Outcome {
  if (policy === 'public') return 'pass';
  const [kind, role] = caller.split(':') as [string, string | undefined];
  if (policy.startsWith('api:')) {
    if (caller === 'anonymous' || caller === 'bad-token') return 401;
    if (kind === 'session') {
      if (policy === 'api:read' && method === 'get') return 'pass';
      if (policy === 'api:admin' && method === 'get' && role === 'admin') return 'pass';
      return 403;
    }
    if (role === 'admin') return 'pass';
    if (policy === 'api:ingest' && role === 'ingest') return 'pass';
    if (policy === 'api:read' && role === 'viewer') return 'pass';
    return 403;
  }
  // page:*
  if (kind !== 'session') return method === 'get' ? 'login' : 401;
  const needed = policy.slice(5) as keyof typeof PAGE_RANK;
  return PAGE_RANK[role as keyof typeof PAGE_RANK] >= PAGE_RANK[needed] ? 'pass' : 403;
}

/** "POST /api/v1/teams" */
export const routeName = (r: Pick<RouteDef, 'method' | 'path'>): string => `${r.method.toUpperCase()} ${r.path}`;

/** Page-form routes: non-GET routes outside the API that browsers post to. */
export const isFormRoute = (r: RouteDef): boolean => r.method !== 'get' && !r.policy.startsWith('api:');

/** Logs in by hand so the raw Set-Cookie headers can be inspected. */
export async function rawLogin(base: string, email: string, password: string, headers: Record<string, string> = {}) {
  const page = await fetch(`${base}/login`, { headers });
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password, next: '/' }).toString(),
  });
  return { res, pageCookies: page.headers.getSetCookie(), cookies: res.headers.getSetCookie() };
}
