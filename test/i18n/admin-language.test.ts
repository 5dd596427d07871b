import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { directoryRepo } from '../../src/directory/directory.repo.js';
import { i18nRepo } from '../../src/i18n/i18n.repo.js';
import { workspaceLocale } from '../../src/i18n/localize.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { unescapeHtml } from '../helpers/html-form.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { seedOrg } from '../surveys/fixtures.js';

let deps: Deps;
let srv: TestServer;
const localeOf = (email: string) => i18nRepo(deps.db).personLocales(directoryRepo(deps.db).personByEmail(email)!.id);

beforeAll(async () => {
  deps = makeDeps({ now: testClock('2026-03-02T10:00:00.000Z').now });
  seedOrg(deps);
  srv = await startServer(deps);
});
afterAll(() => srv.close());

describe('languages on the admin people page and in GET /api/v1/people', () => {
  it("sets a person's language through the form (422 naming the field for a bad tag) and lists it", async () => {
    const admin = await loginSession(srv.base, deps, 'admin');
    const page = await admin.get('/admin/people?edit=pay0%40acme.example');
    expect(page.text).toContain('name="locale"');
    const person = { email: 'pay0@acme.example', name: 'Pay 0', team: 'payments', active: 'true', channel: 'auto' };
    const bad = await admin.postForm('/admin/people', { ...person, locale: 'Deutsch!' }, admin.csrfFrom(page.text));
    expect(bad.status).toBe(422);
    expect(unescapeHtml(bad.text)).toMatch(/id="f-locale-error"[^>]*>must be a BCP 47 language tag/);
    expect(localeOf('pay0@acme.example').locale).toBeNull();
    const ok = await admin.postForm('/admin/people', { ...person, locale: 'pt-br' }, admin.csrfFrom(page.text));
    expect(ok.status).toBe(200);
    expect(localeOf('pay0@acme.example').locale).toBe('pt-BR');
    expect(ok.text).toContain('<code>pt-BR</code>');
    // The edit form starts from the stored language; an emptied box clears it (the form is the whole record).
    expect((await admin.get('/admin/people?edit=pay0%40acme.example')).text).toMatch(/name="locale"[^>]*value="pt-BR"/);
    await admin.postForm('/admin/people', { ...person, locale: '' }, admin.csrfFrom(page.text));
    expect(localeOf('pay0@acme.example').locale).toBeNull();
  });

  it("shows Slack's language when the person has none, and GET /api/v1/people carries both", async () => {
    const id = directoryRepo(deps.db).personByEmail('pay1@acme.example')!.id;
    i18nRepo(deps.db).setSlackLocale(id, 'ja-JP');
    const admin = await loginSession(srv.base, deps, 'admin');
    expect((await admin.get('/admin/people')).text).toContain('Slack: <code>ja-JP</code>');
    const api = apiClient(srv.base, tokenFor(deps, 'admin'));
    const people = (await api.get('/api/v1/people')).json.people as Array<Record<string, unknown>>;
    expect(people.find((p) => p.email === 'pay1@acme.example')).toMatchObject({ locale: null, slack_locale: 'ja-JP' });
  });

  it('sets the workspace default survey language (admins only, audited)', async () => {
    const admin = await loginSession(srv.base, deps, 'admin');
    const page = await admin.get('/admin/people');
    expect(page.text).toMatch(/<option value="en" selected>English<\/option>/);
    const bad = await admin.postForm('/admin/people/language', { default_locale: 'xx' }, admin.csrfFrom(page.text));
    expect(bad.status).toBe(422);
    expect(workspaceLocale(deps)).toBe('en');
    const ok = await admin.postForm('/admin/people/language', { default_locale: 'de' }, admin.csrfFrom(page.text));
    expect(ok.status).toBe(200);
    expect(workspaceLocale(deps)).toBe('de');
    expect(ok.text).toMatch(/<option value="de" selected>Deutsch<\/option>/);
    const audit = deps.db
      .prepare(`SELECT details FROM audit_log WHERE action = 'settings.default_locale'`)
      .all() as Array<{ details: string }>;
    expect(audit.map((a) => JSON.parse(a.details))).toContainEqual(expect.objectContaining({ default_locale: 'de' }));
    const viewer = await loginSession(srv.base, deps, 'viewer');
    const denied = await viewer.postForm(
      '/admin/people/language',
      { default_locale: 'fr' },
      viewer.csrfFrom((await viewer.get('/surveys')).text),
    );
    expect(denied.status).toBe(403);
    expect(workspaceLocale(deps)).toBe('de');
  });
});
