import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded Web API call; JSON-valued form fields (view, blocks, metadata) are parsed. */
export interface FakeCall {
  method: string;
  params: Record<string, any>;
  token: string | undefined;
}

/** What to do with the next call of a method instead of answering normally. */
export type FakeFault =
  | { kind: 'rate_limited'; retryAfter: number }
  | { kind: 'error'; error: string }
  | { kind: 'http'; status: number }
  /** Records the call (the message is posted) and then drops the connection: the caller cannot know. */
  | { kind: 'drop_after_post' };

interface Message {
  ts: string;
  text: string;
  blocks?: unknown;
  metadata?: any;
  user: string;
}

const JSON_FIELDS = new Set(['view', 'blocks', 'metadata', 'attachments']);

async function readBody(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) return raw ? JSON.parse(raw) : {};
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  }
  return out;
}

/**
 * A Slack-compatible Web API on loopback: records every call, keeps DM histories (with message
 * metadata) so conversations.history works, and can be told to fail the next call of a method.
 */
export async function startFakeSlack(
  options: { users?: Array<Record<string, unknown>>; pageSize?: number; now?: () => Date; socketUrl?: string } = {},
) {
  const calls: FakeCall[] = [];
  const faults = new Map<string, FakeFault[]>();
  const nthFaults = new Map<string, Map<number, FakeFault>>();
  const counts = new Map<string, number>();
  const history = new Map<string, Message[]>();
  let tsCounter = 0;
  const now = options.now ?? (() => new Date());
  const users = options.users ?? [];
  const pageSize = options.pageSize ?? 2;

  const answer = (method: string, p: Record<string, any>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          user_id: 'UBOT',
          bot_id: 'BBOT',
          team_id: 'T1',
          user: 'chorus',
          team: 'Acme',
          url: 'https://acme.slack.com/',
        };
      case 'conversations.open': {
        const user = String(p.users ?? '');
        return { ok: true, channel: { id: `D${user}` } };
      }
      case 'chat.postMessage': {
        const ts = `${Math.floor(now().getTime() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;
        const channel = String(p.channel);
        const list = history.get(channel) ?? [];
        list.unshift({ ts, text: String(p.text ?? ''), blocks: p.blocks, metadata: p.metadata, user: 'UBOT' });
        history.set(channel, list);
        return { ok: true, channel, ts, message: { ts, text: p.text } };
      }
      case 'chat.update':
        return { ok: true, channel: p.channel, ts: p.ts };
      case 'conversations.history': {
        const list = history.get(String(p.channel)) ?? [];
        const oldest = p.oldest ? Number(p.oldest) : 0;
        return {
          ok: true,
          messages: list
            .filter((m) => Number(m.ts) >= oldest)
            .map((m) => ({
              type: 'message',
              ts: m.ts,
              text: m.text,
              user: m.user,
              ...(p.include_all_metadata ? { metadata: m.metadata } : {}),
            })),
          has_more: false,
        };
      }
      case 'users.list': {
        const start = p.cursor ? Number(p.cursor) : 0;
        const limit = Math.min(Number(p.limit ?? pageSize), pageSize);
        const next = start + limit < users.length ? String(start + limit) : '';
        // Like Slack, a member's locale is only there when include_locale is asked for.
        const withLocale = String(p.include_locale) === 'true';
        const members = users
          .slice(start, start + limit)
          .map((u) => (withLocale ? u : Object.fromEntries(Object.entries(u).filter(([k]) => k !== 'locale'))));
        return { ok: true, members, response_metadata: { next_cursor: next } };
      }
      case 'apps.connections.open':
        return options.socketUrl
          ? { ok: true, url: options.socketUrl }
          : { ok: false, error: 'not_allowed_token_type' };
      default:
        return { ok: true };
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const params = await readBody(req);
    const method = url.pathname.replace(/^\/api\//, '');
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : params.token;
    if (!method.includes('.') && url.pathname.startsWith('/response/')) {
      calls.push({ method: 'response_url', params, token });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    calls.push({ method, params, token });
    const n = (counts.get(method) ?? 0) + 1;
    counts.set(method, n);
    const fault = faults.get(method)?.shift() ?? nthFaults.get(method)?.get(n);
    if (fault?.kind === 'rate_limited') {
      res.writeHead(429, { 'retry-after': String(fault.retryAfter), 'content-type': 'application/json' });
      res.end('{"ok":false,"error":"ratelimited"}');
      return;
    }
    if (fault?.kind === 'http') {
      res.writeHead(fault.status).end();
      return;
    }
    if (fault?.kind === 'error') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: fault.error }));
      return;
    }
    const body = answer(method, params);
    if (fault?.kind === 'drop_after_post') {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  // A request the fake cannot read answers 500 instead of becoming an unhandled rejection.
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    /** Point `slackApiUrl` here. */
    apiUrl: `${base}/api/`,
    /** A response_url the fake accepts (recorded as method 'response_url'). */
    responseUrl: `${base}/response/1`,
    calls,
    callsTo: (method: string) => calls.filter((c) => c.method === method),
    /** Queues a fault for the next call(s) of `method`. */
    fail: (method: string, fault: FakeFault) => {
      const list = faults.get(method) ?? [];
      list.push(fault);
      faults.set(method, list);
    },
    /** Fails the n-th call (1-based, counted from the start) of `method`. */
    failNth: (method: string, n: number, fault: FakeFault) => {
      const m = nthFaults.get(method) ?? new Map<number, FakeFault>();
      m.set(n, fault);
      nthFaults.set(method, m);
    },
    /** Messages posted to a channel, newest first. */
    messagesIn: (channel: string) => history.get(channel) ?? [],
    reset: () => {
      calls.length = 0;
      faults.clear();
      nthFaults.clear();
      counts.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;
