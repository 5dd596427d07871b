import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor } from '../helpers/server.js';
import { buildReportOrg, NOW } from '../reports/fixture.js';

/**
 * Privacy audit of the team page's internal benchmark ("among the org's teams"): a survey
 * dimension's percentile counts only teams whose results are shown; a hidden team neither shows
 * a value nor counts, and a percentile needs at least 10 such teams. Every percentile is
 * recomputed here from the org overview's shown rows.
 */
type Row = {
  key: string;
  is_group: boolean;
  suppressed: boolean;
  dimensions: Array<{ dimension: string; favorable: number | null; n: number }>;
};
type Figure = { key: string; value: number | null; percentile: number | null; teams: number; reason: string | null };
type Summary = { suppressed: boolean; internal_benchmark: { dimensions: Figure[]; dora: Figure[]; min_teams: number } };

/** Percentile rank with ties counted half, computed again here. */
const rank = (values: number[], x: number) =>
  Math.round((100 * (values.filter((v) => v < x).length + values.filter((v) => v === x).length / 2)) / values.length);

async function setUp(leafTeams: number) {
  const deps: Deps = makeDeps({ now: () => new Date(NOW) });
  buildReportOrg(deps, { leafTeams, tiny: true });
  const srv = await startServer(deps);
  return { deps, srv, api: apiClient(srv.base, tokenFor(deps, 'viewer')) };
}

describe('privacy audit: team percentiles among the org’s teams', () => {
  let big: Awaited<ReturnType<typeof setUp>>;
  let small: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    big = await setUp(12);
    small = await setUp(10);
  });
  afterAll(async () => {
    await big?.srv.close();
    await small?.srv.close();
  });

  it('ranks survey dimensions among shown leaf teams only; the hidden team neither shows nor counts', async () => {
    const org = (await big.api.get('/api/v1/org')).json as { teams: Row[] };
    const leaves = org.teams.filter((t) => !t.is_group);
    const hidden = leaves.filter((t) => t.suppressed).map((t) => t.key);
    expect(hidden).toContain('tiny');
    const shown = leaves.filter((t) => !t.suppressed);
    expect(shown.length).toBeGreaterThanOrEqual(10);
    let checked = 0;
    for (const team of shown) {
      const s = (await big.api.get(`/api/v1/teams/${team.key}/summary`)).json as Summary;
      for (const f of s.internal_benchmark.dimensions) {
        const values = shown
          .map((t) => t.dimensions.find((c) => c.dimension === f.key))
          .filter((c) => c && c.n > 0 && c.favorable !== null)
          .map((c) => c!.favorable as number);
        expect(f.teams, `${team.key} ${f.key}`).toBe(values.length);
        const mine = team.dimensions.find((c) => c.dimension === f.key)!.favorable!;
        expect(f.value).toBe(mine);
        expect(f.percentile, `${team.key} ${f.key}`).toBe(values.length >= 10 ? rank(values, mine) : null);
        if (f.percentile !== null) checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    for (const key of hidden) {
      const s = (await big.api.get(`/api/v1/teams/${key}/summary`)).json as Summary;
      expect(s.suppressed).toBe(true);
      expect(s.internal_benchmark.dimensions).toEqual([]);
      const csv = (await big.api.get(`/api/v1/teams/${key}/summary?format=csv`)).text;
      for (const d of ['feedback_loops', 'cognitive_load', 'flow_state', 'ease_of_delivery', 'satisfaction'])
        expect(csv).not.toMatch(new RegExp(`internal_percentile,${d},`));
    }
  });

  it('shows no survey percentile when hiding a team leaves fewer than 10 shown (the hidden one does not make up the number)', async () => {
    const org = (await small.api.get('/api/v1/org')).json as { teams: Row[] };
    const leaves = org.teams.filter((t) => !t.is_group);
    expect(leaves.length).toBeGreaterThanOrEqual(10);
    const shown = leaves.filter((t) => !t.suppressed);
    expect(shown.length).toBeLessThan(10);
    for (const team of shown) {
      const s = (await small.api.get(`/api/v1/teams/${team.key}/summary`)).json as Summary;
      for (const f of s.internal_benchmark.dimensions) {
        expect(f.percentile, `${team.key} ${f.key}`).toBeNull();
        expect(f.teams).toBeLessThan(10);
        expect(f.reason).toMatch(/at least 10 teams/);
      }
    }
    // Pages (sessions see whole weeks, so their shown set may differ) never show a dimension percentile either.
    const session = await loginSession(small.srv.base, small.deps, 'viewer');
    let tables = 0;
    for (const team of leaves) {
      const html = (await session.get(`/teams/${team.key}`)).text;
      const at = html.indexOf('id="among-teams"');
      const among = html.slice(at, html.indexOf('<h3>Delivery</h3>', at));
      expect(among).toContain('Survey dimensions');
      if (!among.includes('<table')) continue;
      tables++;
      expect(among.match(/<tr data-key=/g)?.length).toBe(among.match(/not shown/g)?.length);
    }
    expect(tables).toBeGreaterThan(0);
  });

  it('ranks delivery figures among every leaf team with the figure, lower-is-better ones by their negation', async () => {
    const teams = (await big.api.get('/api/v1/delivery/teams')).json as {
      teams: Array<{ key: string; is_group: boolean; dora: { lead_time_hours: { median: number | null } } }>;
    };
    const org = (await big.api.get('/api/v1/org')).json as { teams: Row[] };
    const leafKeys = new Set(org.teams.filter((t) => !t.is_group).map((t) => t.key));
    const leads = teams.teams.filter((t) => leafKeys.has(t.key)).map((t) => t.dora.lead_time_hours.median);
    const values = leads.filter((v): v is number => v !== null);
    expect(values.length).toBeGreaterThanOrEqual(10);
    const s = (await big.api.get('/api/v1/teams/t01/summary')).json as Summary;
    const lead = s.internal_benchmark.dora.find((f) => f.key === 'lead_time')!;
    expect(lead.teams).toBe(values.length);
    expect(lead.percentile).toBe(
      rank(
        values.map((v) => -v),
        -lead.value!,
      ),
    );
    // A group is not ranked among leaf teams.
    const group = (await big.api.get('/api/v1/teams/group-a/summary')).json as Summary;
    expect(group.internal_benchmark.dora.every((f) => f.percentile === null)).toBe(true);
  });
});
