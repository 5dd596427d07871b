import type { Request, Response } from 'express';
import type { Deps } from '../deps.js';
import { themeState } from '../loop/loop.service.js';
import type { RouteDef } from './route.js';

/** What an audit spec can read: the request, its answer and the JSON body the handler sent. */
export interface AuditContext {
  req: Request;
  res: Response;
  deps: Deps;
  responseBody: unknown;
}

type Entry = { action: string; target?: string | null; details?: Record<string, unknown> };

/** How one route's successful call is recorded. Details never hold answers or free text. */
export interface AuditSpec {
  action: string;
  /** The action when it depends on the request (one route for several changes); else `action`; null = record nothing. */
  actionFor?: (ctx: AuditContext) => string | null | undefined;
  target?: (ctx: AuditContext) => string | null | undefined;
  details?: (ctx: AuditContext) => Record<string, unknown>;
  /** Read before the handler runs, for `also` to compare with. */
  before?: (ctx: AuditContext) => unknown;
  /** Further entries the change implies (a theme update that changed the status → theme.status). */
  also?: (ctx: AuditContext, before: unknown) => Entry[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const bodyOf = (ctx: AuditContext): Record<string, unknown> =>
  ctx.req.body && typeof ctx.req.body === 'object' ? (ctx.req.body as Record<string, unknown>) : {};
const param = (name: string) => (ctx: AuditContext) => str(ctx.req.params[name]);
const bodyField = (name: string) => (ctx: AuditContext) => str((ctx.req.body as Record<string, unknown>)?.[name]);
const responseField = (ctx: AuditContext, name: string): unknown =>
  (ctx.responseBody as Record<string, unknown> | undefined)?.[name];

/** The reportable attribute keys in an attributes answer (`PUT /api/v1/attributes`), for the audit entry. */
const reportableOf = (body: unknown): string[] =>
  ((body as { attributes?: Array<{ key: string; reportable: boolean }> } | undefined)?.attributes ?? [])
    .filter((k) => k.reportable)
    .map((k) => k.key);

/** Only the named fields of the request body (settings, keys), never the rest. */
const pick =
  (...names: string[]) =>
  (ctx: AuditContext): Record<string, unknown> => {
    const body = (ctx.req.body ?? {}) as Record<string, unknown>;
    return Object.fromEntries(names.filter((n) => body[n] !== undefined && body[n] !== '').map((n) => [n, body[n]]));
  };

/** A batch body (`{"<plural>": [...]}`, an array or one object): how many items and their ids. */
const batch =
  (plural: string, idField: string) =>
  (ctx: AuditContext): Record<string, unknown> => {
    const body = ctx.req.body as Record<string, unknown> | unknown[] | undefined;
    const items: unknown[] = Array.isArray(body)
      ? body
      : Array.isArray((body as Record<string, unknown>)?.[plural])
        ? ((body as Record<string, unknown>)[plural] as unknown[])
        : body
          ? [body]
          : [];
    const ids = items.map((i) => str((i as Record<string, unknown>)?.[idField])).filter(Boolean);
    return {
      count: items.length,
      [plural]: ids,
      accepted: responseField(ctx, 'accepted'),
      duplicates: responseField(ctx, 'duplicates'),
    };
  };

const upsert = (action: string, plural: string, idField: string): AuditSpec => ({
  action,
  details: batch(plural, idField),
});

/** Field names a settings form or body changed (values of settings are kept; free text is not). */
const settings = (ctx: AuditContext) => {
  const { _csrf, ...rest } = (ctx.req.body ?? {}) as Record<string, unknown>;
  void _csrf;
  return { fields: Object.keys(rest), values: rest };
};

const themeUpdate: AuditSpec = {
  action: 'theme.update',
  target: param('key'),
  details: pick('status', 'owner', 'question_key', 'metric_key', 'shipped_at', 'slack_channel'),
  before: (ctx) => themeState(ctx.deps, String(ctx.req.params.key)).status,
  also: (ctx, before) => {
    const after = themeState(ctx.deps, String(ctx.req.params.key)).status;
    return after !== before
      ? [{ action: 'theme.status', target: param('key')(ctx), details: { from: before, to: after } }]
      : [];
  },
};

const RUN_ACTIONS: Record<string, string> = { close: 'run.close', cancel: 'run.cancel', remind: 'run.remind' };

const locationParam = (ctx: AuditContext, name: string) => {
  const location = ctx.res.get('location');
  return location ? (new URL(location, 'http://x').searchParams.get(name) ?? undefined) : undefined;
};

/**
 * Every audited route by "METHOD path". Non-GET routes with an admin or analyst policy that are
 * missing here are still recorded under a name derived from their path (see auditSpecFor), and
 * test/audit/audit-http.test.ts fails until they get a proper one. GET routes are recorded when
 * they answer CSV (`export.csv`) or when listed here.
 */
export const auditActions: Record<string, AuditSpec> = {
  // Directory
  'POST /api/v1/teams': upsert('team.upsert', 'teams', 'key'),
  'POST /api/v1/people': upsert('person.upsert', 'people', 'email'),
  'POST /api/v1/services': upsert('service.upsert', 'services', 'name'),
  'POST /admin/teams': { action: 'team.upsert', target: bodyField('key'), details: pick('parent') },
  'POST /admin/people': {
    action: 'person.upsert',
    target: bodyField('email'),
    details: pick('team', 'active', 'channel'),
  },
  // Counts only: the pasted CSV holds names and e-mails, which stay out of the log.
  'POST /admin/people/import': { action: 'person.import' },
  'PUT /api/v1/attributes': {
    action: 'attribute.reportable',
    details: (ctx) => ({ reportable: reportableOf(ctx.responseBody) }),
  },
  'POST /admin/people/attributes': { action: 'attribute.reportable' },
  'POST /admin/people/language': { action: 'settings.default_locale', details: pick('default_locale') },
  'POST /admin/services': { action: 'service.upsert', target: bodyField('name'), details: pick('team') },
  // Access
  'POST /admin/tokens': { action: 'token.create', details: pick('name', 'role') },
  'POST /admin/tokens/:id/revoke': { action: 'token.revoke', target: (ctx) => `token:${String(ctx.req.params.id)}` },
  'POST /admin/users': { action: 'user.create', target: bodyField('email'), details: pick('role') },
  // Surveys and runs
  'POST /api/v1/surveys': {
    action: 'survey.update',
    target: bodyField('key'),
    details: (ctx) => ({
      ...pick('kind', 'cadence', 'timezone', 'anonymity_threshold', 'starts_on')(ctx),
      questions: Array.isArray(bodyOf(ctx).questions) ? (bodyOf(ctx).questions as unknown[]).length : undefined,
    }),
  },
  'POST /admin/surveys/:key': {
    action: 'survey.update',
    // Moving, removing or adding a question only re-renders the editor's draft; saving is the change.
    actionFor: (ctx) => (str(bodyOf(ctx).op) && bodyOf(ctx).op !== 'save' ? null : undefined),
    target: (ctx) => (ctx.req.params.key === 'new' ? bodyField('key')(ctx) : param('key')(ctx)),
    details: (ctx) => ({
      created: ctx.req.params.key === 'new',
      ...pick('kind', 'cadence', 'anonymity_threshold')(ctx),
    }),
  },
  'POST /api/v1/surveys/:key/runs': {
    action: 'run.open',
    target: param('key'),
    details: (ctx) => ({
      run_id: responseField(ctx, 'run_id'),
      invited: responseField(ctx, 'invited'),
      ...pick('teams', 'opens_at', 'closes_at')(ctx),
    }),
  },
  'POST /admin/surveys/:key/runs': {
    action: 'run.open',
    target: param('key'),
    details: (ctx) => ({ run_id: locationParam(ctx, 'opened'), invited: Number(locationParam(ctx, 'invited')) }),
  },
  'POST /api/v1/runs/:id/close': { action: 'run.close', target: param('id') },
  'POST /api/v1/runs/:id/cancel': { action: 'run.cancel', target: param('id') },
  'POST /api/v1/runs/:id/remind': { action: 'run.remind', target: param('id') },
  'POST /admin/runs/:id/:action': {
    action: 'run.update',
    actionFor: (ctx) => RUN_ACTIONS[String(ctx.req.params.action)],
    target: param('id'),
  },
  'GET /api/v1/runs/:id/links': {
    action: 'run.links',
    target: param('id'),
    details: (ctx) => ({ format: ctx.req.query.format === 'csv' ? 'csv' : 'json' }),
  },
  'POST /api/v1/surveys/:key/responses': {
    action: 'import.responses',
    target: param('key'),
    // Counts only: the answers themselves never reach the audit log.
    details: (ctx) => {
      const { count, accepted, duplicates } = batch('responses', 'id')(ctx);
      return { count, accepted, duplicates };
    },
  },
  // Delivery definitions and windows
  'PUT /api/v1/definitions': { action: 'definitions.update', details: settings },
  'PUT /api/v1/pagerduty/services': {
    action: 'pagerduty.mappings.update',
    details: (ctx) => ({ mappings: (responseField(ctx, 'mappings') as unknown[] | undefined)?.length ?? 0 }),
  },
  'POST /admin/definitions': { action: 'definitions.update', details: settings },
  'POST /api/v1/windows': { action: 'window.create', details: settings },
  'POST /admin/windows': { action: 'window.create', details: settings },
  'DELETE /api/v1/windows/:id': { action: 'window.delete', target: param('id') },
  'POST /admin/windows/:id/delete': { action: 'window.delete', target: param('id') },
  // Event rules and Slack
  'POST /api/v1/event-rules': {
    action: 'event_rule.create',
    target: (ctx) => {
      const id = responseField(ctx, 'id');
      return typeof id === 'number' || typeof id === 'string' ? String(id) : undefined;
    },
    details: pick('event_name', 'survey_key', 'active'),
  },
  'PUT /api/v1/event-rules/:id': {
    action: 'event_rule.update',
    target: param('id'),
    details: pick('event_name', 'survey_key', 'active'),
  },
  'DELETE /api/v1/event-rules/:id': { action: 'event_rule.delete', target: param('id') },
  'POST /admin/slack/rules': { action: 'event_rule.create', details: pick('event_name', 'survey_key') },
  'POST /admin/slack/rules/:id/delete': { action: 'event_rule.delete', target: param('id') },
  'POST /admin/slack/sync': { action: 'slack.sync' },
  'POST /admin/slack/settings': { action: 'slack.settings', details: pick('announce_channel') },
  // Reports
  'PUT /api/v1/value/assumptions': {
    action: 'value.assumptions',
    details: pick('hourly_cost', 'weeks', 'question'),
  },
  'POST /leadership/assumptions': { action: 'value.assumptions', details: pick('hourly_cost', 'weeks', 'question') },
  'POST /leadership/share': { action: 'share.create', details: pick('expires_in_days', 'from', 'to') },
  'POST /leadership/share/:id/revoke': {
    action: 'share.revoke',
    target: (ctx) => `share:${String(ctx.req.params.id)}`,
  },
  // Themes and the loop
  'PUT /api/v1/themes/taxonomy': {
    action: 'taxonomy.update',
    details: (ctx) => {
      const listed = bodyOf(ctx).themes;
      const themes = Array.isArray(listed) ? (listed as Array<{ key?: unknown; owner?: unknown } | null>) : [];
      return {
        themes: themes.map((t) => str(t?.key)).filter(Boolean),
        // Who can fix each theme (platform/shared/other) decides what a platform team claims: record it.
        owners: themes.filter((t) => str(t?.owner)).map((t) => `${str(t?.key)}=${str(t?.owner)}`),
        version: responseField(ctx, 'version'),
      };
    },
  },
  'POST /admin/themes': {
    action: 'taxonomy.update',
    target: bodyField('key'),
    details: (ctx) => ({
      change: bodyOf(ctx).action === 'remove' ? 'remove' : 'save',
      owner: str(bodyOf(ctx).owner) || null,
    }),
  },
  'POST /themes/emerging': {
    action: 'taxonomy.update',
    details: () => ({ change: 'promote' }),
  },
  'POST /api/v1/themes/:key/updates': themeUpdate,
  'POST /themes/:key/updates': themeUpdate,
};

const AUDITED_POLICIES = new Set(['api:admin', 'page:admin', 'page:analyst']);

/** `POST /admin/sso/settings` → `sso.settings.post`: a stable name for a route nobody named yet. */
const derivedAction = (route: Pick<RouteDef, 'method' | 'path'>): string =>
  [
    ...route.path
      .replace(/^\/api\/v1\//, '/')
      .replace(/^\/admin\//, '/')
      .split('/')
      .filter((s) => s && !s.startsWith(':'))
      .map((s) => s.toLowerCase().replace(/[^a-z0-9_]/g, '_')),
    route.method,
  ].join('.');

/** The spec of a route: its entry above, or a derived one for any other admin/analyst change. */
export function auditSpecFor(route: Pick<RouteDef, 'method' | 'path' | 'policy'>): AuditSpec | undefined {
  const explicit = auditActions[`${route.method.toUpperCase()} ${route.path}`];
  if (explicit) return explicit;
  if (route.method !== 'get' && AUDITED_POLICIES.has(route.policy)) return { action: derivedAction(route) };
  return undefined;
}
