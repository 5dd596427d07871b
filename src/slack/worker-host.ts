import type { WebClientOptions } from '@slack/web-api';
import { Worker } from 'node:worker_threads';
import type { Deps } from '../deps.js';
import type { AckReply } from './bolt-app.js';
import type { ListenerHost } from './listener-host.js';
import type { FromListenerThread, ListenerWorkerData, ToListenerThread } from './listener-worker.js';

const STOP_GRACE_MS = 10_000;
/**
 * The listener thread's V8 heap: its live set is Bolt and the listeners (~40 MB); a small young
 * generation keeps its share of the server's RSS down (more, cheaper scavenges), and the old
 * generation cap turns a leak into a replaced thread instead of a swapping server.
 */
const LISTENER_HEAP = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 128 };
/**
 * The listener thread's entry. Chorus runs its TypeScript through tsx without a build step, and a
 * worker thread does not inherit the parent's loader hooks: the entry registers tsx in the thread
 * (under `npm start`, vitest and plain node alike), then loads listener-worker.ts.
 */
const ENTRY = new URL('./listener-worker.mjs', import.meta.url);

/**
 * Listeners in a worker thread: the request thread only verifies, dedupes and acknowledges, and
 * the work after the ack (database reads, modal building, views.open, chat updates) runs on the
 * other core. A thread that dies after it was ready is replaced; deliveries it held answer 500.
 */
export function workerHost(deps: Deps, options: { token: string; clientOptions: WebClientOptions }): ListenerHost {
  let worker: Worker | undefined;
  let seq = 0;
  let stopping = false;
  const pending = new Map<number, (reply: AckReply) => void>();
  const spawn = (ids: { botId?: string; botUserId?: string }): Promise<void> => {
    const data: ListenerWorkerData = {
      config: deps.config,
      keys: deps.keys,
      logLevel: deps.log.level,
      token: options.token,
      clientOptions: options.clientOptions,
      ...ids,
    };
    const w = new Worker(ENTRY, { workerData: data, resourceLimits: LISTENER_HEAP });
    let ready = false;
    return new Promise<void>((resolve, reject) => {
      w.on('message', (m: FromListenerThread) => {
        if (m.type === 'ready') {
          ready = true;
          worker = w;
          resolve();
        } else if (m.type === 'reply') {
          pending.get(m.id)?.(m.reply);
          pending.delete(m.id);
        }
      });
      w.on('error', (err) => {
        deps.log.error({ module: 'slack', err: err.message }, 'Slack listener thread failed');
        if (!ready) reject(new Error(`Slack listener thread could not start: ${err.message}`));
      });
      w.on('exit', (code) => {
        if (worker === w) worker = undefined;
        for (const answer of pending.values()) answer({ kind: 'error' });
        pending.clear();
        if (!ready) return reject(new Error(`Slack listener thread exited with ${code} before it was ready`));
        if (!stopping) {
          deps.log.error({ module: 'slack', code }, 'Slack listener thread exited; starting a new one');
          spawn(ids).catch((err: Error) =>
            deps.log.error({ module: 'slack', err: err.message }, 'Slack listener thread could not restart'),
          );
        }
      });
    });
  };

  return {
    where: 'worker',
    async start(ids) {
      await spawn(ids);
    },
    dispatch(delivery) {
      const w = worker;
      if (!w) return Promise.resolve({ kind: 'error' });
      if (!delivery.needsAck) {
        w.postMessage({ type: 'deliver', id: 0, delivery } satisfies ToListenerThread);
        return Promise.resolve({ kind: 'ack' });
      }
      const id = ++seq;
      return new Promise<AckReply>((resolve) => {
        pending.set(id, resolve);
        w.postMessage({ type: 'deliver', id, delivery } satisfies ToListenerThread);
      });
    },
    async stop() {
      stopping = true;
      const w = worker;
      if (!w) return;
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      w.postMessage({ type: 'stop' } satisfies ToListenerThread);
      const timer = setTimeout(() => void w.terminate(), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
