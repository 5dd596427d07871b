import type { IncomingMessage } from 'node:http';

/**
 * The exact bytes of a JSON request body, kept by the body parser (app.ts) for handlers that
 * check a signature over them (GitHub's X-Hub-Signature-256). Held beside the request, not on it,
 * so both sides share one typed seam.
 */
const rawBodies = new WeakMap<IncomingMessage, Buffer>();

/** Records the raw body of a request (express.json's `verify` hook). */
export const keepRawBody = (req: IncomingMessage, body: Buffer): void => void rawBodies.set(req, body);

/** The raw body express.json read for this request; undefined when it was not JSON. */
export const rawBodyOf = (req: IncomingMessage): Buffer | undefined => rawBodies.get(req);
