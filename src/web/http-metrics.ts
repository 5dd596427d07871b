import type { NextFunction, Request, Response } from 'express';
import type { Deps } from '../deps.js';
import { telemetryFor } from '../operators/telemetry.js';

/**
 * The label a request is counted under: the route table's path pattern (`/teams/:key`), never
 * the raw URL, so a scanner or a thousand team keys cannot blow up the number of series.
 */
function routeLabel(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return `${req.baseUrl}${pattern}`;
  if (req.path.startsWith('/static/')) return '/static';
  return '(unmatched)';
}

/** Counts and times every answered request by method, route pattern and status. Mounted first. */
export function httpMetrics(deps: Pick<Deps, 'db'>) {
  const telemetry = telemetryFor(deps.db);
  return (req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const labels = { method: req.method, route: routeLabel(req), status: String(res.statusCode) };
      telemetry.httpRequests.inc(labels);
      telemetry.httpDuration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
}
