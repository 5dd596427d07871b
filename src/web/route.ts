import type { Request, Response } from 'express';
import type { Deps } from '../deps.js';
import type { OperationDoc } from './openapi/operation.js';

/**
 * Who may call a route. Every route in the table names one explicitly; the access test walks
 * the table and fails on any route without a policy.
 * - public: anyone (login, survey links, health; webhooks and Slack check their own signatures)
 * - api:admin / api:ingest / api:read: bearer token roles (admin passes every api policy;
 *   api:read also accepts a logged-in session for GET)
 * - page:viewer / page:analyst / page:admin: a logged-in web session with at least that role
 */
export type Policy = 'public' | 'api:admin' | 'api:ingest' | 'api:read' | 'page:viewer' | 'page:analyst' | 'page:admin';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The authenticated caller of a request. */
export interface Principal {
  kind: 'token' | 'session';
  role: 'admin' | 'ingest' | 'viewer' | 'analyst';
  userId?: number;
  email?: string;
}

export type Handler = (req: Request, res: Response, deps: Deps) => unknown;

export interface RouteDef {
  method: Method;
  path: string;
  policy: Policy;
  handler: Handler;
  /**
   * Form posts check a CSRF token by default (session token, or the double-submit cookie when
   * there is no session). 'none' only for machine endpoints that authenticate every request
   * themselves (bearer token, webhook signature).
   */
  csrf?: 'check' | 'none';
  /** Named rate limit applied before the handler. */
  rateLimit?: 'login' | 'survey_link' | 'webhook';
  /** Short description, shown in the route listing of the admin page and SECURITY.md. */
  summary?: string;
  /**
   * OpenAPI details of a /api/v1 route or webhook (body and response schemas, query parameters);
   * or an entry in src/web/openapi/operations.ts. The OpenAPI test fails when a route has neither.
   */
  openapi?: OperationDoc;
}

/** The principal of the current request, set by the auth middleware. */
export const principalOf = (res: Response): Principal | undefined => res.locals.principal as Principal | undefined;
