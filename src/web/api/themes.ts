import { queryTo } from '../../reports/reports.schema.js';
import type { Request } from 'express';
import { beforeAfter } from '../../loop/before-after.js';
import { listLoopUpdates, postLoopUpdate, themeState } from '../../loop/loop.service.js';
import { invalid, notFound, zodDetails } from '../../errors.js';
import { currentTaxonomy, saveTaxonomy } from '../../themes/taxonomy.service.js';
import { themesQuery } from '../../themes/themes.schema.js';
import { themesCsvRows, themesReport } from '../../themes/themes.service.js';
import type { Deps } from '../../deps.js';
import { segmentRequest } from '../../reports/segments.js';
import { sendReport } from '../report-format.js';
import { principalOf, type RouteDef } from '../route.js';

/** team/from/to of a themes request; a repeated or malformed parameter is a 422 naming it. */
export function themesFilters(req: Request) {
  for (const field of ['team', 'from', 'to', 'through'] as const) {
    if (req.query[field] !== undefined && typeof req.query[field] !== 'string')
      throw invalid([{ field, message: 'give it once, as text' }]);
  }
  const parsed = themesQuery.safeParse({ team: req.query.team });
  if (!parsed.success) throw invalid(zodDetails(parsed.error));
  const to = queryTo(req.query) as string | undefined;
  return { team: parsed.data.team, from: req.query.from as string | undefined, to: to || undefined };
}

const themeExists = (deps: Deps, key: string) => {
  if (!currentTaxonomy(deps).themes.some((t) => t.key === key)) throw notFound(`Theme "${key}"`);
};

/** JSON API of friction themes, the taxonomy and closing-the-loop updates. */
export const themesApi: RouteDef[] = [
  {
    method: 'get',
    path: '/api/v1/themes',
    policy: 'api:read',
    summary: 'Friction themes report (?format=csv: one row per theme)',
    handler: (req, res, deps) =>
      sendReport(
        req,
        res,
        themesReport(deps, { ...themesFilters(req), ...segmentRequest(deps, req.query) }),
        themesCsvRows,
        'themes',
      ),
  },
  {
    method: 'get',
    path: '/api/v1/themes/taxonomy',
    policy: 'api:admin',
    summary: 'The theme taxonomy in force',
    handler: (_req, res, deps) => res.json(currentTaxonomy(deps)),
  },
  {
    method: 'put',
    path: '/api/v1/themes/taxonomy',
    policy: 'api:admin',
    summary: 'Replace the taxonomy (new version, counts recomputed)',
    handler: (req, res, deps) => res.json(saveTaxonomy(deps, req.body, principalOf(res)?.email ?? 'api')),
  },
  {
    method: 'get',
    path: '/api/v1/themes/updates',
    policy: 'api:read',
    summary: '"You said, we did" updates, newest first',
    handler: (req, res, deps) => res.json({ updates: listLoopUpdates(deps, { limit: Number(req.query.limit) || 20 }) }),
  },
  {
    method: 'get',
    path: '/api/v1/themes/:key',
    policy: 'api:read',
    summary: 'One theme: figures, status, updates, before/after (?format=csv: one row per trend period)',
    handler: (req, res, deps) => {
      const key = String(req.params.key);
      themeExists(deps, key);
      const filters = themesFilters(req);
      const report = themesReport(deps, { ...filters, segments: segmentRequest(deps, req.query).segments });
      const { themes, emerging, ...rest } = report;
      const detail = {
        ...rest,
        theme: themes.find((t) => t.key === key) ?? null,
        state: themeState(deps, key),
        updates: listLoopUpdates(deps, { theme: key, limit: 50 }),
        before_after: report.suppressed ? null : beforeAfter(deps, key, filters.team),
      };
      sendReport(
        req,
        res,
        detail,
        (d) =>
          (d.theme ? d.theme.trend : [{ period: null, share: null }]).map((p) => ({
            theme: key,
            team: d.team ?? 'org',
            from: d.from,
            to: d.to,
            suppressed: d.suppressed,
            status: d.state.status,
            owner: d.theme?.owner ?? null,
            status_owner: d.state.owner,
            respondents: d.theme?.respondents ?? null,
            share: d.theme?.share ?? null,
            ci_low: d.theme?.ci95?.[0] ?? null,
            ci_high: d.theme?.ci95?.[1] ?? null,
            period: p.period,
            period_share: p.share,
            period_weeks: 'weeks' in p ? p.weeks : null,
            period_partial: 'partial' in p ? p.partial : null,
          })),
        `theme-${key}`,
      );
    },
  },
  {
    method: 'post',
    path: '/api/v1/themes/:key/updates',
    policy: 'api:admin',
    summary: 'Post a loop update and set the theme status',
    handler: (req, res, deps) =>
      res.status(201).json(postLoopUpdate(deps, String(req.params.key), req.body, principalOf(res)?.email ?? null)),
  },
];
