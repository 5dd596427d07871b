import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { RequestHandler } from 'express';
import type { Config } from '../config.js';
import type { Deps } from '../deps.js';
import { boltLogger } from './bolt-logger.js';
import { slackEdge } from './edge.js';
import { inlineHost, type ListenerHost } from './listener-host.js';
import { workerHost } from './worker-host.js';

/** The running Slack side: its Web API client, and (HTTP mode) the router to mount. */
export interface SlackRuntime {
  mode: 'http' | 'socket';
  /** Where the listeners run: a worker thread, or the request thread (Socket Mode, in-memory databases, tests). */
  listeners: 'inline' | 'worker';
  client: WebClient;
  /** HTTP mode: mount before the body parsers (`createApp(deps, {beforeParsers: [router]})`). */
  router?: RequestHandler;
  /** auth.test (and the Socket Mode connection / listener thread); rejects with a clear message on a bad token. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface SlackOptions {
  /** Merged over the defaults (SLACK_API_URL, rejectRateLimitedCalls); tests add `retryConfig: {retries: 0}`. */
  clientOptions?: WebClientOptions;
  /** How long a view submission or slash command waits for its listener's ack (default 3001 ms, as Bolt). */
  unhandledRequestTimeoutMillis?: number;
  /** Default: a worker thread when the database is a file, else the request thread. */
  listeners?: 'inline' | 'worker';
  /** Wall clock for the signature window (tests). */
  clock?: () => number;
}

/** Web API client options from the configuration: a 429 is thrown (the outbox reschedules), not waited out. */
export function slackClientOptions(config: Config, extra: WebClientOptions = {}): WebClientOptions {
  // The request timeout stays well under the outbox lease (2 min), so a claim is never reconciled while its call is alive.
  return {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    rejectRateLimitedCalls: true,
    timeout: 30_000,
    ...extra,
  };
}

function startupError(deps: Deps, mode: string, err: unknown): Error {
  const e = err as Error & { data?: { error?: string }; code?: string };
  const reason = e.data?.error ?? e.code ?? e.message;
  return new Error(
    `Slack could not start: ${reason}. Check SLACK_BOT_TOKEN${mode === 'socket' ? ' and SLACK_APP_TOKEN' : ''}${deps.config.slack.apiUrl ? ` and SLACK_API_URL (${deps.config.slack.apiUrl})` : ''}.`,
  );
}

function socketRuntime(deps: Deps, clientOptions: WebClientOptions): SlackRuntime {
  let stopSocket = async () => {};
  return {
    mode: 'socket',
    listeners: 'inline',
    client: new WebClient(deps.config.slack.botToken, { logger: boltLogger(deps.log), ...clientOptions }),
    async start() {
      // Loaded here: a server in HTTP mode never loads Bolt on its request thread.
      const { startSocketMode } = await import('./socket-mode.js');
      try {
        stopSocket = await startSocketMode(deps, clientOptions);
      } catch (err) {
        throw startupError(deps, 'socket', err);
      }
    },
    async stop() {
      await stopSocket();
    },
  };
}

/**
 * Builds the Slack side for the configured mode, or returns null when Slack is off (no Bolt at
 * all: it throws without a token). HTTP mode: Chorus's own edge (signature, replay, shape, ack)
 * in front of Bolt's listeners, which run in a worker thread with their own database connection
 * when the database is a file. Nothing talks to Slack until `start()`, which the caller awaits.
 */
export function createSlack(deps: Deps, options: SlackOptions = {}): SlackRuntime | null {
  const { mode, botToken, signingSecret } = deps.config.slack;
  if (mode === 'off' || !botToken) return null;
  const clientOptions = slackClientOptions(deps.config, options.clientOptions);
  if (mode === 'socket') return socketRuntime(deps, clientOptions);

  const client = new WebClient(botToken, { logger: boltLogger(deps.log), ...clientOptions });
  // A worker thread needs the database as a file it can open too.
  const where = options.listeners ?? (deps.config.dbPath === ':memory:' ? 'inline' : 'worker');
  const host: ListenerHost =
    where === 'worker'
      ? workerHost(deps, { token: botToken, clientOptions })
      : inlineHost(deps, { token: botToken, clientOptions });
  const router = slackEdge(deps, {
    signingSecret: signingSecret!,
    host,
    ackTimeoutMs: options.unhandledRequestTimeoutMillis,
    clock: options.clock,
  });
  return {
    mode: 'http',
    listeners: where,
    client,
    router,
    async start() {
      let ids: { botId?: string; botUserId?: string };
      try {
        const auth = await client.auth.test();
        ids = { botId: auth.bot_id, botUserId: auth.user_id };
      } catch (err) {
        throw startupError(deps, 'http', err);
      }
      await host.start(ids);
    },
    async stop() {
      await host.stop();
    },
  };
}
