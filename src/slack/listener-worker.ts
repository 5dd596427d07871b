import type { WebClientOptions } from '@slack/web-api';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.js';
import { openDatabase } from '../db/open.js';
import type { Deps } from '../deps.js';
import { createLogger } from '../log.js';
import type { SecretKeys } from '../settings/secret.js';
import { listenerApp, type AckReply, type Delivery } from './bolt-app.js';

/** What the listener thread is started with (structured-cloned from the request thread). */
export interface ListenerWorkerData {
  config: Config;
  keys: SecretKeys;
  logLevel: string;
  token: string;
  botId?: string;
  botUserId?: string;
  clientOptions: WebClientOptions;
}

/** Request thread → listener thread. */
export type ToListenerThread = { type: 'deliver'; id: number; delivery: Delivery } | { type: 'stop' };
/** Listener thread → request thread (`id` 0: nobody waits for the reply). */
export type FromListenerThread =
  { type: 'ready' } | { type: 'reply'; id: number; reply: AckReply } | { type: 'stopped' };

/** Nice value of the listener thread: acknowledgements (request thread, nice 0) win the CPU when both want it. */
const LISTENER_NICE = 5;

/**
 * Lowers this thread's scheduling priority. On Linux a thread id is a valid setpriority() target
 * and affects that thread only (its id is the last part of /proc/thread-self); elsewhere, or when
 * not permitted, the thread keeps the process's priority.
 */
function yieldToRequestThread(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, LISTENER_NICE);
  } catch {
    // Not Linux, or not allowed: same priority as the request thread.
  }
}

yieldToRequestThread();

// The listener thread: Bolt and Chorus's listeners over this thread's own SQLite connection (WAL
// lets it read and write beside the request thread), fed by the edge through postMessage.
const port = parentPort!;
const data = workerData as ListenerWorkerData;
const db = openDatabase(data.config.dbPath);
// Listeners read a few indexed rows per interaction: a 2 MB page cache instead of the server's 16 MB.
db.pragma('cache_size = -2048');
const deps: Deps = {
  db,
  config: data.config,
  log: createLogger(data.logLevel),
  now: () => new Date(),
  keys: data.keys,
};
const { receiver } = listenerApp(deps, {
  token: data.token,
  botId: data.botId,
  botUserId: data.botUserId,
  clientOptions: data.clientOptions,
});
const send = (message: FromListenerThread) => port.postMessage(message);

port.on('message', (message: ToListenerThread) => {
  if (message.type === 'stop') {
    void receiver.stop().then(() => {
      db.close();
      send({ type: 'stopped' });
      process.exit(0);
    });
    return;
  }
  void receiver.deliver(message.delivery).then((reply) => {
    if (message.id) send({ type: 'reply', id: message.id, reply });
  });
});
send({ type: 'ready' });
