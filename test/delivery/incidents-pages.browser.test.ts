/**
 * The delivery pages list incidents with their link and its reason, and the org's own metrics with
 * the org's labels (hidden below k), each with CSV/JSON links; screenshots at 1280 and 375 px.
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { hasChromium, launchBrowser, loginInBrowser, openPage, SKIP_MESSAGE } from '../helpers/browser.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';

const ARTIFACTS = 'test-artifacts';
const WINDOW = 'from=2026-03-01&through=2026-03-19';
let deps: Deps;
let srv: TestServer;
let browser: Browser | undefined;

beforeAll(async () => {
  deps = makeDeps({ now: () => new Date('2026-03-20T12:00:00Z') });
  srv = await startServer(deps);
  const admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  const ingest = apiClient(srv.base, tokenFor(deps, 'ingest'));
  await admin.post('/api/v1/teams', {
    teams: [
      { key: 'eng', name: 'Engineering' },
      { key: 'payments', name: 'Payments', parent: 'eng' },
      { key: 'search', name: 'Search', parent: 'eng' },
    ],
  });
  const people = [
    ...Array.from({ length: 6 }, (_, i) => ({ email: `p${i}@example.com`, name: `P ${i}`, team: 'payments' })),
    ...Array.from({ length: 2 }, (_, i) => ({ email: `s${i}@example.com`, name: `S ${i}`, team: 'search' })),
  ];
  expect((await admin.post('/api/v1/people', { people })).status).toBe(200);
  await ingest.post('/api/v1/deployments', {
    deployments: [
      { id: 'dep-1', service: 'payments-api', team: 'payments', finished_at: '2026-03-04T08:00:00Z' },
      { id: 'dep-2', service: 'search-api', team: 'search', finished_at: '2026-03-05T08:00:00Z' },
    ],
  });
  await ingest.post('/api/v1/incidents', {
    incidents: [
      {
        id: 'INC-1',
        service: 'payments-api',
        opened_at: '2026-03-04T11:12:00Z',
        resolved_at: '2026-03-04T12:00:00Z',
        severity: 'P1',
      },
      { id: 'INC-2', service: 'search-api', opened_at: '2026-03-06T09:00:00Z', deployment_id: 'dep-2' },
    ],
  });
  const events = people.flatMap((p, i) => [
    {
      name: 'env.requested',
      email: p.email,
      timestamp: `2026-03-0${2 + (i % 7)}T09:00:00Z`,
      metadata: { request_id: `r${i}` },
    },
    {
      name: 'env.ready',
      email: p.email,
      timestamp: `2026-03-0${2 + (i % 7)}T1${i}:00:00Z`,
      metadata: { request_id: `r${i}` },
    },
  ]);
  expect((await ingest.post('/api/v1/events', { events })).status).toBe(200);
  const defs = await admin.put('/api/v1/definitions', {
    incident_link_hours: 24,
    custom_metrics: [
      {
        key: 'env_ready',
        label: 'Environment provisioned',
        unit: 'hours',
        better: 'lower',
        kind: 'duration',
        start_event: 'env.requested',
        end_event: 'env.ready',
        match: 'request_id',
      },
    ],
  });
  expect(defs.status, defs.text).toBe(200);
  if (hasChromium()) browser = await launchBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await srv.close();
});

const decode = (href: string) => href.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

describe('incidents and custom metrics on the delivery pages', () => {
  it('/delivery lists incidents with the link reason and the metric with its label, with working exports', async () => {
    const s = await loginSession(srv.base, deps, 'viewer');
    const page = await s.get(`/delivery?${WINDOW}`);
    expect(page.status, page.text.slice(0, 3000)).toBe(200);
    expect(page.text).toContain('latest production deployment of payments-api, 3.2 h before');
    expect(page.text).toContain('named by the incident (deployment dep-2)');
    expect(page.text).toContain('Environment provisioned');
    const csv = decode(/href="(\/api\/v1\/incidents\?[^"]*format&#x3D;csv)"/.exec(page.text)![1]);
    const res = await s.get(csv);
    expect(res.status).toBe(200);
    expect(res.text.trim().split(/\r?\n/)).toHaveLength(3);
    const metricJson = decode(/href="(\/api\/v1\/metrics\/env_ready\?(?:(?!format)[^"])*)"/.exec(page.text)![1]);
    const m = JSON.parse((await s.get(metricJson)).text);
    expect(m.n).toBe(8);
    // Search's two people are below k: its row is hidden, and so is Payments (its sibling would give it away).
    const team = await s.get(`/teams/search/delivery?${WINDOW}`);
    expect(team.text).toContain('hidden: fewer than 5 respondents');
    expect(team.text).toContain('INC-2');
    expect(team.text).not.toContain('INC-1');
  });

  it('the team and leadership pages show the metric beside DORA with the org label, hidden below k', async () => {
    const s = await loginSession(srv.base, deps, 'admin');
    const lead = await s.get(`/leadership?${WINDOW}`);
    expect(lead.status).toBe(200);
    expect(lead.text).toContain('<dt>Environment provisioned</dt>');
    expect(lead.text).toMatch(/median 4\.5 hours/);
    const team = await s.get(`/teams/search?${WINDOW}`);
    expect(team.status).toBe(200);
    expect(team.text).toContain('<dt>Environment provisioned</dt>');
    expect(team.text).toContain('hidden: fewer than 5 respondents');
  });

  it('/admin/definitions edits incident_link_hours, the PagerDuty mapping and custom metrics; a bad one changes nothing', async () => {
    const admin = await loginSession(srv.base, deps, 'admin');
    const form = await admin.get('/admin/definitions');
    expect(form.status).toBe(200);
    expect(form.text).toContain('&quot;key&quot;:&quot;env_ready&quot;');
    const defs = (await apiClient(srv.base, tokenFor(deps, 'admin')).get('/api/v1/definitions')).json;
    const fields: Record<string, string> = {
      headline: defs.headline,
      production_environment: defs.production_environment,
      tier_year: String(defs.tier_year),
      deploy_workflow_pattern: defs.deploy_workflow_pattern,
      benchmark_edition: defs.benchmark_edition,
      benchmark_industry: defs.benchmark_industry,
      taxonomy: '',
      incident_link_hours: '12',
      pagerduty_services: 'PF9KMXH = payments-api',
      custom_metrics: JSON.stringify(defs.custom_metrics),
      ...Object.fromEntries(Object.entries(defs.labels as Record<string, string>).map(([k, v]) => [`label_${k}`, v])),
    };
    const bad = await admin.postForm(
      '/admin/definitions',
      { ...fields, custom_metrics: JSON.stringify([{ ...defs.custom_metrics[0], end_event: null }]) },
      admin.csrfFrom(form.text),
    );
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('custom_metrics.0.end_event');
    const badMap = await admin.postForm(
      '/admin/definitions',
      { ...fields, pagerduty_services: 'PF9KMXH = no-such-service' },
      admin.csrfFrom(form.text),
    );
    expect(badMap.status).toBe(422);
    // Nothing was half-written: the hours stayed at 24.
    expect(
      (await apiClient(srv.base, tokenFor(deps, 'admin')).get('/api/v1/definitions')).json.incident_link_hours,
    ).toBe(24);
    const ok = await admin.postForm('/admin/definitions', fields, admin.csrfFrom(form.text));
    expect(ok.status, ok.text.slice(0, 500)).toBe(303);
    const after = apiClient(srv.base, tokenFor(deps, 'viewer'));
    expect((await after.get('/api/v1/definitions')).json.incident_link_hours).toBe(12);
    expect((await after.get('/api/v1/pagerduty/services')).json.mappings).toEqual([
      { pagerduty_service: 'PF9KMXH', service: 'payments-api' },
    ]);
    expect((await after.get('/api/v1/definitions')).json.custom_metrics).toEqual(defs.custom_metrics);
  });

  it.skipIf(!hasChromium())(
    `renders at desktop and 375 px without overflow${hasChromium() ? '' : ` (${SKIP_MESSAGE})`}`,
    async () => {
      const w = await openPage(browser!);
      try {
        await loginInBrowser(w.page, srv.base, deps, 'admin');
        for (const [width, tag] of [
          [1280, 'desktop'],
          [375, '375'],
        ] as const) {
          await w.page.setViewportSize({ width, height: 900 });
          await w.page.goto(`${srv.base}/delivery?${WINDOW}`);
          await w.page.goto(`${srv.base}/admin/definitions`);
          await w.page
            .locator('#f-custom_metrics')
            .screenshot({ path: `${ARTIFACTS}/admin-custom-metrics-${tag}.png` });
          await w.page
            .locator('form')
            .filter({ has: w.page.locator('#f-pagerduty_services') })
            .screenshot({ path: `${ARTIFACTS}/admin-definitions-${tag}.png` });
          const pageOverflow = await w.page.evaluate<number>(
            'document.documentElement.scrollWidth - document.documentElement.clientWidth',
          );
          expect(pageOverflow).toBeLessThanOrEqual(0);
          await w.page.goto(`${srv.base}/leadership?${WINDOW}`);
          await w.page.locator('#delivery').screenshot({ path: `${ARTIFACTS}/leadership-custom-metrics-${tag}.png` });
          await w.page.goto(`${srv.base}/delivery?${WINDOW}`);
          for (const id of ['incidents', 'custom-metrics']) {
            await w.page.locator(`#${id}`).screenshot({ path: `${ARTIFACTS}/delivery-${id}-${tag}.png` });
            const overflow = await w.page.evaluate<number>(
              `document.querySelector('#${id}').scrollWidth - document.querySelector('#${id}').clientWidth`,
            );
            expect(overflow).toBeLessThanOrEqual(0);
          }
        }
        expect(w.pageErrors).toEqual([]);
        expect(await w.cspViolations()).toEqual([]);
      } finally {
        await w.close();
      }
    },
    90_000,
  );
});
