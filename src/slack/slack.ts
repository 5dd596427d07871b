import { App, ExpressReceiver, HTTPModuleFunctions, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { RequestHandler } from 'express';
import type { Config } from '../config.js';
import type { Deps } from '../deps.js';
import type { Logger } from '../log.js';
import type { SlackContext } from './context.js';
import { registerListeners } from './listeners/index.js';
import type { SurveyPort } from './survey-port.js';
import { surveyService } from './survey-service.js';

/** The running Slack side: Bolt app, its Web API client, and (HTTP mode) the router to mount. */
export interface SlackRuntime {
  mode: 'http' | 'socket';
  app: App;
  client: App['client'];
  /** HTTP mode: mount before the body parsers (`createApp(deps, {beforeParsers: [router]})`). */
  router?: RequestHandler;
  /** auth.test (and the Socket Mode connection); rejects with a clear message on a bad token. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface SlackOptions {
  /** Merged over the defaults (SLACK_API_URL, rejectRateLimitedCalls); tests add `retryConfig: {retries: 0}`. */
  clientOptions?: WebClientOptions;
  surveys?: SurveyPort;
  /** How long Bolt waits for an ack before answering 404 (Bolt's default 3001 ms); fuzz tests shorten it. */
  unhandledRequestTimeoutMillis?: number;
}

/** Web API client options from the configuration: a 429 is thrown (the outbox reschedules), not waited out. */
export function slackClientOptions(config: Config, extra: WebClientOptions = {}): WebClientOptions {
  // The request timeout stays well under the outbox lease (2 min), so a claim is never reconciled while its call is alive.
  return { ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}), rejectRateLimitedCalls: true, timeout: 30_000, ...extra };
}

/** Bolt's logger interface over our pino logger (label 'slack'). */
function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ module: 'slack' });
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  let level = LogLevel.INFO;
  return {
    // Bolt's debug output can include request payloads (answers, free text): never forwarded.
    debug: () => undefined,
    info: (...m: unknown[]) => child.info(text(m)),
    warn: (...m: unknown[]) => child.warn(text(m)),
    error: (...m: unknown[]) => child.error(text(m)),
    setLevel: (l: LogLevel) => { level = l; },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * Builds Bolt for the configured mode, or returns null when Slack is off (no Bolt at all: it
 * throws without a token). Nothing talks to Slack until `start()`, which the caller awaits.
 */
export function createSlack(deps: Deps, options: SlackOptions = {}): SlackRuntime | null {
  const { mode, botToken, signingSecret, appToken } = deps.config.slack;
  if (mode === 'off' || !botToken) return null;
  const ctx: SlackContext = { deps, surveys: options.surveys ?? surveyService };
  const clientOptions = slackClientOptions(deps.config, options.clientOptions);
  const logger = boltLogger(deps.log);
  let receiver: ExpressReceiver | undefined;
  let app: App;
  if (mode === 'socket') {
    app = new App({ token: botToken, appToken, socketMode: true, deferInitialization: true, convoStore: false, clientOptions, logger });
  } else {
    // A signed body that parses but is not an object (`null`, `payload=null`) makes Bolt throw
    // before any listener runs: a bad request (400), not a server failure (Bolt's default 500).
    const notAnObject = (request: unknown) => {
      const body = (request as { body?: unknown }).body;
      return body === null || typeof body !== 'object';
    };
    receiver = new ExpressReceiver({
      signingSecret: signingSecret!, endpoints: '/slack/events', logger,
      ...(options.unhandledRequestTimeoutMillis ? { unhandledRequestTimeoutMillis: options.unhandledRequestTimeoutMillis } : {}),
      dispatchErrorHandler: async (args) => {
        if (!notAnObject(args.request)) return HTTPModuleFunctions.defaultAsyncDispatchErrorHandler(args);
        args.response.writeHead(400);
        args.response.end();
      },
      processEventErrorHandler: async (args) => {
        if (args.response.headersSent || !notAnObject(args.request)) return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
        args.response.writeHead(400);
        args.response.end();
        return true;
      },
    });
    app = new App({ token: botToken, receiver, deferInitialization: true, convoStore: false, clientOptions, logger });
  }
  // convoStore: false — Chorus keeps no per-conversation state in Bolt, and the default in-memory
  // store builds and throws an Error on every interaction without state (a third of an ack's CPU).
  registerListeners(app, ctx);
  app.error(async (err) => {
    deps.log.error({ module: 'slack', err: err.message, code: (err as { code?: string }).code }, 'Slack listener failed');
  });
  return {
    mode,
    app,
    client: app.client,
    router: receiver?.router as RequestHandler | undefined,
    async start() {
      try {
        await app.init();
        if (mode === 'socket') await app.start();
      } catch (err) {
        const e = err as Error & { data?: { error?: string }; code?: string };
        const reason = e.data?.error ?? e.code ?? e.message;
        throw new Error(`Slack could not start: ${reason}. Check SLACK_BOT_TOKEN${mode === 'socket' ? ' and SLACK_APP_TOKEN' : ''}${deps.config.slack.apiUrl ? ` and SLACK_API_URL (${deps.config.slack.apiUrl})` : ''}.`);
      }
    },
    async stop() {
      if (mode === 'socket') await app.stop().catch(() => undefined);
    },
  };
}
