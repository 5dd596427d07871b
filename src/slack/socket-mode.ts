import { App } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { boltLogger, logListenerError } from './bolt-logger.js';
import { registerListeners } from './listeners/index.js';

/**
 * Socket Mode: Bolt's own WebSocket receiver with Chorus's listeners on this thread (acks go back
 * over the socket, so there is no HTTP request to keep fast and no signature: the app token
 * authenticates the connection). Runs auth.test and connects; returns the function that stops it.
 */
export async function startSocketMode(deps: Deps, clientOptions: WebClientOptions): Promise<() => Promise<void>> {
  const { botToken, appToken } = deps.config.slack;
  // convoStore: false — see listenerApp.
  const app = new App({
    token: botToken,
    appToken,
    socketMode: true,
    deferInitialization: true,
    convoStore: false,
    clientOptions,
    logger: boltLogger(deps.log),
  });
  registerListeners(app, { deps });
  app.error((err) => Promise.resolve(logListenerError(deps, err)));
  await app.init();
  await app.start();
  return async () => {
    await app.stop().catch(() => undefined);
  };
}
