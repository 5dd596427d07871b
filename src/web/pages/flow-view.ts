import type { Request } from 'express';
import type { Deps } from '../../deps.js';
import { flowByTeam, type stackedBar } from '../../delivery/flow.report.js';
import type { ReportWindow } from '../../reports/reports.schema.js';
import { windowView } from '../page-window.js';

type Bar = ReturnType<typeof stackedBar> & { key?: string; name: string; depth: number };

const STAGE_LABELS: Record<string, string> = {
  coding: 'Coding',
  pickup: 'Pickup',
  review: 'Review',
  deploy: 'Deploy',
};

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const hours = (v: number | null) => (v === null ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: 1 }));

/**
 * The stacked bars of "where time waits": each row's four stage medians laid end to end on one
 * scale (the longest row fills the width), as SVG coordinates 0–100, with a text summary that
 * says every figure and its n (the bar is never the only place a number is).
 */
function flowBarsView(rows: Bar[], links: { csv: string; json: string }) {
  const max = Math.max(0, ...rows.map((r) => r.total_median_hours));
  return {
    links,
    stages: Object.entries(STAGE_LABELS).map(([stage, label]) => ({ stage, label })),
    anyMerged: rows.some((r) => r.merged > 0),
    rows: rows.map((r) => {
      let x = 0;
      const segments = r.segments.map((s) => {
        const width = max > 0 && s.median ? (s.median / max) * 100 : 0;
        const seg = { ...s, label: STAGE_LABELS[s.stage], x: r3(x), width: r3(width) };
        x += width;
        return seg;
      });
      const summary = segments.map((s) => `${s.label} ${hours(s.median)} h (n = ${s.n})`).join(' · ');
      return { key: r.key, name: r.name, depth: r.depth, merged: r.merged, segments, summary };
    }),
  };
}

/** The bars of the org delivery page: every team, then the whole org. */
export function orgFlowView(deps: Deps, w: ReportWindow, req: Request) {
  const v = windowView(w, req);
  const byTeam = flowByTeam(deps, { from: w.from, to: w.to });
  const rows = [...byTeam.teams, ...(byTeam.org ? [{ name: 'Whole org', depth: 0, ...byTeam.org }] : [])];
  return flowBarsView(rows, { csv: `/api/v1/flow/teams${v.csvQuery}`, json: `/api/v1/flow/teams${v.query}` });
}

/** The bars of a team's delivery page: the team, then each team below it. */
export function teamFlowView(deps: Deps, teamKey: string, w: ReportWindow, req: Request) {
  const v = windowView(w, req);
  const byTeam = flowByTeam(deps, { from: w.from, to: w.to }, teamKey);
  const base = `/api/v1/flow/teams?team=${encodeURIComponent(teamKey)}${v.params ? `&${v.params}` : ''}`;
  return flowBarsView(byTeam.teams, { csv: `${base}&format=csv`, json: base });
}
