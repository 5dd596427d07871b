import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Deps } from '../deps.js';
import type { AckReply } from './bolt-app.js';
import type { ListenerHost } from './listener-host.js';
import { ackCarriesBody, classifySlackBody } from './payload.schema.js';
import { SeenSignatures, SIGNATURE_WINDOW_S } from './replay.js';
/** Slack's largest payloads (a 100-block modal's state) are far below this. */
const BODY_LIMIT_BYTES = 1024 * 1024;

/** How the edge is set up. */
export interface EdgeOptions {
  signingSecret: string;
  host: ListenerHost;
  /** How long a view submission or slash command waits for its listener's ack (Bolt's default 3001 ms). */
  ackTimeoutMs?: number;
  /** Wall clock in ms (Slack's timestamps are wall-clock time); tests move it. */
  clock?: () => number;
}

class Refused extends Error {
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(reason);
  }
}

async function readRawBody(req: Request): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT_BYTES) throw new Refused(413, 'request body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > BODY_LIMIT_BYTES) throw new Refused(413, 'request body too large');
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    // A client that goes away mid-body is not a server failure.
    throw err instanceof Refused ? err : new Refused(400, 'could not read the request body');
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Checks `v0=HMAC-SHA256(secret, "v0:<ts>:<body>")` in constant time and the ±5-minute window. */
function verifySignature(req: Request, rawBody: string, secret: string, nowMs: number): string {
  const signature = req.headers['x-slack-signature'];
  const timestamp = req.headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) {
    throw new Refused(401, 'missing or malformed Slack signature headers');
  }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_S)
    throw new Refused(401, 'stale Slack request timestamp');
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new Refused(401, 'invalid Slack signature');
  return signature;
}

/** The body as Bolt would read it: form fields (a `payload` field is JSON), otherwise JSON. */
function parseBody(req: Request, rawBody: string): Record<string, unknown> {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  let body: unknown;
  try {
    if (type === 'application/x-www-form-urlencoded') {
      const form = Object.fromEntries(new URLSearchParams(rawBody));
      body = typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
    } else {
      body = JSON.parse(rawBody);
    }
  } catch {
    throw new Refused(400, 'unparseable Slack request body');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new Refused(400, 'Slack request body is not an object');
  return body as Record<string, unknown>;
}

function sendAck(res: Response, reply: AckReply): void {
  if (reply.kind === 'unhandled') {
    res.status(404).type('text/plain').send('no handler for this Slack request');
  } else if (reply.kind === 'error') {
    res.status(500).type('text/plain').send('internal error');
  } else if (reply.response === undefined || reply.response === null || reply.response === '') {
    res.status(200).end();
  } else if (typeof reply.response === 'string') {
    res.status(200).type('text/plain').send(reply.response);
  } else {
    res.status(200).json(reply.response);
  }
}

/**
 * POST /slack/events: the only work on the request thread. Reads the raw body, verifies the
 * signature and window (401), parses and reduces the payload to what Chorus handles (400, short
 * reason, nothing echoed), ignores a signature already seen (a replay: 200, empty, no work), then
 * hands the delivery to the listeners — acknowledging at once unless Slack reads the ack's body.
 * The listener side writes the signature to the database before any listener runs (replay.ts).
 */
export function slackEdge(deps: Deps, options: EdgeOptions): RequestHandler {
  const clock = options.clock ?? Date.now;
  const ackTimeoutMs = options.ackTimeoutMs ?? 3001;
  const seen = new SeenSignatures(deps.db, clock());

  const handle = async (req: Request, res: Response) => {
    // The listener thread's queue ages deliveries by the real clock; only the signature window is injectable.
    const receivedAt = Date.now();
    const nowMs = clock();
    const rawBody = await readRawBody(req);
    const signature = verifySignature(req, rawBody, options.signingSecret, nowMs);
    const body = parseBody(req, rawBody);
    if (body.ssl_check !== undefined) return void res.status(200).end();
    if (body.type === 'url_verification') {
      if (typeof body.challenge !== 'string') throw new Refused(400, 'malformed url_verification');
      return void res.status(200).json({ challenge: body.challenge });
    }
    const classified = classifySlackBody(body);
    if (classified.kind === 'malformed') throw new Refused(400, classified.reason);
    if (!seen.firstSighting(signature, nowMs)) {
      deps.log.warn({ module: 'slack' }, 'replayed Slack request ignored (signature already seen)');
      return void res.status(200).end();
    }
    if (classified.kind === 'ack_only') return void res.status(200).end();
    const retry = Number(req.headers['x-slack-retry-num']);
    const reason = req.headers['x-slack-retry-reason'];
    const delivery = {
      body: classified,
      needsAck: ackCarriesBody(classified),
      receivedAt,
      signature,
      seenAt: new Date(nowMs).toISOString(),
      retryNum: Number.isInteger(retry) ? retry : undefined,
      retryReason: typeof reason === 'string' ? reason.slice(0, 100) : undefined,
    };
    if (!delivery.needsAck) {
      res.status(200).end();
      void options.host.dispatch(delivery);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<AckReply>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'unhandled' }), ackTimeoutMs);
    });
    const reply = await Promise.race([options.host.dispatch(delivery), timeout]);
    clearTimeout(timer);
    sendAck(res, reply);
  };

  const router = express.Router();
  router.post('/slack/events', (req, res) => {
    handle(req, res).catch((err: Error) => {
      const status = err instanceof Refused ? err.status : 500;
      if (status >= 500) deps.log.error({ module: 'slack', err: err.message }, 'Slack request failed');
      else deps.log.debug({ module: 'slack', status, reason: err.message }, 'Slack request refused');
      if (!res.headersSent)
        res
          .status(status)
          .type('text/plain')
          .send(err instanceof Refused ? err.message : 'internal error');
    });
  });
  return router;
}
