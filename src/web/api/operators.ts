import type { Response } from 'express';
import { safeEqual } from '../../auth/crypto.js';
import type { Deps } from '../../deps.js';
import type { ErrorDetail } from '../../errors.js';
import { operatorsRepo } from '../../operators/operators.repo.js';
import { checkReadiness } from '../../operators/readiness.js';
import { telemetryFor } from '../../operators/telemetry.js';
import type { RouteDef } from '../route.js';

// These answer JSON themselves instead of throwing to the error handler: they are mounted before
// sessions and page context (app.ts) and must answer even when the database cannot.
function fail(res: Response, status: number, code: string, message: string, details: ErrorDetail[] = []) {
  res.status(status).set('Cache-Control', 'no-store').json({ error: { code, message, details } });
}

/** Fills the outbox gauges from the database; leaves them as they were when it cannot answer. */
function refreshOutboxGauges(deps: Deps): void {
  const t = telemetryFor(deps.db);
  if (!deps.db.open) return;
  try {
    const now = deps.now();
    for (const box of operatorsRepo(deps.db).outbox(now.toISOString())) {
      t.outboxDepth.set({ channel: box.channel }, box.depth);
      t.outboxFailed.set({ channel: box.channel }, box.failed);
      const age = box.oldestDue ? Math.max(0, (now.getTime() - Date.parse(box.oldestDue)) / 1000) : 0;
      t.outboxOldestDueAge.set({ channel: box.channel }, age);
    }
  } catch (err) {
    deps.log.warn({ module: 'metrics', err: (err as Error).message }, 'outbox gauges not refreshed');
  }
}

/**
 * Health, readiness and Prometheus metrics for operators. No session, no CSRF, no rate limit, no
 * audit entry; /metrics checks CHORUS_METRICS_TOKEN itself when it is set.
 */
export const operatorRoutes: RouteDef[] = [
  {
    method: 'get',
    path: '/healthz',
    policy: 'public',
    summary: 'Liveness: 200 while the process answers',
    handler: (_req, res) => {
      res.set('Cache-Control', 'no-store').json({ ok: true });
    },
  },
  {
    method: 'get',
    path: '/readyz',
    policy: 'public',
    summary: 'Readiness: 200, or 503 naming what is wrong (database, migrations, outbox)',
    handler: (_req, res, deps) => {
      const { ready, problems } = checkReadiness(deps);
      if (ready) return void res.set('Cache-Control', 'no-store').json({ ready: true });
      const summary = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
      fail(res, 503, 'not_ready', `Not ready: ${summary}`, problems);
    },
  },
  {
    method: 'get',
    path: '/metrics',
    policy: 'public',
    summary: 'Prometheus metrics (bearer CHORUS_METRICS_TOKEN when set)',
    handler: async (req, res, deps) => {
      const token = deps.config.metricsToken;
      if (token) {
        const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
        if (!bearer || !safeEqual(bearer, token)) {
          res.set('WWW-Authenticate', 'Bearer realm="metrics"');
          return fail(
            res,
            401,
            'unauthorized',
            bearer ? 'The metrics token is not valid' : 'GET /metrics needs CHORUS_METRICS_TOKEN as a bearer token',
          );
        }
      }
      refreshOutboxGauges(deps);
      const { registry } = telemetryFor(deps.db);
      const text = await registry.metrics();
      res.set('Cache-Control', 'no-store').type(registry.contentType).send(text);
    },
  },
];

/** Operator routes are served ahead of the rest of the table (see app.ts). */
export const isOperatorRoute = (route: RouteDef): boolean => operatorRoutes.includes(route);
