import type { Request, Response } from 'express';
import { customMetricsView } from './delivery-extras-view.js';
import type { Deps } from '../../deps.js';
import { findTeam } from '../../directory/directory.service.js';
import { notFound } from '../../errors.js';
import { costFigures } from '../../reports/cost-figures.js';
import { definitionsFor } from '../../reports/definitions.js';
import { dimensionLabel } from '../../reports/heatmap.js';
import { orgReport } from '../../reports/org.report.js';
import { teamSummary } from '../../reports/team.report.js';
import { benchmarkView } from '../benchmark-view.js';
import { pageWindow, windowView } from '../page-window.js';
import type { RouteDef } from '../route.js';
import { formatDate, renderPage } from '../views.js';
import { refreshRunStates } from '../../surveys/runs.participation.js';
import { driversView } from './drivers-view.js';
import { withSegments } from '../../reports/segment-scope.js';
import { pageSegments } from '../segment-bar.js';
import { breakdownView } from './breakdown-view.js';
import { attributeHeatmap } from './attribute-heatmap.js';
import { segmentParams } from '../../reports/reports.schema.js';

function showOrg(req: Request, res: Response, deps: Deps) {
  const { w, errors: windowErrors } = pageWindow(req, deps);
  const seg = pageSegments(deps, req, '/');
  const errors = { ...windowErrors, ...seg.errors };
  // Every survey figure of the overview (heatmap, needs attention, themes) is read under the filter.
  const report = withSegments(seg.segments, () => orgReport(deps, w));
  renderPage(res, 'reports/org', {
    title: 'Overview',
    report,
    window: windowView(w, req, seg.segments),
    errors,
    segmentBar: seg.bar,
    // ?by=<reportable key> pivots the heatmap from teams × dimensions to that attribute × dimensions.
    pivot: seg.bar && {
      keys: seg.bar.keys.map((k) => ({ key: k.key, label: k.label, selected: k.key === seg.by })),
      hidden: [
        ...seg.bar.hidden.filter((h) => h.name !== 'by'),
        ...segmentParams(seg.segments).map((value) => ({ name: 'segment', value })),
      ],
      table: seg.by
        ? attributeHeatmap(deps, {
            survey: report.survey,
            window: w,
            segments: seg.segments,
            by: seg.by,
            columns: report.dimensions.map((d) => d.key),
          })
        : null,
    },
    rows: report.teams.map((t) => ({ ...t, indent: `indent-${Math.min(t.depth, 3)}` })),
    drivers: driversView(deps, report.survey, { team: null, from: w.from, to: w.to }),
    definitions: definitionsFor([
      'respondents',
      'devex_score',
      'dimension',
      'threshold',
      'dora',
      'percentile_rank',
      'association',
      'drivers',
    ]),
  });
}

function showTeam(req: Request, res: Response, deps: Deps) {
  const key = String(req.params.key);
  if (!findTeam(deps, key)) throw notFound(`Team "${key}"`);
  const { w, errors: windowErrors } = pageWindow(req, deps);
  const action = `/teams/${encodeURIComponent(key)}`;
  const seg = pageSegments(deps, req, action);
  const errors = { ...windowErrors, ...seg.errors };
  // Every survey figure of the summary (results, trend, themes) is read under the page's segment filter.
  const summary = withSegments(seg.segments, () => teamSummary(deps, key, w));
  // The summary may come from the report cache: bring its runs' open/closed status up to now.
  refreshRunStates(summary.survey.runs, deps.now());
  const flags = new Map(summary.significant_changes.between_halves.map((c) => [c.question, c]));
  const prevFlags = new Map(summary.significant_changes.vs_previous_window.map((c) => [c.question, c]));
  renderPage(res, 'reports/team', {
    title: summary.team.name,
    s: summary,
    customMetrics: customMetricsView(deps, w, key),
    cost: costFigures(summary.cost),
    window: windowView(w, req, seg.segments),
    errors,
    segmentBar: seg.bar,
    breakdown: seg.bar
      ? breakdownView(deps, {
          survey: summary.survey.survey,
          team: key,
          window: w,
          segments: seg.segments,
          by: seg.by,
          bar: seg.bar,
          action,
        })
      : null,
    dimensions: summary.dimensions.map((d) => ({ ...d, label: dimensionLabel(d.dimension) })),
    questions: summary.survey.questions.map((q) => ({
      ...q,
      change: flags.get(q.key) ?? prevFlags.get(q.key) ?? null,
    })),
    trendRows: summary.trend,
    benchmark: benchmarkView(summary.dora.benchmark, summary.dora.definitions.labels, 'benchmark-team'),
    drivers: driversView(deps, summary.survey.survey, { team: key, from: w.from, to: w.to }),
    hasTrend: summary.trend.some((p) => p.devex_score !== null),
    definitions: definitionsFor([
      'respondents',
      'n',
      'favorable',
      'ci95',
      'devex_score',
      'devex_interval',
      'dimension',
      'trend',
      'halves',
      'changes',
      'enps',
      'hours',
      'threshold',
      'drivers',
      'dora',
      'platform_cost',
    ]),
    trendChart: {
      labels: summary.trend.map((p) => formatDate(p.from)),
      series: [
        {
          label: 'DevEx score',
          values: summary.trend.map((p) => p.devex_score),
          low: summary.trend.map((p) => p.devex_ci95?.[0] ?? null),
          high: summary.trend.map((p) => p.devex_ci95?.[1] ?? null),
        },
      ],
      unit: 'DevEx score (0–100)',
      // The whole scale, so a small change is not drawn as a cliff.
      min: 0,
      max: 100,
    },
    reasonsChart: {
      labels: ['Failed deployments'],
      reasons: (summary.dora.change_failure_rate?.by_reason ?? []).map((r) => ({ reason: r.reason, count: r.count })),
    },
  });
}

/** Org overview and team pages. */
export const reportPages: RouteDef[] = [
  {
    method: 'get',
    path: '/',
    policy: 'page:viewer',
    summary: 'Org overview: heatmap, DORA per team, associations',
    handler: showOrg,
  },
  {
    method: 'get',
    path: '/teams/:key',
    policy: 'page:viewer',
    summary: 'Team page: survey, DORA, cost and themes side by side',
    handler: showTeam,
  },
];
