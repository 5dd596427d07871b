import type { NextFunction, Request, Response } from 'express';
import type { Deps } from '../deps.js';
import { AppError, badRequest, clientError, internal, tooLarge, unsupportedEncoding } from '../errors.js';
import { renderPage } from './views.js';

/** True when the caller wants JSON (API and webhook routes, or an Accept header asking for it). */
export const wantsJson = (req: Request): boolean =>
  req.path.startsWith('/api/') || req.path.startsWith('/webhooks/') || (!req.accepts('html') && !!req.accepts('json'));

/** Maps body-parser and other library errors onto AppError. */
function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
  if (e?.type === 'entity.parse.failed') return badRequest('The request body is not valid JSON', [], 'malformed_json');
  if (e?.type === 'entity.too.large') return tooLarge();
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return unsupportedEncoding();
  const status = e?.status ?? e?.statusCode;
  if (status && status >= 400 && status < 500) return clientError(status, e.message ?? 'Bad request');
  return internal();
}

/** The one place domain errors become HTTP answers: JSON for the API, a page for browsers. */
export function errorHandler(deps: Deps) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const appError = toAppError(err);
    if (appError.status >= 500) {
      deps.log.error({ module: 'web', err, method: req.method, path: req.path }, 'request failed');
    }
    if (res.headersSent) return;
    if (wantsJson(req)) {
      res.status(appError.status).json({
        error: { code: appError.code, message: appError.message, details: appError.details },
      });
      return;
    }
    renderPage(
      res,
      'errors/error',
      { status: appError.status, message: appError.message, title: `Error ${appError.status}` },
      {
        status: appError.status,
      },
    );
  };
}
