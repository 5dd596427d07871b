import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/auth.service.js';
import type { Deps } from '../../src/deps.js';
import { auditActions } from '../../src/web/audit-actions.js';
import { routeTable } from '../../src/web/routes.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';

let deps: Deps;
let srv: TestServer;
let adminTokenId: number;
let admin: ReturnType<typeof apiClient>;

interface Row {
  actor: string;
  actor_kind: string;
  actor_role: string | null;
  action: string;
  target: string | null;
  details: string;
  ip: string | null;
}
const rows = (): Row[] =>
  deps.db
    .prepare('SELECT actor, actor_kind, actor_role, action, target, details, ip FROM audit_log ORDER BY id')
    .all() as Row[];
const lastRow = () => rows().at(-1);

const SECRET_ANSWER = 'my-manager-never-listens-zq81';
const SECRET_UPDATE = 'internal-plan-body-text-kx55';

beforeAll(async () => {
  deps = makeDeps();
  srv = await startServer(deps);
  const created = createApiToken(deps, { role: 'admin', name: 'ops' });
  adminTokenId = created.id;
  admin = apiClient(srv.base, created.token);
});
afterAll(() => srv.close());

describe('audit log over HTTP', () => {
  it('records API changes with the token as actor, the action, target and address', async () => {
    expect((await admin.post('/api/v1/teams', { teams: [{ key: 'payments', name: 'Payments' }] })).status).toBe(200);
    expect(lastRow()).toMatchObject({
      actor: `token:${adminTokenId}`,
      actor_kind: 'token',
      actor_role: 'admin',
      action: 'team.upsert',
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(JSON.parse(lastRow()!.details)).toMatchObject({ count: 1, teams: ['payments'], accepted: 1 });

    const survey = {
      key: 'pulse_a',
      name: 'Pulse A',
      questions: [
        { key: 'ease', text: 'Shipping is easy', type: 'likert5' },
        { key: 'comment', text: 'Anything else?', type: 'text' },
      ],
    };
    expect((await admin.post('/api/v1/surveys', survey)).status).toBe(200);
    expect(lastRow()).toMatchObject({ action: 'survey.update', target: 'pulse_a' });
    expect(JSON.parse(lastRow()!.details)).toMatchObject({ questions: 2 });
  });

  it('never records a refused change as done', async () => {
    const before = rows().length;
    const bad = await admin.post('/api/v1/teams', { teams: [{ key: 'bad key!', name: '' }] });
    expect(bad.status).toBe(422);
    expect((await admin.post('/api/v1/surveys/nope/runs', {})).status).toBe(404);
    const viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
    expect((await viewer.put('/api/v1/definitions', { tier_year: 2024 })).status).toBe(403);
    expect(rows().length).toBe(before);
  });

  it('opens a run and imports answers without any answer or update text reaching the log', async () => {
    await admin.post('/api/v1/people', { email: 'ana@example.com', name: 'Ana', team: 'payments' });
    const run = await admin.post('/api/v1/surveys/pulse_a/runs', { teams: ['payments'] });
    expect(run.status).toBe(201);
    expect(lastRow()).toMatchObject({ action: 'run.open', target: 'pulse_a' });
    expect(JSON.parse(lastRow()!.details)).toMatchObject({ run_id: run.json.run_id, invited: 1, teams: ['payments'] });

    // Reading the personal survey links of a run is recorded too (they let anyone answer as that person).
    const links = await admin.get(`/api/v1/runs/${run.json.run_id as string}/links?format=csv`);
    expect(links.status).toBe(200);
    expect(lastRow()).toMatchObject({ action: 'run.links', target: run.json.run_id });
    expect(JSON.parse(lastRow()!.details)).toEqual({ format: 'csv' });
    expect(JSON.stringify(rows())).not.toContain('/s/');

    const imported = await admin.post('/api/v1/surveys/pulse_a/responses', {
      responses: [
        {
          respondent: 'ana@example.com',
          team: 'payments',
          submitted_at: '2026-02-02T10:00:00Z',
          answers: { ease: 2, comment: SECRET_ANSWER },
        },
      ],
    });
    expect(imported.status).toBe(200);
    expect(lastRow()).toMatchObject({ action: 'import.responses', target: 'pulse_a' });
    expect(JSON.parse(lastRow()!.details)).toEqual({ count: 1, accepted: 1, duplicates: 0 });

    const update = await admin.post('/api/v1/themes/flaky_tests/updates', {
      title: 'Quarantine for flaky tests',
      body: SECRET_UPDATE,
      status: 'planned',
      owner: 'platform',
    });
    expect(update.status).toBe(201);
    const [themeUpdate, themeStatus] = rows().slice(-2);
    expect(themeUpdate).toMatchObject({ action: 'theme.update', target: 'flaky_tests' });
    expect(JSON.parse(themeUpdate.details)).toMatchObject({ status: 'planned', owner: 'platform' });
    expect(themeStatus).toMatchObject({ action: 'theme.status', target: 'flaky_tests' });
    expect(JSON.parse(themeStatus.details)).toEqual({ from: 'new', to: 'planned' });

    // Same status again: an update, but no status change.
    await admin.post('/api/v1/themes/flaky_tests/updates', { title: 'Still on it', body: 'x', status: 'planned' });
    expect(lastRow()).toMatchObject({ action: 'theme.update' });

    const everything = JSON.stringify(deps.db.prepare('SELECT * FROM audit_log').all());
    expect(everything).not.toContain(SECRET_ANSWER);
    expect(everything).not.toContain(SECRET_UPDATE);
    expect(everything).not.toContain('Quarantine for flaky tests');
  });

  it('records admin page changes with the user e-mail, and a token.create with the id but never the token', async () => {
    const session = await loginSession(srv.base, deps, 'admin');
    const csrf = session.csrfFrom((await session.get('/admin/teams')).text);
    expect((await session.postForm('/admin/teams', { key: 'core', name: 'Core', parent: '' }, csrf)).status).toBe(200);
    expect(lastRow()).toMatchObject({
      actor: session.email,
      actor_kind: 'session',
      action: 'team.upsert',
      target: 'core',
    });

    const before = rows().length;
    const refused = await session.postForm('/admin/teams', { key: 'bad key!', name: 'x', parent: '' }, csrf);
    expect(refused.status).toBe(422);
    expect(rows().length).toBe(before);

    const made = await session.postForm('/admin/tokens', { name: 'ci', role: 'ingest' }, csrf);
    expect(made.status).toBe(200);
    const plain = /chorus_ingest_[\w-]+/.exec(made.text)![0];
    const entry = lastRow()!;
    expect(entry).toMatchObject({ action: 'token.create', target: expect.stringMatching(/^token:\d+$/) });
    expect(JSON.parse(entry.details)).toEqual({ name: 'ci', role: 'ingest' });
    expect(JSON.stringify(rows())).not.toContain(plain);

    const settings = await session.postForm('/admin/slack/settings', { announce_channel: '#devex' }, csrf);
    expect(settings.status).toBe(200);
    expect(lastRow()).toMatchObject({ action: 'slack.settings' });
    expect(JSON.parse(lastRow()!.details)).toEqual({ announce_channel: '#devex' });
  });

  it('records CSV exports by anyone signed in, with the filters but not the figures', async () => {
    const viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
    const csv = await viewer.get('/api/v1/themes?format=csv&from=2026-01-01');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(lastRow()).toMatchObject({ action: 'export.csv', target: '/api/v1/themes', actor_role: 'viewer' });
    expect(JSON.parse(lastRow()!.details)).toEqual({ route: '/api/v1/themes', from: '2026-01-01' });

    const before = rows().length;
    expect((await viewer.get('/api/v1/themes?from=2026-01-01')).status).toBe(200);
    expect(rows().length).toBe(before);
  });

  it('answers GET /api/v1/audit to admins only, filtered, as JSON and CSV', async () => {
    const viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
    expect((await viewer.get('/api/v1/audit')).status).toBe(403);
    const viewerSession = await loginSession(srv.base, deps, 'viewer');
    expect((await viewerSession.get('/admin/audit')).status).toBe(403);

    const all = await admin.get('/api/v1/audit');
    expect(all.status).toBe(200);
    expect(all.json.entries.length).toBeGreaterThan(5);
    for (const e of all.json.entries)
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['at', 'actor', 'action', 'target', 'details']));
    const times = all.json.entries.map((e: { at: string }) => e.at);
    expect([...times].sort().reverse()).toEqual(times);

    const mine = await admin.get(`/api/v1/audit?actor=token:${adminTokenId}&action=theme`);
    expect(mine.json.entries.map((e: { action: string }) => e.action).sort()).toEqual([
      'theme.status',
      'theme.update',
      'theme.update',
    ]);
    const exact = await admin.get('/api/v1/audit?action=theme.status');
    expect(exact.json.entries).toHaveLength(1);
    const none = await admin.get('/api/v1/audit?from=2000-01-01&to=2000-01-02');
    expect(none.json.entries).toEqual([]);

    const csv = await admin.get('/api/v1/audit?action=team.upsert&format=csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text.split('\n')[0]).toBe('at,actor,actor_kind,actor_role,action,target,details,ip');
    expect(csv.text).toContain('team.upsert');
    expect(csv.text).not.toContain('survey.update');
  });

  it('names each bad filter in a 422', async () => {
    const bad = await admin.get('/api/v1/audit?from=yesterday&action=Survey%20Update&limit=0');
    expect(bad.status).toBe(422);
    expect(bad.json.error.code).toBe('validation_failed');
    expect(bad.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['action', 'from', 'limit']);
    const twice = await admin.get('/api/v1/audit?actor=a&actor=b');
    expect(twice.status).toBe(422);
    expect(twice.json.error.details[0].field).toBe('actor');
    const backwards = await admin.get('/api/v1/audit?from=2026-03-02&to=2026-03-01');
    expect(backwards.json.error.details[0]).toEqual({ field: 'from', message: 'must be before to' });
  });

  it('offers no way to change or delete entries: no write route, and the database refuses', async () => {
    const writes = routeTable.filter((r) => r.path.includes('audit') && r.method !== 'get');
    expect(writes).toEqual([]);
    expect((await admin.del('/api/v1/audit')).status).toBe(404);
    expect(() => deps.db.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow(/append-only/);
    expect(() => deps.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(rows().length).toBeGreaterThan(0);
  });

  it('gives every admin or analyst change in the route table a named action', () => {
    const unnamed = routeTable
      .filter((r) => r.method !== 'get' && ['api:admin', 'page:admin', 'page:analyst'].includes(r.policy))
      .map((r) => `${r.method.toUpperCase()} ${r.path}`)
      .filter((name) => !auditActions[name]);
    expect(unnamed).toEqual([]);
  });

  it('shows the log on /admin/audit with filters and pages, and field errors for bad filters', async () => {
    const session = await loginSession(srv.base, deps, 'admin');
    // Handlebars escapes '=' and '&' in attributes; browsers read them back the same.
    const html = (text: string) => text.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
    const page = await session.get('/admin/audit?action=team.upsert');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<code>team.upsert</code>');
    expect(page.text).not.toContain('<code>survey.update</code>');
    expect(html(page.text)).toContain('href="/api/v1/audit?action=team.upsert&format=csv&limit=10000"');

    const insert = deps.db.prepare(
      `INSERT INTO audit_log (at, actor, actor_kind, actor_role, action, target, details, ip)
       VALUES (?, 'bulk@example.com', 'session', 'admin', 'window.create', ?, '{}', '127.0.0.1')`,
    );
    for (let i = 0; i < 60; i++) insert.run(`2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`, `w${i}`);
    const first = await session.get('/admin/audit?actor=bulk@example.com');
    expect(first.text).toContain('page 1 of 2');
    expect(first.text).toContain('>w59<');
    expect(first.text).not.toContain('>w5<');
    expect(html(first.text)).toContain('href="/admin/audit?actor=bulk%40example.com&page=2"');
    const second = await session.get('/admin/audit?actor=bulk@example.com&page=2');
    expect(second.text).toContain('>w5<');
    expect(second.text).not.toContain('>w59<');

    const bad = await session.get('/admin/audit?from=soon');
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/field--error[\s\S]*must be an ISO date/);

    const hub = await session.get('/admin');
    expect(hub.text).toContain('href="/admin/audit"');
  });
});
