import type { Deps } from '../deps.js';
import type { AckReply, Delivery, ForwardingReceiver, ListenerAppOptions } from './bolt-app.js';

/** Where Chorus's Slack listeners run behind the HTTP edge: this thread, or a worker thread. */
export interface ListenerHost {
  readonly where: 'inline' | 'worker';
  /** Builds the listeners with the bot's ids (from the startup auth.test). */
  start(ids: { botId?: string; botUserId?: string }): Promise<void>;
  /**
   * Hands over one delivery. For `needsAck` deliveries resolves with the listener's ack; otherwise
   * resolves at once (the edge has answered already) and the listeners run afterwards.
   */
  dispatch(d: Delivery): Promise<AckReply>;
  /** Lets deliveries in progress finish. */
  stop(): Promise<void>;
}

/** Listeners on the request thread (in-memory databases, injected survey services, tests). */
export function inlineHost(deps: Deps, options: Omit<ListenerAppOptions, 'botId' | 'botUserId'>): ListenerHost {
  let receiver: ForwardingReceiver | undefined;
  return {
    where: 'inline',
    async start(ids) {
      const { listenerApp } = await import('./bolt-app.js');
      receiver = listenerApp(deps, { ...options, ...ids }).receiver;
    },
    dispatch(d) {
      const r = receiver;
      if (!r) return Promise.resolve({ kind: 'error' });
      if (d.needsAck) return r.deliver(d);
      // The 200 is already written: the listeners run on a later turn of the event loop.
      setImmediate(() => void r.deliver(d));
      return Promise.resolve({ kind: 'ack' });
    },
    async stop() {
      await receiver?.stop();
    },
  };
}
