import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { DEPLOYMENTS, INCIDENTS, TEAMS, WINDOW } from './fixture.js';

let deps: Deps;
let srv: TestServer;

beforeAll(async () => {
  deps = makeDeps({ now: () => new Date('2026-03-15T00:00:00Z') });
  srv = await startServer(deps);
  const admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  await admin.post('/api/v1/teams', TEAMS);
  await admin.post('/api/v1/deployments', DEPLOYMENTS);
  await admin.post('/api/v1/incidents', INCIDENTS);
  await admin.post('/api/v1/costs', { date: '2026-03-02', team: 'payments', cost: 100, cpu_requested: 4, cpu_used: 1 });
});
afterAll(() => srv.close());

describe('delivery pages', () => {
  it('/delivery shows teams × DORA with tiers, n and definition links, CSV and JSON twins', async () => {
    const s = await loginSession(srv.base, deps, 'viewer');
    const page = await s.get(`/delivery?${WINDOW}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/teams/payments/delivery?from');
    expect(page.text).toContain('/delivery/definitions#lead_time');
    expect(page.text).toContain('n = 5'); // payments lead-time commits
    expect(page.text).toMatch(/tier--elite/);
    expect(page.text).not.toMatch(/style="/);
    const json = await s.get(`/api/v1/delivery/teams?${WINDOW}`);
    expect(JSON.parse(json.text).teams.find((t: any) => t.key === 'payments').dora.lead_time_hours.n).toBe(5);
    const csv = await s.get(`/api/v1/delivery/teams?${WINDOW}&format=csv`);
    expect(csv.text.split('\n')[0]).toContain('lead_time_median_hours');
  });

  it('/teams/:key/delivery embeds the chart data, draws the heatmap with windows, and shows cost', async () => {
    const admin = await loginSession(srv.base, deps, 'admin');
    const form = await admin.get('/admin/windows');
    const bad = await admin.postForm(
      '/admin/windows',
      { owner: 'team:payments', weekdays: ['1'], start: '25:00', end: '16:00', timezone: 'Mars/Olympus' },
      admin.csrfFrom(form.text),
    );
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('must be an IANA time zone');
    expect(bad.text).toContain('value="25:00"');
    const ok = await admin.postForm(
      '/admin/windows',
      { owner: 'team:payments', weekdays: ['1', '2', '3', '4', '5'], start: '09:00', end: '12:00', timezone: 'UTC' },
      admin.csrfFrom(form.text),
    );
    expect(ok.status).toBe(303);
    const page = await admin.get(`/teams/payments/delivery?${WINDOW}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<script type="application/json" id="delivery-data">');
    expect(page.text).toContain('/static/js/delivery-charts.js');
    expect(page.text).toContain('heat-cell--window');
    expect(page.text).toContain('$100');
    expect(page.text).toMatch(/inside a window/);
    expect((await admin.get('/teams/nope/delivery')).status).toBe(404);
    const twin = JSON.parse((await admin.get(`/api/v1/delivery/teams/payments?${WINDOW}`)).text);
    expect(twin.charts.weekly.success).toEqual([2, 1]); // d4 caused an incident: it counts as failed
    expect(twin.charts.weekly.failed).toEqual([3, 0]);
    expect(twin.windows.adherence.n).toBe(6);
    // Chart axes on the page read as page dates; the JSON twin keeps ISO days.
    expect(twin.charts.weekly.labels).toEqual(['2026-03-01', '2026-03-08']);
    expect(page.text).toContain('"labels":["1 Mar 2026","8 Mar 2026"]');
  });

  it('/admin/definitions edits definitions (errors next to the field) and /delivery/definitions shows them', async () => {
    const admin = await loginSession(srv.base, deps, 'admin');
    const form = await admin.get('/admin/definitions');
    expect(form.status).toBe(200);
    const fields = {
      label_deployment_frequency: 'Deployment frequency',
      label_versions: 'Version release time',
      label_lead_time: 'Lead time',
      label_change_failure_rate: 'Change failure rate',
      label_time_to_restore: 'Time to restore',
      label_failed_deployment_recovery: 'Recovery',
      label_rework_rate: 'Rework',
      headline: 'versions',
      production_environment: 'production',
      tier_year: '2024',
      deploy_workflow_pattern: '^deploy',
      taxonomy: 'flaky tests: flaky-pipeline, Flaky pipeline',
    };
    const bad = await admin.postForm(
      '/admin/definitions',
      { ...fields, production_environment: 'prod env!' },
      admin.csrfFrom(form.text),
    );
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('field--error');
    const ok = await admin.postForm('/admin/definitions', fields, admin.csrfFrom(form.text));
    expect(ok.status).toBe(303);
    const defs = await admin.get('/delivery/definitions');
    expect(defs.text).toContain('Version release time');
    expect(defs.text).toContain('“flaky-pipeline”');
    const org = await admin.get(`/delivery?${WINDOW}`);
    expect(org.text).toContain('Frequency counts <strong>Version release time</strong>');
  });

  it('tiers are written out, link to the year’s thresholds, and read "too few to rate" under five events', async () => {
    const s = await loginSession(srv.base, deps, 'viewer');
    const team = await s.get(`/teams/payments/delivery?${WINDOW}`);
    expect(team.status).toBe(200);
    // payments (hand-computed in dora-api.test.ts): 5 lead-time commits, median 6 h → Elite; 3 of 6
    // deployments failed → Low; 4 successful deployments and 3 incidents → too few to rate.
    expect(team.text).toMatch(
      /<a class="badge tier tier--elite" href="\/delivery\/definitions#tiers"[^>]*>Tier 2024 · Elite<\/a>/,
    );
    expect(team.text).toMatch(/tier--low" href="\/delivery\/definitions#tiers"[^>]*>Tier 2024 · Low</);
    expect(team.text.match(/too few to rate \(n &lt; 5\)/g)).toHaveLength(2);
    expect(team.text).toContain('· Weekly</p>'); // the frequency class by its label, not `weekly`
    expect(team.text).not.toMatch(/>\s*(elite|high|medium|low|on_demand)\b/);
    const defs = await s.get('/delivery/definitions');
    expect(defs.text).toContain('id="tiers"');
    expect(defs.text).toContain('2024 thresholds, best to worst');
    expect(defs.text).toContain('<td>1 day to under 1 week</td>');
  });
  it('reads its window like every report page: through is inclusive, bad dates show next to the field', async () => {
    const s = await loginSession(srv.base, deps, 'viewer');
    // The form's inclusive "through" day: the page shows it back and its links carry the exclusive `to`.
    const team = await s.get('/teams/payments/delivery?from=2026-03-01&through=2026-03-14');
    expect(team.status).toBe(200);
    expect(team.text).toContain('id="f-through" name="through" type="date" value="2026-03-14"');
    // Export links, as a browser reads them (HTML entities and percent-encoding undone).
    const links = [...team.text.matchAll(/href="(\/api\/v1\/[^"]*)"/g)].map(
      (m) => new URL(m[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '='), srv.base),
    );
    const windowOf = (path: string) => {
      const link = links.find((u) => u.pathname === path && !u.searchParams.has('format'));
      return link && [link.searchParams.get('from'), link.searchParams.get('to')];
    };
    const expected = ['2026-03-01T00:00:00.000Z', '2026-03-15T00:00:00.000Z'];
    for (const path of ['/api/v1/delivery/teams/payments', '/api/v1/dora', '/api/v1/costs'])
      expect(windowOf(path), path).toEqual(expected);
    const twinLink = links.find(
      (u) => u.pathname === '/api/v1/delivery/teams/payments' && !u.searchParams.has('format'),
    )!;
    const twin = JSON.parse((await s.get(twinLink.pathname + twinLink.search)).text);
    expect(twin.charts.weekly.labels).toEqual(['2026-03-01', '2026-03-08']);
    // The default window is not pinned into links.
    expect((await s.get('/delivery')).text).toMatch(/href="\/api\/v1\/delivery\/teams\?format(=|&#x3D;)csv"/);
    // A backwards window names `from`, as the survey report pages and the API do; the page still answers.
    const backwards = await s.get('/delivery?from=2026-03-15&to=2026-03-01');
    expect(backwards.status).toBe(422);
    expect(backwards.text).toMatch(/id="f-from-error">must be before to</);
    const bad = await s.get('/teams/payments/delivery?through=soon');
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/id="f-through-error">must be a date/);
  });
});
