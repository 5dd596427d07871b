import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { currentTaxonomy } from '../../src/themes/taxonomy.service.js';
import { DEFAULT_TAXONOMY } from '../../src/themes/taxonomy.js';
import { themesRepo } from '../../src/themes/themes.repo.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { buildDriversOrg } from '../surveys/drivers-fixture.js';

/**
 * Theme owners (who can fix it: platform, shared, other): built-in defaults, older taxonomy
 * versions without owners, editing by API and admin form, the `owner` field of GET /api/v1/themes,
 * and the split of friction and capacity cost in the themes report, value model and leadership report.
 */
const WINDOW = 'from=2026-01-05&to=2026-03-02';
const DOCUMENTED: Record<string, string> = {
  ci_builds: 'platform',
  flaky_tests: 'platform',
  environments_access: 'platform',
  deployment_release: 'platform',
  local_tooling: 'platform',
  documentation: 'shared',
  oncall_incidents: 'shared',
  code_review: 'shared',
  onboarding: 'shared',
  meetings_interruptions: 'other',
  requirements_planning: 'other',
  cross_team_dependencies: 'other',
};

let deps: Deps;
let srv: TestServer;
let admin: ReturnType<typeof apiClient>;
let viewer: ReturnType<typeof apiClient>;

beforeAll(async () => {
  deps = makeDeps({ now: () => new Date('2026-03-02T10:00:00Z') });
  buildDriversOrg(deps, { comments: true });
  srv = await startServer(deps);
  admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
});
afterAll(() => srv.close());

type Theme = { key: string; owner: string; respondents: number | null; status_owner: string | null };
type Split = { owner: string; mentions: number; share_of_mentions: number | null; themes: string[] };

describe('theme owners', () => {
  it('gives every built-in theme its documented default owner, in GET /api/v1/themes and the taxonomy', async () => {
    expect(Object.fromEntries(DEFAULT_TAXONOMY.themes.map((t) => [t.key, t.owner]))).toEqual(DOCUMENTED);
    const report = await viewer.get(`/api/v1/themes?${WINDOW}`);
    expect(report.status).toBe(200);
    for (const t of report.json.themes as Theme[]) expect(t.owner, t.key).toBe(DOCUMENTED[t.key]);
    const taxonomy = await admin.get('/api/v1/themes/taxonomy');
    expect(Object.fromEntries(taxonomy.json.themes.map((t: Theme) => [t.key, t.owner]))).toEqual(DOCUMENTED);
  });

  it('splits shown theme mentions by owner; the shares follow from the themes’ own counts', async () => {
    const r = (await viewer.get(`/api/v1/themes?${WINDOW}`)).json as { themes: Theme[]; by_owner: Split[] };
    expect(r.by_owner.map((o) => o.owner)).toEqual(['platform', 'shared', 'other']);
    const total = r.themes.reduce((s, t) => s + (t.respondents ?? 0), 0);
    for (const o of r.by_owner) {
      const mine = r.themes.filter((t) => t.owner === o.owner && (t.respondents ?? 0) > 0);
      expect(o.mentions).toBe(mine.reduce((s, t) => s + t.respondents!, 0));
      expect(o.share_of_mentions!).toBeCloseTo(o.mentions / total, 4);
      expect([...o.themes].sort()).toEqual(mine.map((t) => t.key).sort());
    }
    expect(r.by_owner[0].themes).toEqual(expect.arrayContaining(['ci_builds', 'flaky_tests']));
    expect(r.by_owner[2].themes).toEqual(expect.arrayContaining(['meetings_interruptions']));
  });

  it('reads a taxonomy version saved before owners existed with the defaults (a new key: other)', () => {
    const version = currentTaxonomy(deps).version + 1;
    const old = DEFAULT_TAXONOMY.themes.map(({ owner: _owner, ...t }) => t);
    old.push({ key: 'vpn', label: 'VPN', definition: '', keywords: ['vpn'], phrases: [], exclude: [] });
    themesRepo(deps.db).insertTaxonomy(version, JSON.stringify({ themes: old }), null, '2026-03-01T00:00:00Z');
    const now = currentTaxonomy(deps);
    expect(now.version).toBe(version);
    expect(Object.fromEntries(now.themes.map((t) => [t.key, t.owner]))).toEqual({ ...DOCUMENTED, vpn: 'other' });
  });

  it('lets admins change an owner through the API; left out it keeps the one it has; a bad one is a 422', async () => {
    const themes = (await admin.get('/api/v1/themes/taxonomy')).json.themes as Array<Theme & Record<string, unknown>>;
    const edited = themes.map((t) => (t.key === 'documentation' ? { ...t, owner: 'platform' } : t));
    expect((await admin.put('/api/v1/themes/taxonomy', { themes: edited })).status).toBe(200);
    const withoutOwners = edited.map(({ owner: _owner, ...t }) => t);
    expect((await admin.put('/api/v1/themes/taxonomy', { themes: withoutOwners })).status).toBe(200);
    const after = (await viewer.get(`/api/v1/themes?${WINDOW}`)).json as { themes: Theme[]; by_owner: Split[] };
    expect(after.themes.find((t) => t.key === 'documentation')!.owner).toBe('platform');
    expect(after.by_owner[0].themes).toContain('documentation');
    expect(after.by_owner[1].themes).not.toContain('documentation');
    const bad = await admin.put('/api/v1/themes/taxonomy', {
      themes: edited.map((t) => (t.key === 'ci_builds' ? { ...t, owner: 'everyone' } : t)),
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details[0].field).toMatch(/^themes\.\d+\.owner$/);
    expect((await viewer.put('/api/v1/themes/taxonomy', { themes: edited })).status).toBe(403);
    // The audit log records who set which owner.
    const audit = await admin.get('/api/v1/audit?action=taxonomy');
    expect(
      audit.json.entries.some((e: { details: { owners?: string[] } }) =>
        e.details.owners?.includes('documentation=platform'),
      ),
    ).toBe(true);
  });

  it('lets an admin change the owner in the taxonomy editor', async () => {
    const s = await loginSession(srv.base, deps, 'admin');
    const page = await s.get('/admin/themes');
    expect(page.text).toMatch(/<select id="f-documentation-owner" name="owner"/);
    const documentation = currentTaxonomy(deps).themes.find((t) => t.key === 'documentation')!;
    const saved = await s.postForm(
      '/admin/themes',
      {
        key: 'documentation',
        label: documentation.label,
        definition: documentation.definition,
        keywords: documentation.keywords.join('\n'),
        phrases: documentation.phrases.join('\n'),
        exclude: documentation.exclude.join('\n'),
        owner: 'shared',
      },
      s.csrfFrom(page.text),
    );
    expect(saved.status).toBe(200);
    expect(currentTaxonomy(deps).themes.find((t) => t.key === 'documentation')!.owner).toBe('shared');
    expect(saved.text).toMatch(/<option value="shared" selected>/);
  });

  it('splits the value model’s capacity cost by owner: the platform line is only its own themes’ attribution', async () => {
    const v = (await viewer.get(`/api/v1/value?${WINDOW}`)).json;
    const byOwner = v.attribution.by_owner as Array<{ owner: string; cost: { estimate: number } | null }>;
    expect(byOwner.map((o) => o.owner)).toEqual(['platform', 'shared', 'other']);
    for (const o of byOwner) {
      const sum = (v.attribution.themes as Array<{ owner: string; cost: { estimate: number } | null }>)
        .filter((t) => t.owner === o.owner)
        .reduce((s, t) => s + (t.cost?.estimate ?? 0), 0);
      expect(o.cost?.estimate ?? 0).toBe(sum);
    }
    expect(byOwner[0].cost!.estimate).toBeGreaterThan(0);
    expect(byOwner[0].cost!.estimate).toBeLessThan(v.capacity_lost.cost.estimate);
  });

  it('has the leadership report say what the platform owns and what it does not', async () => {
    const r = (await viewer.get(`/api/v1/leadership?${WINDOW}`)).json;
    expect(r.themes.by_owner.map((o: { owner: string }) => o.owner)).toEqual(['platform', 'shared', 'other']);
    expect(r.themes.owner_sentence).toMatch(/^The platform can fix \d+% of friction-theme mentions \(CI and builds/);
    expect(r.themes.owner_sentence).toMatch(/is for others to fix \(Meetings and interruptions/);
    expect(r.themes.owner_sentence).toMatch(/The platform claims only its own part\.$/);
    const csv = await viewer.get(`/api/v1/leadership?${WINDOW}&format=csv`);
    expect(csv.text).toMatch(/owner,platform,/);
    const html = (await (await loginSession(srv.base, deps, 'viewer')).get(`/leadership?${WINDOW}`)).text;
    expect(html).toMatch(/id="owner-sentence">The platform can fix/);
    expect(html).toMatch(/<section class="card section no-print" id="ownership">[\s\S]*Others own/);
  });
});
