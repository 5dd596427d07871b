import { App, LogLevel, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App.js';
import type { WebClientOptions } from '@slack/web-api';
import type { Deps } from '../deps.js';
import type { Logger } from '../log.js';
import type { SlackContext } from './context.js';
import { registerListeners } from './listeners/index.js';
import type { SlackBody } from './payload.schema.js';
import type { SurveyPort } from './survey-port.js';

/** What the listener side answers for one delivery: the ack's response, no listener, or a failure before ack. */
export type AckReply = { kind: 'ack'; response?: unknown } | { kind: 'unhandled' } | { kind: 'error' };

/** One verified, canonical Slack request handed to the listeners. */
export interface Delivery {
  body: SlackBody;
  /** The HTTP answer waits for the listener's ack (view submissions, slash commands). */
  needsAck: boolean;
  retryNum?: number;
  retryReason?: string;
  /** Date.now() when the request arrived. */
  receivedAt: number;
}

/**
 * A trigger_id is valid 3 s after Slack sent it: an interaction that waited longer than this in
 * the queue (an overloaded listener thread) cannot open its modal any more and is skipped.
 */
export const TRIGGER_BUDGET_MS = 2_500;

/** Bolt's logger interface over our pino logger (label 'slack'). */
export function boltLogger(log: Logger): BoltLogger {
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

/** Logs a listener failure by message and code only (never the payload). */
export function logListenerError(deps: Deps, err: Error): void {
  deps.log.error({ module: 'slack', err: err.message, code: (err as { code?: string }).code }, 'Slack listener failed');
}

/**
 * Bolt receiver fed by Chorus's own HTTP edge (signature, replay and shape already checked):
 * `deliver` runs the listeners and resolves with what they acknowledged.
 */
export class ForwardingReceiver implements Receiver {
  private app?: App;
  private seq = 0;
  private readonly failed = new Set<number>();
  private inFlight = 0;
  private idle: Array<() => void> = [];

  constructor(private readonly deps: Deps) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  /** Resolves once every delivery in progress has finished its listeners. */
  async stop(): Promise<void> {
    if (this.inFlight) await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /** Called by the app's error handler: the delivery failed in a listener. */
  markFailed(deliveryId: unknown): void {
    if (typeof deliveryId === 'number') this.failed.add(deliveryId);
  }

  /** Runs the listeners for one delivery; resolves at the first ack (or when none will come). */
  deliver(d: Delivery): Promise<AckReply> {
    const app = this.app;
    if (!app) return Promise.resolve({ kind: 'error' });
    const expires = d.body.kind === 'block_actions' || d.body.kind === 'shortcut';
    if (expires && Date.now() - d.receivedAt > TRIGGER_BUDGET_MS) {
      this.deps.log.warn({ module: 'slack', kind: d.body.kind, waitedMs: Date.now() - d.receivedAt }, 'interaction skipped: its trigger_id expired while queued');
      return Promise.resolve({ kind: 'ack' });
    }
    const deliveryId = ++this.seq;
    this.inFlight++;
    return new Promise<AckReply>((resolve) => {
      let answered = false;
      const answer = (reply: AckReply) => {
        if (!answered) {
          answered = true;
          resolve(reply);
        }
      };
      app.processEvent({
        body: d.body.body, retryNum: d.retryNum, retryReason: d.retryReason,
        customProperties: { chorusDelivery: deliveryId },
        ack: async (response?: unknown) => answer({ kind: 'ack', response }),
      })
        .then(() => answer(this.failed.has(deliveryId) ? { kind: 'error' } : { kind: 'unhandled' }))
        .catch((err: Error) => {
          logListenerError(this.deps, err);
          answer({ kind: 'error' });
        })
        .finally(() => {
          this.failed.delete(deliveryId);
          if (--this.inFlight === 0) for (const done of this.idle.splice(0)) done();
        });
    });
  }
}

/** Options of the Bolt app that runs Chorus's listeners behind the edge. */
export interface ListenerAppOptions {
  token: string;
  botId?: string;
  botUserId?: string;
  clientOptions: WebClientOptions;
  surveys: SurveyPort;
}

/** The Bolt app with Chorus's listeners over a ForwardingReceiver (no auth.test: the ids come from startup). */
export function listenerApp(deps: Deps, options: ListenerAppOptions): { app: App; receiver: ForwardingReceiver } {
  const ctx: SlackContext = { deps, surveys: options.surveys };
  const receiver = new ForwardingReceiver(deps);
  // convoStore: false — Chorus keeps no per-conversation state in Bolt, and the default in-memory
  // store builds and throws an Error on every interaction without state (a third of an ack's CPU).
  const app = new App({
    token: options.token, botId: options.botId, botUserId: options.botUserId, receiver, convoStore: false,
    clientOptions: options.clientOptions, logger: boltLogger(deps.log), extendedErrorHandler: true,
  });
  registerListeners(app, ctx);
  app.error(async ({ error, context }: ExtendedErrorHandlerArgs) => {
    logListenerError(deps, error);
    receiver.markFailed((context as { chorusDelivery?: unknown }).chorusDelivery);
  });
  return { app, receiver };
}
