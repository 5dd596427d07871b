import { App, type Receiver } from '@slack/bolt';
import type { ExtendedErrorHandlerArgs } from '@slack/bolt/dist/App.js';
import type { WebClientOptions } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { boltLogger, logListenerError } from './bolt-logger.js';
import type { SlackContext } from './context.js';
import { registerListeners } from './listeners/index.js';
import type { SlackBody } from './payload.schema.js';
import { recordSignature } from './replay.js';

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
  /** The request's x-slack-signature and when the edge saw it (ISO), recorded before the listeners run. */
  signature: string;
  seenAt: string;
}

/**
 * A trigger_id is valid 3 s after Slack sent it: an interaction that waited longer than this in
 * the queue (an overloaded listener thread) cannot open its modal any more and is skipped.
 */
export const TRIGGER_BUDGET_MS = 2_500;

/** Deliveries whose listeners run at once; the rest wait in order (view submissions and commands first). */
const MAX_RUNNING = 8;

interface Queued {
  d: Delivery;
  resolve: (reply: AckReply) => void;
}

/**
 * Bolt receiver fed by Chorus's own HTTP edge (signature, replay and shape already checked):
 * `deliver` runs the listeners and resolves with what they acknowledged. At most MAX_RUNNING
 * deliveries run at once; under overload an interaction whose trigger_id expired while it waited
 * is skipped rather than sent to Slack to fail, so the backlog never outgrows the 3-second window.
 */
export class ForwardingReceiver implements Receiver {
  private app?: App;
  private seq = 0;
  private readonly failed = new Set<number>();
  private running = 0;
  private readonly urgent: Queued[] = [];
  private readonly waiting: Queued[] = [];
  private idle: Array<() => void> = [];
  private skipped = 0;
  private skipLoggedAt = 0;

  constructor(private readonly deps: Deps) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  /** Resolves once every queued and running delivery has finished its listeners. */
  async stop(): Promise<void> {
    if (this.running || this.urgent.length || this.waiting.length)
      await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /** Called by the app's error handler: the delivery failed in a listener. */
  markFailed(deliveryId: unknown): void {
    if (typeof deliveryId === 'number') this.failed.add(deliveryId);
  }

  /** Queues one delivery; resolves at its first ack (or when none will come). */
  deliver(d: Delivery): Promise<AckReply> {
    if (!this.app) return Promise.resolve({ kind: 'error' });
    return new Promise<AckReply>((resolve) => {
      (d.needsAck ? this.urgent : this.waiting).push({ d, resolve });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < MAX_RUNNING) {
      const next = this.urgent.shift() ?? this.waiting.shift();
      if (!next) break;
      const { d, resolve } = next;
      if (!recordSignature(this.deps.db, d.signature, d.seenAt)) {
        this.deps.log.warn(
          { module: 'slack' },
          'replayed Slack request ignored (signature recorded by another process)',
        );
        resolve({ kind: 'ack' });
        continue;
      }
      const expires = d.body.kind === 'block_actions' || d.body.kind === 'shortcut';
      if (expires && Date.now() - d.receivedAt > TRIGGER_BUDGET_MS) {
        this.noteSkipped();
        resolve({ kind: 'ack' });
        continue;
      }
      this.running++;
      void this.run(d, resolve).finally(() => {
        this.running--;
        this.pump();
      });
    }
    if (!this.running && !this.urgent.length && !this.waiting.length) for (const done of this.idle.splice(0)) done();
  }

  private noteSkipped(): void {
    this.skipped++;
    if (Date.now() - this.skipLoggedAt < 10_000) return;
    this.deps.log.warn(
      { module: 'slack', skipped: this.skipped },
      'overloaded: interactions skipped because their trigger_id expired while queued',
    );
    this.skipLoggedAt = Date.now();
    this.skipped = 0;
  }

  /** Runs the listeners; `reply` gets the first ack, the promise settles when they have all finished. */
  private run(d: Delivery, reply: (r: AckReply) => void): Promise<void> {
    const deliveryId = ++this.seq;
    let answered = false;
    const answer = (r: AckReply) => {
      if (!answered) {
        answered = true;
        reply(r);
      }
    };
    return this.app!.processEvent({
      body: d.body.body,
      retryNum: d.retryNum,
      retryReason: d.retryReason,
      customProperties: { chorusDelivery: deliveryId },
      // Bolt awaits ack; answering is synchronous.
      ack: (response?: unknown) => Promise.resolve(answer({ kind: 'ack', response })),
    })
      .then(() => answer(this.failed.has(deliveryId) ? { kind: 'error' } : { kind: 'unhandled' }))
      .catch((err: Error) => {
        logListenerError(this.deps, err);
        answer({ kind: 'error' });
      })
      .finally(() => this.failed.delete(deliveryId));
  }
}

/** Options of the Bolt app that runs Chorus's listeners behind the edge. */
export interface ListenerAppOptions {
  token: string;
  botId?: string;
  botUserId?: string;
  clientOptions: WebClientOptions;
}

/** The Bolt app with Chorus's listeners over a ForwardingReceiver (no auth.test: the ids come from startup). */
export function listenerApp(deps: Deps, options: ListenerAppOptions): { app: App; receiver: ForwardingReceiver } {
  const ctx: SlackContext = { deps };
  const receiver = new ForwardingReceiver(deps);
  // convoStore: false — Chorus keeps no per-conversation state in Bolt, and the default in-memory
  // store builds and throws an Error on every interaction without state (a third of an ack's CPU).
  const app = new App({
    token: options.token,
    botId: options.botId,
    botUserId: options.botUserId,
    receiver,
    convoStore: false,
    clientOptions: options.clientOptions,
    logger: boltLogger(deps.log),
    extendedErrorHandler: true,
  });
  registerListeners(app, ctx);
  app.error(({ error, context }: ExtendedErrorHandlerArgs) => {
    logListenerError(deps, error);
    receiver.markFailed((context as { chorusDelivery?: unknown }).chorusDelivery);
    return Promise.resolve();
  });
  return { app, receiver };
}
