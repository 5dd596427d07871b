import type { Request } from 'express';

/**
 * The parsed request body as a record of unknown values: `{}` when there is no body or it is not
 * an object. Express types `req.body` as `any`; reading it through this keeps every field
 * `unknown` until a zod schema (in the service) or an explicit check narrows it.
 */
export function formBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** A signed cookie's value when it is present and a string (cookie-parser types them as `any`). */
export function signedCookie(req: Request, name: string): string | undefined {
  const cookies: unknown = req.signedCookies;
  if (cookies === null || typeof cookies !== 'object') return undefined;
  const value = (cookies as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** A form field as text: the string sent, or '' when it is absent or not a string. */
export function formText(req: Request, name: string): string {
  const value = formBody(req)[name];
  return typeof value === 'string' ? value : '';
}
