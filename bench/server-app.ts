import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.js';
import type { Deps } from '../src/deps.js';
import { createLogger } from '../src/log.js';
import { createSlack } from '../src/slack/slack.js';
import { createApp } from '../src/web/app.js';
import type { RouteDef } from '../src/web/route.js';
import { openWorkspace } from '../src/workspace.js';

/** Signing secret and bot token of the bench's Slack app (the Web API is a fake on loopback). */
export const BENCH_SLACK = { botToken: 'xoxb-bench-0000', signingSecret: 'bench-signing-secret-0123456789' };

/** What the bench server was started with. */
export interface BenchServerOptions {
  dbPath: string;
  /** Base of a Slack-compatible Web API (the fake), e.g. http://127.0.0.1:1234/api/ */
  slackApiUrl: string;
}

export interface BenchServer {
  base: string;
  /** Time to open the database, run pending migrations and build the services (openWorkspace). */
  openMs: number;
  deps: Deps;
  close: () => Promise<void>;
}

/** The no-op route the Slack acknowledgement is compared with: same app, same middleware, no work. */
const noopRoute: RouteDef = {
  method: 'post',
  path: '/bench/noop',
  policy: 'public',
  csrf: 'none',
  summary: 'Benchmark baseline (no work)',
  handler: (_req, res) => {
    res.json({ ok: true });
  },
};

/** process.memoryUsage() of the server, for the in-process mode (a child is sampled from /proc). */
const memoryRoute: RouteDef = {
  method: 'get',
  path: '/bench/memory',
  policy: 'public',
  summary: 'Benchmark: server memory',
  handler: (_req, res) => {
    res.json(process.memoryUsage());
  },
};

/**
 * The real Chorus server as production builds it (openWorkspace → Slack in HTTP mode → createApp),
 * with rate limits off and the two bench routes added, listening on 127.0.0.1 on a free port.
 */
export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  const config = loadConfig({
    CHORUS_DB: options.dbPath,
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    SLACK_BOT_TOKEN: BENCH_SLACK.botToken,
    SLACK_SIGNING_SECRET: BENCH_SLACK.signingSecret,
    SLACK_API_URL: options.slackApiUrl,
  });
  const t = performance.now();
  const deps = openWorkspace(config, { log: createLogger('silent') });
  const openMs = performance.now() - t;
  const slack = createSlack(deps, { clientOptions: { retryConfig: { retries: 0 } } });
  if (!slack) throw new Error('Slack did not start in HTTP mode');
  await slack.start();
  const app = createApp(deps, {
    rateLimits: false,
    beforeParsers: slack.router ? [slack.router] : [],
    extraRoutes: [noopRoute, memoryRoute],
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    openMs,
    deps,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          deps.db.close();
          resolve();
        });
      }),
  };
}
