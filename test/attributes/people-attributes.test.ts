import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportableKeys } from '../../src/attributes/attributes.service.js';
import { runCli } from '../../src/cli/main.js';
import type { Deps } from '../../src/deps.js';
import { upsertTeams } from '../../src/directory/directory.service.js';
import { makeDeps } from '../helpers/deps.js';
import { unescapeHtml } from '../helpers/html-form.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';

let deps: Deps;
let srv: TestServer;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  deps = makeDeps({ now: () => new Date('2026-03-02T10:00:00Z') });
  upsertTeams(deps, { teams: [{ key: 'payments', name: 'Payments' }] });
  srv = await startServer(deps);
  api = apiClient(srv.base, tokenFor(deps, 'admin'));
});
afterAll(() => srv.close());

const person = (email: string) =>
  deps.db.prepare('SELECT attributes, start_date AS startDate FROM people WHERE email = ?').get(email) as
    { attributes: string; startDate: string | null } | undefined;
const peopleCount = () => (deps.db.prepare('SELECT COUNT(*) AS n FROM people').get() as { n: number }).n;

describe('POST /api/v1/people with attributes and start_date', () => {
  it('stores them, shows them to admins, and keeps them when a later upsert leaves them out', async () => {
    const res = await api.post('/api/v1/people', {
      email: 'ada@acme.example',
      name: 'Ada',
      team: 'payments',
      attributes: { role: 'backend', location: ' Berlin ', employment: 'contractor' },
      start_date: '2025-09-01',
    });
    expect(res.status).toBe(200);
    const list = await api.get('/api/v1/people');
    expect(list.json.people[0]).toMatchObject({
      email: 'ada@acme.example',
      attributes: { employment: 'contractor', location: 'Berlin', role: 'backend' },
      start_date: '2025-09-01',
    });
    await api.post('/api/v1/people', { email: 'ada@acme.example', name: 'Ada L.', team: 'payments' });
    expect(person('ada@acme.example')).toEqual({
      attributes: '{"employment":"contractor","location":"Berlin","role":"backend"}',
      startDate: '2025-09-01',
    });
    // Given attributes replace the whole set; null start_date clears it.
    await api.post('/api/v1/people', {
      email: 'ada@acme.example',
      name: 'Ada',
      team: 'payments',
      attributes: { role: 'sre' },
      start_date: null,
    });
    expect(person('ada@acme.example')).toEqual({ attributes: '{"role":"sre"}', startDate: null });
    // Viewers never see the list.
    expect((await apiClient(srv.base, tokenFor(deps, 'viewer')).get('/api/v1/people')).status).toBe(403);
  });

  it('answers 422 naming each bad field, with the batch index, and stores nothing of the batch', async () => {
    const before = peopleCount();
    const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']));
    const res = await api.post('/api/v1/people', {
      people: [
        { email: 'good@acme.example', name: 'Good', team: 'payments', attributes: { role: 'data' } },
        { email: 'b@acme.example', name: 'B', team: 'payments', attributes: { Role: 'x', level: 3, loc: '  ' } },
        { email: 'c@acme.example', name: 'C', team: 'payments', attributes: { tenure: '1-2y' } },
        { email: 'd@acme.example', name: 'D', team: 'payments', attributes: { role: 'x'.repeat(101) } },
        { email: 'e@acme.example', name: 'E', team: 'payments', start_date: '2025-02-30' },
        { email: 'f@acme.example', name: 'F', team: 'payments', attributes: tooMany },
        { email: 'g@acme.example', name: 'G', team: 'payments', attributes: ['role'] },
        { email: 'h@acme.example', name: 'H', team: 'payments', start_date: '18/03/2024' },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('validation_failed');
    const fields = (res.json.error.details as Array<{ index: number; field: string }>).map(
      (d) => `${d.index}:${d.field}`,
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        '1:attributes.Role',
        '1:attributes.level',
        '1:attributes.loc',
        '2:attributes.tenure',
        '3:attributes.role',
        '4:start_date',
        '5:attributes',
        '6:attributes',
        '7:start_date',
      ]),
    );
    expect(fields.some((f) => f.startsWith('0:'))).toBe(false);
    expect(res.json.error.details.find((d: { field: string }) => d.field === 'attributes.tenure').message).toMatch(
      /derived from start_date/,
    );
    expect(peopleCount()).toBe(before);
  });
});

describe('people CSV: start_date and attr_<key> columns', () => {
  const csv = [
    'email,name,team,start_date,attr_role,attr_location',
    'cy@acme.example,Cy,payments,2021-06-15,mobile,Lisbon',
    'di@acme.example,Di,payments,,frontend,',
  ].join('\n');

  it('imports them from the admin page and from the CLI with the same rules', async () => {
    const admin = await loginSession(srv.base, deps, 'admin');
    const page = await admin.get('/admin/people');
    const res = await admin.postForm('/admin/people/import', { csv }, admin.csrfFrom(page.text));
    expect(res.status).toBe(200);
    expect(person('cy@acme.example')).toEqual({
      attributes: '{"location":"Lisbon","role":"mobile"}',
      startDate: '2021-06-15',
    });
    // An empty attr_ cell: no such attribute (the file gives the whole set).
    expect(person('di@acme.example')).toEqual({ attributes: '{"role":"frontend"}', startDate: null });

    const dir = mkdtempSync(join(tmpdir(), 'chorus-attrs-'));
    writeFileSync(join(dir, 'people.csv'), 'email,name,team,attr_role,attr_location\ncy@acme.example,Cy,payments,,\n');
    const code = await runCli(['import', 'people', join(dir, 'people.csv')], { log: () => {}, error: () => {} }, deps);
    expect(code).toBe(0);
    // Attribute columns, all empty: the person has no attributes now; the start date is kept.
    expect(person('cy@acme.example')).toEqual({ attributes: '{}', startDate: '2021-06-15' });
    // A file without attr_ columns keeps the stored attributes.
    writeFileSync(join(dir, 'plain.csv'), 'email,name,team\ndi@acme.example,Di,payments\n');
    expect(await runCli(['import', 'people', join(dir, 'plain.csv')], { log: () => {}, error: () => {} }, deps)).toBe(
      0,
    );
    expect(person('di@acme.example')?.attributes).toBe('{"role":"frontend"}');
  });

  it('refuses a bad attribute column or date by line and field, importing nothing', async () => {
    const admin = await loginSession(srv.base, deps, 'admin');
    const page = await admin.get('/admin/people');
    const bad = [
      'email,name,team,start_date,attr_Role,attr_tenure',
      'new1@acme.example,N1,payments,2024-01-01,,',
      'new2@acme.example,N2,payments,2024-13-01,x,',
      'new3@acme.example,N3,payments,,,2-5y',
    ].join('\n');
    const res = await admin.postForm('/admin/people/import', { csv: bad }, admin.csrfFrom(page.text));
    expect(res.status).toBe(422);
    const text = unescapeHtml(res.text);
    expect(text).toMatch(/Line 3 \(person 2\): <code>start_date<\/code> must be a real date/);
    expect(text).toMatch(/Line 3 \(person 2\): <code>attributes.Role<\/code> is not a valid attribute key/);
    expect(text).toMatch(/Line 4 \(person 3\): <code>attributes.tenure<\/code> is derived from start_date/);
    expect(person('new1@acme.example')).toBeUndefined();

    const dir = mkdtempSync(join(tmpdir(), 'chorus-attrs-'));
    writeFileSync(join(dir, 'bad.csv'), bad);
    const errors: string[] = [];
    const code = await runCli(
      ['import', 'people', join(dir, 'bad.csv')],
      { log: () => {}, error: (s) => errors.push(s) },
      deps,
    );
    expect(code).toBe(1);
    expect(errors.join('\n')).toMatch(/record 2: start_date: must be a real date/);
    expect(person('new1@acme.example')).toBeUndefined();
  });
});

describe('admin people page', () => {
  it('shows attributes and start dates, fills the form to edit them and saves them', async () => {
    const admin = await loginSession(srv.base, deps, 'admin');
    await api.post('/api/v1/people', {
      email: 'eve@acme.example',
      name: 'Eve',
      team: 'payments',
      attributes: { role: 'data', level: 'senior' },
      start_date: '2019-04-01',
    });
    const list = unescapeHtml((await admin.get('/admin/people?q=eve')).text);
    expect(list).toContain('<time datetime="2019-04-01">2019-04-01</time>');
    expect(list).toMatch(/<span class="muted">role:<\/span> data/);
    const edit = await admin.get('/admin/people?q=eve&edit=eve%40acme.example');
    expect(unescapeHtml(edit.text)).toMatch(
      /<textarea id="f-attributes" name="attributes_text"[^>]*>level: senior\nrole: data<\/textarea>/,
    );
    expect(edit.text).toMatch(/id="f-start_date" name="start_date" type="date" value="2019-04-01"/);

    const save = (fields: Record<string, string>) =>
      admin.postForm(
        '/admin/people',
        { email: 'eve@acme.example', name: 'Eve', team: 'payments', active: 'true', ...fields },
        admin.csrfFrom(edit.text),
      );
    const ok = await save({
      start_date: '2019-04-01',
      attributes_text: 'role: data\nlevel: staff\n\nlocation: Berlin',
    });
    expect(ok.status).toBe(200);
    expect(person('eve@acme.example')).toEqual({
      attributes: '{"level":"staff","location":"Berlin","role":"data"}',
      startDate: '2019-04-01',
    });
    const badKey = await save({ start_date: '2019-04-01', attributes_text: 'Job Title: x' });
    expect(badKey.status).toBe(422);
    expect(unescapeHtml(badKey.text)).toMatch(/id="f-attributes-error">"Job Title" is not a valid attribute key/);
    const noColon = await save({ attributes_text: 'role backend' });
    expect(noColon.status).toBe(422);
    expect(unescapeHtml(noColon.text)).toContain('Line 1: write one attribute per line as "key: value"');
    const badDate = await save({ start_date: '2019-02-29', attributes_text: 'role: data' });
    expect(badDate.status).toBe(422);
    expect(badDate.text).toMatch(/id="f-start_date-error">must be a real date/);
    expect(person('eve@acme.example')?.attributes).toBe('{"level":"staff","location":"Berlin","role":"data"}');
  });
});

describe('reportable attribute keys', () => {
  it('lists every key seen on people with its counts, plus tenure, and lets admins choose the reportable ones', async () => {
    const list = await api.get('/api/v1/attributes');
    expect(list.status).toBe(200);
    const byKey = Object.fromEntries(
      (list.json.attributes as Array<{ key: string }>).map((a) => [a.key, a as Record<string, unknown>]),
    );
    expect(Object.keys(byKey)).toEqual(expect.arrayContaining(['role', 'level', 'location', 'tenure']));
    expect(byKey.tenure).toMatchObject({ derived: true, reportable: false });
    expect(byKey.role).toMatchObject({ derived: false, reportable: false });
    const roles = deps.db
      .prepare(
        `SELECT COUNT(DISTINCT json_extract(attributes, '$.role')) AS v, COUNT(json_extract(attributes, '$.role')) AS p FROM people`,
      )
      .get() as { v: number; p: number };
    expect(byKey.role).toMatchObject({ distinct_values: roles.v, people: roles.p });
    expect(reportableKeys(deps)).toEqual([]);

    const put = await api.put('/api/v1/attributes', {
      attributes: [
        { key: 'role', reportable: true, label: 'Role' },
        { key: 'tenure', reportable: true },
      ],
    });
    expect(put.status).toBe(200);
    expect(reportableKeys(deps)).toEqual(['role', 'tenure']);
    const bad = await api.put('/api/v1/attributes', {
      attributes: [
        { key: 'location', reportable: true },
        { key: 'Bad Key', reportable: 'yes' },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, field: 'key' }),
        expect.objectContaining({ index: 1, field: 'reportable' }),
      ]),
    );
    expect(reportableKeys(deps)).toEqual(['role', 'tenure']);
    expect((await apiClient(srv.base, tokenFor(deps, 'viewer')).put('/api/v1/attributes', {})).status).toBe(403);
    const audit = deps.db
      .prepare(`SELECT action, details FROM audit_log WHERE action = 'attribute.reportable' ORDER BY id`)
      .all() as Array<{ action: string; details: string }>;
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details)).toMatchObject({ reportable: ['role', 'tenure'] });
  });

  it('has an admin page section with a toggle per key', async () => {
    const admin = await loginSession(srv.base, deps, 'admin');
    const page = await admin.get('/admin/people');
    expect(page.text).toMatch(/<input type="checkbox" name="reportable" value="role" checked>/);
    expect(page.text).toMatch(/<input type="checkbox" name="reportable" value="location">/);
    const res = await admin.postForm(
      '/admin/people/attributes',
      { reportable: ['location', 'tenure'] },
      admin.csrfFrom(page.text),
    );
    expect(res.status).toBe(200);
    expect(reportableKeys(deps)).toEqual(['location', 'tenure']);
    const viewer = await loginSession(srv.base, deps, 'viewer');
    const denied = await viewer.postForm(
      '/admin/people/attributes',
      { reportable: 'role' },
      viewer.csrfFrom((await viewer.get('/surveys')).text),
    );
    expect(denied.status).toBe(403);
    expect(reportableKeys(deps)).toEqual(['location', 'tenure']);
  });
});
