import type { ZodError } from 'zod';

/** One problem with one field (of one batch item, when `index` is set). */
export interface ErrorDetail {
  index?: number;
  field: string;
  message: string;
}

/** A domain error with a stable code; translated to HTTP in web/ and to Slack in slack/. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = []) =>
  new AppError('bad_request', message, 400, details);
export const unauthorized = (message = 'A valid bearer token is required') =>
  new AppError('unauthorized', message, 401);
export const forbidden = (message = 'Your role does not allow this') => new AppError('forbidden', message, 403);
export const notFound = (what: string) => new AppError('not_found', `${what} was not found`, 404);
export const conflict = (message: string) => new AppError('conflict', message, 409);
export const gone = (message: string) => new AppError('gone', message, 410);
export const tooMany = (message = 'Too many requests; try again later') => new AppError('rate_limited', message, 429);

/** 422 for input that parsed but is not valid; `details` names each bad field. */
export function invalid(details: ErrorDetail[], message?: string): AppError {
  const first = details[0];
  const summary =
    message ??
    (first
      ? `${first.index !== undefined ? `item ${first.index}: ` : ''}${first.field}: ${first.message}` +
        (details.length > 1 ? ` (and ${details.length - 1} more)` : '')
      : 'Invalid input');
  return new AppError('validation_failed', summary, 422, details);
}

/** Converts zod issues into field details; `index` is set for batch items. */
export function zodDetails(error: ZodError, index?: number, prefix = ''): ErrorDetail[] {
  return error.issues.map((issue) => {
    const field = prefix + (issue.path.length ? issue.path.map(String).join('.') : '(item)');
    const detail: ErrorDetail = { field, message: issue.message };
    if (index !== undefined) detail.index = index;
    return detail;
  });
}

/** Field → message map for re-rendering a form or answering a Slack modal. */
export function fieldErrors(details: ErrorDetail[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of details) if (!(d.field in out)) out[d.field] = d.message;
  return out;
}
