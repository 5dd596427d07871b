import autocannon from 'autocannon';
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { browser } from './http.js';
import { stat, type Stat } from './measure.js';
import type { BenchContext } from './scenarios-data.js';
import { BENCH_SLACK } from './server-app.js';

/** autocannon latency summary of one target. */
export interface LoadResult {
  p50: number;
  p99: number;
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** A request body and its headers; a fresh one per request (each Slack request has its own signature). */
export type NextRequest = () => { body: string; headers: Record<string, string> };

async function load(url: string, next: NextRequest, seconds: number, connections: number): Promise<LoadResult> {
  const requests = [
    {
      setupRequest: (r: autocannon.Request): autocannon.Request => {
        const n = next();
        return { ...r, body: n.body, headers: { ...r.headers, ...n.headers } };
      },
    },
  ];
  const r = await autocannon({ url, method: 'POST', requests, connections, duration: seconds });
  return {
    p50: r.latency.p50,
    p99: r.latency.p99,
    rps: r.requests.average,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

/**
 * Open-loop load: requests sent at evenly spaced instants (`rate` per second) over a keep-alive
 * pool of at most `connections` sockets, whatever the answers' timing: latency is measured from
 * the planned send time, so queueing in the server shows (no coordinated omission) and, unlike
 * autocannon's per-second budgets, arrivals are not bunched at the start of each second.
 */
export async function openLoop(
  url: string,
  next: NextRequest,
  rate: number,
  seconds: number,
  connections: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const one = (planned: number) =>
    new Promise<void>((resolve) => {
      const { body, headers } = next();
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - planned);
            if ((res.statusCode ?? 0) >= 300) non2xx++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const planned = start + (i * 1000) / rate;
    const wait = planned - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(one(planned));
  }
  await Promise.all(pending);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return {
    p50: q(0.5),
    p99: q(0.99),
    rps: total / ((performance.now() - start) / 1000),
    requests: total,
    non2xx,
    errors,
  };
}

/**
 * Signed Slack interactivity requests: the Answer button of a pulse DM (block_actions). Each call
 * gives a new one (its own trigger_id, timestamp and so signature), as Slack sends them: the edge
 * ignores a signature it has seen as a replay, so one body sent over and over would measure nothing.
 */
export function blockActionSigner(
  slackUserId: string,
  runId: string,
  responseUrl: string,
  secret = BENCH_SLACK.signingSecret,
): NextRequest {
  let n = 0;
  return () => {
    n++;
    const payload = {
      type: 'block_actions',
      api_app_id: 'ABENCH',
      token: 'legacy',
      trigger_id: `1337.${n}.bench`,
      user: { id: slackUserId, username: 'dev', name: 'dev', team_id: 'T1' },
      team: { id: 'T1', domain: 'acme' },
      container: {
        type: 'message',
        message_ts: '1700000000.000100',
        channel_id: `D${slackUserId}`,
        is_ephemeral: false,
      },
      channel: { id: `D${slackUserId}`, name: 'directmessage' },
      response_url: responseUrl,
      actions: [
        {
          type: 'button',
          action_id: 'open_survey',
          block_id: 'pulse',
          value: runId,
          action_ts: `1700000001.${n}`,
          text: { type: 'plain_text', text: 'Answer' },
        },
      ],
    };
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
    return {
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': ts,
        'x-slack-signature': signature,
      },
    };
  };
}

/**
 * Slack acknowledgement under load: signed block_actions to /slack/events over N concurrent
 * connections, then the same load on the no-op route of the same server. Twice: saturated
 * (autocannon, closed loop: every connection sends again as soon as it is answered, so latency is
 * connections ÷ throughput) and open loop at a fixed, evenly spaced arrival rate (openLoop).
 */
export async function slackAckLoad(ctx: BenchContext, slackUserId: string, runId: string, responseUrl: string) {
  const { loadSeconds, loadConnections, slackRate } = ctx.profile.bench;
  const slackReq = blockActionSigner(slackUserId, runId, responseUrl);
  // The no-op route gets the same bodies (same size, same client-side cost), without the Slack headers.
  const noopReq: NextRequest = () => ({
    body: slackReq().body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const slackUrl = `${ctx.base}/slack/events`;
  const noopUrl = `${ctx.base}/bench/noop`;
  // Warm both routes so JIT and the first views.open are not in the sample.
  await load(slackUrl, slackReq, 1, 5);
  await load(noopUrl, noopReq, 1, 5);
  const slack = await load(slackUrl, slackReq, loadSeconds, loadConnections);
  // The listener thread finishes (or skips, once their trigger_id has expired) the interactions
  // acknowledged at the end of the saturated run for up to ~2.5 s: let it drain so that work is
  // not charged to the no-op route's run.
  await new Promise((r) => setTimeout(r, 3_000));
  const noop = await load(noopUrl, noopReq, loadSeconds, loadConnections);
  const slackAtRate = await openLoop(slackUrl, slackReq, slackRate, loadSeconds, loadConnections);
  const noopAtRate = await openLoop(noopUrl, noopReq, slackRate, loadSeconds, loadConnections);
  return {
    slack,
    noop,
    ratio: slack.p99 / Math.max(noop.p99, 0.001),
    rate: slackRate,
    slackAtRate,
    noopAtRate,
    ratioAtRate: slackAtRate.p99 / Math.max(noopAtRate.p99, 0.001),
  };
}

/** A valid form body for the run's questions (field names q_<key>, as the page renders them). */
function formFields(html: string, i: number): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, name] of html.matchAll(/name="(q_[a-z0-9_]+)"/g)) {
    const key = name.slice(2);
    if (fields[name] !== undefined) continue;
    if (key === 'friction') fields[name] = i % 3 === 0 ? 'The build takes forever and reviews are slow.' : '';
    else if (key === 'hours_lost') fields[name] = ['0', '<1', '1-2', '2-4'][i % 4];
    else if (key === 'recommend') fields[name] = String(i % 11);
    else fields[name] = String((i % 5) + 1);
  }
  return fields;
}

/**
 * Web-form submissions: each link is opened first (CSRF cookie + token), then the POSTs are timed
 * with `concurrency` browsers in parallel. Returns posts/s and the POST latency.
 */
export async function formSubmissions(
  ctx: BenchContext,
  links: string[],
  concurrency = 8,
): Promise<{ perSecond: number; latency: Stat; posts: number }> {
  const prepared: Array<{ b: ReturnType<typeof browser>; path: string; fields: Record<string, string> }> = [];
  for (const [i, url] of links.entries()) {
    const path = new URL(url).pathname;
    const b = browser(ctx.base);
    const page = await b.get(path);
    if (page.status !== 200) throw new Error(`GET ${path} → ${page.status}`);
    prepared.push({ b, path, fields: { ...formFields(page.text, i), _csrf: b.csrfFrom(page.text) } });
  }
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < prepared.length) {
        const p = prepared[next++];
        const t = performance.now();
        const res = await p.b.postForm(p.path, p.fields);
        latencies.push(performance.now() - t);
        if (res.status !== 303) throw new Error(`POST ${p.path} → ${res.status}: ${res.text.slice(0, 400)}`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: prepared.length / seconds, latency: stat(latencies), posts: prepared.length };
}
