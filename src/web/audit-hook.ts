import type { Request, Response } from 'express';
import type { Actor } from '../audit/audit.schema.js';
import { recordAudit, tokenActor } from '../audit/audit.service.js';
import type { Deps } from '../deps.js';
import { auditSpecFor, type AuditContext, type AuditSpec } from './audit-actions.js';
import { principalOf, type RouteDef } from './route.js';

/** What a handler may add to its request's audit entry (e.g. the id of what it created). */
export interface AuditNote {
  target?: string;
  details?: Record<string, unknown>;
}

/** Adds a target or details to the audit entry of this request (recorded only if it succeeds). */
export function noteAudit(res: Response, note: AuditNote): void {
  const prev = res.locals.auditNote as AuditNote | undefined;
  res.locals.auditNote = {
    target: note.target ?? prev?.target,
    details: { ...prev?.details, ...note.details },
  } satisfies AuditNote;
}

function actorOf(req: Request, res: Response, deps: Deps): Actor | null {
  const principal = principalOf(res);
  if (!principal) return null;
  if (principal.kind === 'session')
    return { name: principal.email ?? `user:${principal.userId ?? '?'}`, kind: 'session', role: principal.role };
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
  return tokenActor(deps, bearer, principal.role);
}

const isCsv = (res: Response) => /^text\/csv\b/i.test(String(res.get('content-type') ?? ''));

/** The query of a CSV export without `format` and without anything long. */
function exportFilters(req: Request): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(req.query)) if (k !== 'format' && k !== '_csrf') out[k] = v;
  return out;
}

/**
 * Starts the audit of one request through the route table. Returns a function to call after the
 * handler returned without throwing: it records the change (or CSV export) only when the answer
 * is a success (< 400), so a refused or invalid change is never logged as done. Public routes
 * (login, survey links, webhooks, health) are never audited.
 */
export function startAudit(route: RouteDef, req: Request, res: Response, deps: Deps): (() => void) | undefined {
  if (route.policy === 'public') return undefined;
  const spec: AuditSpec | undefined = auditSpecFor(route);
  if (!spec && route.method !== 'get') return undefined;
  const ctx: AuditContext = { req, res, deps, responseBody: undefined };
  if (spec) {
    // The JSON a handler answers (ids of what it created, counts); kept by reference, not copied.
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      ctx.responseBody = body;
      return json(body);
    };
  }
  let before: unknown;
  try {
    before = spec?.before?.(ctx);
  } catch {
    before = undefined;
  }
  return () => {
    if (res.statusCode >= 400) return;
    const entries: Array<{ action: string; target?: string | null; details?: Record<string, unknown> }> = [];
    try {
      if (spec) {
        const note = res.locals.auditNote as AuditNote | undefined;
        const action = spec.actionFor?.(ctx);
        // null: this request changed nothing (a survey editor draft re-rendered), so nothing to record.
        if (action === null) return;
        entries.push({
          action: action ?? spec.action,
          target: note?.target ?? spec.target?.(ctx) ?? null,
          details: { ...spec.details?.(ctx), ...note?.details },
        });
        entries.push(...(spec.also?.(ctx, before) ?? []));
      } else if (isCsv(res)) {
        entries.push({ action: 'export.csv', target: req.path, details: { route: route.path, ...exportFilters(req) } });
      }
      if (!entries.length) return;
      const actor = actorOf(req, res, deps);
      if (!actor) return;
      const ip = req.ip ?? null;
      deps.db.transaction(() => {
        for (const entry of entries) recordAudit(deps, { ...entry, actor, ip });
      })();
    } catch (err) {
      // The change itself is committed and answered; losing its entry must at least be loud.
      deps.log.error(
        { module: 'audit', err, action: entries[0]?.action ?? spec?.action, path: route.path },
        'audit entry not written',
      );
    }
  };
}
