import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateAttributeKeys } from '../../src/attributes/attributes.service.js';
import type { Deps } from '../../src/deps.js';
import { DEMO_TEAMS, demoPeople } from '../../src/demo/org.js';
import { DEMO_REPORTABLE } from '../../src/demo/people-attributes.js';
import { seededRandom } from '../../src/demo/seed.js';
import { seedSurveys } from '../../src/demo/surveys.js';
import { upsertPeople, upsertTeams } from '../../src/directory/directory.service.js';
import { makeDeps } from '../helpers/deps.js';
import { unescapeHtml } from '../helpers/html-form.js';
import { loginSession, startServer, type TestServer } from '../helpers/server.js';

const TODAY = new Date('2026-03-04T12:00:00.000Z');
let deps: Deps;
let srv: TestServer;
let viewer: Awaited<ReturnType<typeof loginSession>>;

beforeAll(async () => {
  deps = makeDeps({ now: () => TODAY });
  upsertTeams(deps, { teams: DEMO_TEAMS });
  upsertPeople(deps, { people: demoPeople(TODAY) });
  updateAttributeKeys(deps, { attributes: DEMO_REPORTABLE.map((k) => ({ ...k, reportable: true })) });
  seedSurveys({ deps, random: seededRandom(20260301), today: TODAY });
  srv = await startServer(deps);
  viewer = await loginSession(srv.base, deps, 'viewer');
});
afterAll(() => srv.close());

const page = async (path: string) => {
  const res = await viewer.get(path);
  return { status: res.status, html: unescapeHtml(res.text) };
};
const exportLinks = (html: string) => [...html.matchAll(/href="(\/api\/v1\/[^"]+)"/g)].map((m) => m[1]);

describe('segment filter bar and breakdowns on report pages', () => {
  it('shows a filter bar with the reportable keys and their values on the results page, and keeps it in exports', async () => {
    const all = await page('/surveys/pulse/results?team=platform-group');
    expect(all.status).toBe(200);
    expect(all.html).toMatch(/<select id="seg-tenure" name="segment">/);
    expect(all.html).toMatch(/<option value="tenure:&lt;6m">&lt;6m<\/option>|<option value="tenure:<6m"><6m<\/option>/);
    expect(all.html).toMatch(/<input type="hidden" name="team" value="platform-group">/);
    expect(all.html).not.toMatch(/seg-level/); // not reportable

    const filtered = await page('/surveys/pulse/results?team=platform-group&segment=tenure%3A%3C6m&segment=');
    expect(filtered.status).toBe(200);
    expect(filtered.html).toMatch(/Only people whose answers carried <strong>tenure: <6m<\/strong>/);
    for (const link of exportLinks(filtered.html).filter((l) => l.includes('/results')))
      expect(decodeURIComponent(link)).toContain('segment=tenure:<6m');
    const bad = await page('/surveys/pulse/results?segment=level%3Asenior');
    expect(bad.status).toBe(422);
    expect(bad.html).toMatch(/class="field__error" role="alert">/);
  });

  it('breaks a team down by a reportable attribute with a chart, hiding small groups with the reason only', async () => {
    const res = await page('/teams/platform?by=tenure');
    expect(res.status).toBe(200);
    expect(res.html).toContain('<h2 id="breakdown-head">Who says what</h2>');
    expect(res.html).toMatch(/data-chart="group-bars" data-source="team-breakdown"/);
    const chart = JSON.parse(
      /<script type="application\/json" id="team-breakdown">([^<]+)<\/script>/.exec(res.html)![1],
    ) as {
      labels: string[];
    };
    expect(chart.labels).toContain('<6m');
    const hiddenRows = [...res.html.matchAll(/<td class="suppressed" colspan="\d+">hidden: ([^<]+)<\/td>/g)].map(
      (m) => m[1],
    );
    for (const reason of hiddenRows)
      expect([
        'fewer than 5 respondents',
        'hidden to protect a smaller group',
        'the rest of this scope is too small',
      ]).toContain(reason);
    // The page's links keep the filter, and a filtered team page differs from the whole team.
    const filtered = await page('/teams/platform?segment=tenure%3A%3C6m');
    expect(filtered.status).toBe(200);
    expect(filtered.html).toMatch(/<input type="hidden" name="segment" value="tenure:<6m">/);
    const summaryLinks = exportLinks(filtered.html).filter((l) => l.includes('/summary'));
    expect(summaryLinks.length).toBeGreaterThan(0);
    for (const link of summaryLinks) expect(decodeURIComponent(link)).toContain('segment=tenure:<6m');
    const kpi = (html: string) => /<p class="kpi">([^<]*)<\/p>/.exec(html)?.[1];
    expect(kpi(filtered.html)).not.toBe(kpi((await page('/teams/platform')).html));
  });

  it.each([
    ['/', '/api/v1/org'],
    ['/themes', '/api/v1/themes'],
    ['/leadership', '/api/v1/leadership'],
  ])('puts the filter bar on %s and keeps the filter in its window form and exports', async (path, api) => {
    const all = await page(path);
    expect(all.status).toBe(200);
    expect(all.html).toMatch(/<select id="seg-role" name="segment">/);
    const filtered = await page(`${path}?segment=role%3Abackend`);
    expect(filtered.status).toBe(200);
    expect(filtered.html).toMatch(/<option value="role:backend" selected>backend<\/option>/);
    expect(filtered.html).toMatch(/Only people whose answers carried <strong>role: backend<\/strong>/);
    expect(filtered.html).toMatch(/<input type="hidden" name="segment" value="role:backend">/);
    const links = exportLinks(filtered.html).filter((l) => l.startsWith(api));
    expect(links.length, `${path} exports`).toBeGreaterThan(0);
    for (const link of links) expect(decodeURIComponent(link)).toContain('segment=role:backend');
  });

  it('pivots the org heatmap to tenure × dimensions, where new joiners show lower cognitive load favorability', async () => {
    const res = await page('/?by=tenure');
    expect(res.status).toBe(200);
    expect(res.html).toMatch(/<h2>tenure × dimensions/);
    expect(res.html).toMatch(/<option value="tenure" selected>Tenure<\/option>/);
    const row = (value: string) =>
      new RegExp(`<tr><th scope="row">${value.replace('+', '\\+')}</th>([\\s\\S]*?)</tr>`).exec(res.html)?.[1] ?? '';
    const cells = (value: string) => [...row(value).matchAll(/>(\d+)%</g)].map((m) => Number(m[1]));
    const newJoiners = cells('<6m');
    const veterans = cells('2-5y');
    expect(newJoiners.length).toBeGreaterThan(0);
    expect(veterans.length).toBe(newJoiners.length);
    // Columns in order: the cognitive load dimension holds docs and onboarding.
    const dims = [...res.html.matchAll(/<th scope="col" class="num">([^<]+)<\/th>/g)].map((m) => m[1]);
    const cognitive = dims
      .filter((d) => !['Respondents', 'DevEx'].includes(d) && !d.startsWith('Change'))
      .indexOf('Cognitive load');
    expect(cognitive).toBeGreaterThanOrEqual(0);
    expect(veterans[cognitive] - newJoiners[cognitive]).toBeGreaterThan(15);
    // The team rows give way to the attribute rows.
    expect(res.html).not.toContain('<th scope="col">Team</th><th scope="col" class="num">Respondents</th>');
  });
});
