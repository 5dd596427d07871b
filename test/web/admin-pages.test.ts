import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { listTeams } from '../../src/directory/directory.service.js';
import { makeDeps } from '../helpers/deps.js';
import { loginSession, startServer, type TestServer } from '../helpers/server.js';

let deps: Deps;
let srv: TestServer;
beforeAll(async () => {
  deps = makeDeps();
  srv = await startServer(deps);
});
afterAll(() => srv.close());

describe('admin pages', () => {
  it('say Slack is off when no Slack variables are set', async () => {
    const admin = await loginSession(srv.base, deps, 'admin');
    const page = await admin.get('/admin');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Slack is off');
  });

  it('add a team from the form and show field errors with the input kept', async () => {
    const admin = await loginSession(srv.base, deps, 'admin');
    const page = await admin.get('/admin/teams');
    const csrf = admin.csrfFrom(page.text);
    const ok = await admin.postForm('/admin/teams', { key: 'eng', name: 'Engineering', parent: '' }, csrf);
    expect(ok.status).toBe(200);
    expect(listTeams(deps).map((t) => t.key)).toEqual(['eng']);
    const bad = await admin.postForm('/admin/teams', { key: 'bad key!', name: 'Kept name', parent: '' }, csrf);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('may only contain letters');
    expect(bad.text).toContain('value="Kept name"');
    expect(listTeams(deps)).toHaveLength(1);
  });

  it('show a new API token once and never store it in plain text', async () => {
    const admin = await loginSession(srv.base, deps, 'admin');
    const csrf = admin.csrfFrom((await admin.get('/admin/access')).text);
    const res = await admin.postForm('/admin/tokens', { name: 'ci', role: 'ingest' }, csrf);
    const token = /<code class="token">([^<]+)<\/code>/.exec(res.text)![1];
    expect(token).toMatch(/^chorus_ingest_/);
    const stored = deps.db.prepare('SELECT token_hash FROM api_tokens').pluck().all() as string[];
    expect(stored.join()).not.toContain(token);
    expect((await admin.get('/admin/access')).text).not.toContain(token);
  });

  it('refuse viewers', async () => {
    const viewer = await loginSession(srv.base, deps, 'viewer');
    expect((await viewer.get('/admin')).status).toBe(403);
  });
});
