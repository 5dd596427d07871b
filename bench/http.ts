/** A JSON/API response as the bench reads it. */
export interface Reply {
  status: number;
  text: string;
  headers: Headers;
}

/** GET/POST with a bearer token; throws on a non-2xx status so a broken route never counts as fast. */
export function apiClient(base: string, token: string) {
  // Retried like GETs on a closed keep-alive socket: every bench POST is an ingestion route, which
  // stores an item once by its id (api.md), so a second try cannot store anything twice.
  const call = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const res = await fetchRetrying(base + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
    return { status: res.status, text, headers: res.headers };
  };
  return { get: (path: string) => call('GET', path), post: (path: string, body: unknown) => call('POST', path, body) };
}

/**
 * fetch, tried once more when the server closed a pooled keep-alive socket just as it was reused
 * (undici's "other side closed" race after an idle pause between phases). Only for GETs: they
 * change nothing, so a second try cannot double a write.
 */
async function fetchRetrying(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (code !== 'UND_ERR_SOCKET') throw err;
    return fetch(url, init);
  }
}

/** A browser-like client: keeps cookies, reads CSRF tokens from pages, posts forms. */
export function browser(base: string) {
  const jar = new Map<string, string>();
  const store = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const get = async (path: string): Promise<Reply> => {
    const res = await fetchRetrying(base + path, { headers: { cookie: cookie() }, redirect: 'manual' });
    store(res);
    return { status: res.status, text: await res.text(), headers: res.headers };
  };
  const postForm = async (path: string, fields: Record<string, string>): Promise<Reply> => {
    const res = await fetch(base + path, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
      headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    store(res);
    return { status: res.status, text: await res.text(), headers: res.headers };
  };
  return { get, postForm, csrfFrom: (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '' };
}

/** Logs a browser in with a local account (the user must exist). */
export async function login(base: string, email: string, password: string) {
  const b = browser(base);
  const page = await b.get('/login');
  const res = await b.postForm('/login', { email, password, next: '/', _csrf: b.csrfFrom(page.text) });
  if (res.status !== 303) throw new Error(`bench login failed: ${res.status}`);
  return b;
}
