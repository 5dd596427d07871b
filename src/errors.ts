import type { ZodError } from 'zod';

/** One problem with one field (of one batch item, when `index` is set). */
export interface ErrorDetail {
  index?: number;
  field: string;
  message: string;
}

/**
 * Every error code Chorus answers with, and when. Clients and scripts may rely on these codes (the
 * HTTP status can differ by situation, the code does not); docs/api.md lists each one (a test
 * checks). A new kind of failure gets a code here and a factory below, never an ad-hoc string.
 */
export const ERROR_CODES = {
  malformed_json: 'the body is not valid JSON',
  bad_request: 'a request that cannot be read',
  sso_state_missing: 'a single sign-on callback without the state this browser started',
  sso_state_mismatch: 'a single sign-on callback whose state does not match',
  unauthorized: 'no or bad token / session',
  bad_signature: 'a webhook whose signature or token is missing or wrong',
  sso_denied: 'the identity provider refused the sign-in',
  sso_failed: "the identity provider's answer could not be verified",
  forbidden: 'the token or session lacks the role',
  csrf_failed: 'a form without its CSRF token',
  not_invited: 'a survey link for a run the person is not invited to',
  sso_no_email: 'the identity provider sent no e-mail address',
  sso_email_unverified: 'the identity provider has not verified the e-mail address',
  sso_not_allowed: 'the person is not in a group that may use Chorus',
  sso_account_disabled: 'the Chorus account is disabled',
  not_found: 'unknown route, survey, run, team, theme, rule, window',
  unknown_person: 'a Slack user who is not in the directory',
  conflict: 'the state does not allow it',
  run_not_open: 'a run that has not opened yet',
  run_cancelled: 'a run that was cancelled',
  run_has_responses: 'cancelling a run that already has answers (close it instead)',
  already_answered: 'a fully anonymous survey answered twice with one invitation',
  slack_off: 'an action that needs Slack while Slack is not configured',
  run_closed: 'a run past its close',
  gone: 'an expired or revoked share link',
  body_too_large: 'the body is over the size limit',
  unsupported_encoding: 'a body encoding or charset that is not supported',
  validation_failed: 'input that parsed but is not valid; details name each field',
  rate_limited: 'a lockout or rate limit',
  internal: 'a bug; logged, with no detail in the answer',
  webhook_not_configured: 'a webhook whose secret is not set',
  sso_unavailable: 'the identity provider cannot be reached',
  not_ready: 'GET /readyz while the database, migrations or outbox are not ready',
  usage: 'a CLI command used wrongly (exit code 2)',
} as const;

/** A stable error code (see ERROR_CODES). */
export type ErrorCode = keyof typeof ERROR_CODES;

/** A domain error with a stable code; translated to HTTP in web/ and to Slack in slack/. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** The same error with other field details (e.g. renamed to a Slack modal's block ids). */
  withDetails(details: ErrorDetail[]): AppError {
    return new AppError(this.code, this.message, this.status, details);
  }
}

export const badRequest = (
  message: string,
  details: ErrorDetail[] = [],
  code: 'bad_request' | 'malformed_json' | 'sso_state_missing' | 'sso_state_mismatch' = 'bad_request',
) => new AppError(code, message, 400, details);
export const unauthorized = (
  message = 'A valid bearer token is required',
  code: 'unauthorized' | 'bad_signature' | 'sso_denied' | 'sso_failed' = 'unauthorized',
) => new AppError(code, message, 401);
export const forbidden = (
  message = 'Your role does not allow this',
  code:
    | 'forbidden'
    | 'csrf_failed'
    | 'not_invited'
    | 'sso_no_email'
    | 'sso_email_unverified'
    | 'sso_not_allowed'
    | 'sso_account_disabled' = 'forbidden',
) => new AppError(code, message, 403);
export const notFound = (what: string) => new AppError('not_found', `${what} was not found`, 404);
/** 404 with a whole sentence, for when "X was not found" does not say it well. */
export const missing = (message: string, code: 'not_found' | 'unknown_person' = 'not_found') =>
  new AppError(code, message, 404);
export const conflict = (
  message: string,
  code:
    | 'conflict'
    | 'run_not_open'
    | 'run_cancelled'
    | 'run_closed'
    | 'run_has_responses'
    | 'already_answered'
    | 'slack_off' = 'conflict',
) => new AppError(code, message, 409);
export const gone = (message: string, code: 'gone' | 'run_closed' = 'gone') => new AppError(code, message, 410);
export const tooLarge = (message = 'The request body is larger than the limit') =>
  new AppError('body_too_large', message, 413);
export const unsupportedEncoding = (message = 'The request body encoding is not supported') =>
  new AppError('unsupported_encoding', message, 415);
export const tooMany = (message = 'Too many requests; try again later') => new AppError('rate_limited', message, 429);
export const internal = (message = 'Something went wrong on our side; it has been logged') =>
  new AppError('internal', message, 500);
export const unavailable = (message: string, code: 'webhook_not_configured' | 'sso_unavailable' | 'not_ready') =>
  new AppError(code, message, 503);
/** A CLI command used wrongly; `status` is the process exit code (2), not an HTTP status. */
export const usage = (message: string) => new AppError('usage', message, 2);
/** Another 4xx from a library (body-parser) that has no code of its own. */
export const clientError = (status: number, message: string) => new AppError('bad_request', message, status);

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
