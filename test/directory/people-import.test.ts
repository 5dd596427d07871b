import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { Deps } from '../../src/deps.js';
import { listPeople, upsertTeams } from '../../src/directory/directory.service.js';
import { makeDeps } from '../helpers/deps.js';
import { unescapeHtml } from '../helpers/html-form.js';
import { loginSession, startServer, type TestServer } from '../helpers/server.js';

let deps: Deps;
let srv: TestServer;
let admin: Awaited<ReturnType<typeof loginSession>>;

beforeAll(async () => {
  deps = makeDeps();
  upsertTeams(deps, {
    teams: [
      { key: 'payments', name: 'Payments' },
      { key: 'ops', name: 'Operations' },
    ],
  });
  srv = await startServer(deps);
  admin = await loginSession(srv.base, deps, 'admin');
});
afterAll(() => srv.close());

async function importCsv(csv: string) {
  const page = await admin.get('/admin/people');
  const res = await admin.postForm('/admin/people/import', { csv }, admin.csrfFrom(page.text));
  return { ...res, text: unescapeHtml(res.text) };
}
const emails = () => listPeople(deps).map((p) => p.email);

const BAD = [
  'email,name,team,slack_user_id,active',
  'ada@acme.example,Ada,payments,,true',
  'not-an-email,Bob,payments,,',
  '',
  'cy@acme.example,Cy,nowhere,U0CY,maybe',
].join('\n');

describe('people CSV import on /admin/people', () => {
  it('offers the import form to admins only', async () => {
    const page = await admin.get('/admin/people');
    expect(page.text).toMatch(/<form method="post" action="\/admin\/people\/import"/);
    expect(page.text).toMatch(/<textarea id="csv" name="csv"/);
    const viewer = await loginSession(srv.base, deps, 'viewer');
    const csrf = viewer.csrfFrom((await viewer.get('/surveys')).text);
    expect((await viewer.postForm('/admin/people/import', { csv: 'email,name,team' }, csrf)).status).toBe(403);
  });

  it('stores nothing when any row is bad and names every problem by line, like the CLI', async () => {
    const res = await importCsv(BAD);
    expect(res.status).toBe(422);
    expect(res.text).toContain('2 problems: nothing was imported.');
    expect(res.text).toMatch(/Line 3 \(person 2\): <code>email<\/code> must be an e-mail address/);
    expect(res.text).toMatch(/Line 5 \(person 3\): <code>active<\/code> must be true or false/);
    // The pasted text stays for correcting.
    expect(res.text).toContain('not-an-email,Bob,payments,,');
    expect(emails()).toEqual([]);

    // The CLI refuses the same file with the same messages.
    const dir = mkdtempSync(join(tmpdir(), 'chorus-people-'));
    writeFileSync(join(dir, 'people.csv'), BAD);
    const errors: string[] = [];
    const code = await runCli(
      ['import', 'people', join(dir, 'people.csv')],
      { log: () => {}, error: (s) => errors.push(s) },
      deps,
    );
    expect(code).toBe(1);
    expect(errors.join('\n')).toMatch(/record 2: email: must be an e-mail address/);
    expect(errors.join('\n')).toMatch(/record 3: active: must be true or false/);
    expect(emails()).toEqual([]);

    // Rows that parse but point at an unknown team: refused by the same service check.
    const unknownTeam = await importCsv('email,name,team\nada@acme.example,Ada,payments\ncy@acme.example,Cy,nowhere\n');
    expect(unknownTeam.status).toBe(422);
    expect(unknownTeam.text).toMatch(/Line 3 \(person 2\): <code>team<\/code> unknown team key "nowhere"/);
    expect(emails()).toEqual([]);
  });

  it('refuses a header without the required columns and malformed CSV, naming them', async () => {
    const noTeam = await importCsv('email,name\nada@acme.example,Ada\n');
    expect(noTeam.status).toBe(422);
    expect(noTeam.text).toContain('the header row must name the columns email, name and team (missing: team)');
    const ragged = await importCsv('email,name,team\nada@acme.example,Ada,payments\nbob@acme.example,Bob\n');
    expect(ragged.status).toBe(422);
    expect(ragged.text).toMatch(/The CSV could not be read\.[\s\S]*line 3/i);
    const empty = await importCsv('   ');
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Paste the CSV first.');
    expect(emails()).toEqual([]);
  });

  it('imports every row when all are good, updating people who exist', async () => {
    const csv = [
      'email,name,team,slack_user_id,active',
      'ada@acme.example,Ada Lovelace,payments,U0ADA,true',
      '"bob@acme.example","Bob, Jr.",ops,,',
      'cy@acme.example,Cy,ops,,false',
    ].join('\r\n');
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Imported 3 people: 3 new, 0 updated.');
    const people = Object.fromEntries(listPeople(deps).map((p) => [p.email, p]));
    expect(people['ada@acme.example']).toMatchObject({
      name: 'Ada Lovelace',
      teamKey: 'payments',
      slackUserId: 'U0ADA',
      active: true,
    });
    expect(people['bob@acme.example']).toMatchObject({ name: 'Bob, Jr.', teamKey: 'ops', active: true });
    expect(people['cy@acme.example']).toMatchObject({ active: false });

    const again = await importCsv('email,name,team\nada@acme.example,Ada King,ops\n');
    expect(again.text).toContain('Imported 1 person: 0 new, 1 updated.');
    expect(listPeople(deps).find((p) => p.email === 'ada@acme.example')).toMatchObject({
      name: 'Ada King',
      teamKey: 'ops',
    });
    const audit = deps.db
      .prepare("SELECT details FROM audit_log WHERE action = 'person.import' ORDER BY id")
      .pluck()
      .all() as string[];
    expect(audit).toHaveLength(2);
    expect(audit.join(' ')).not.toContain('acme.example');
  });

  it('shows the Slack sync button disabled, with the reason, when Slack is off', async () => {
    const page = await admin.get('/admin/slack');
    expect(page.text).toMatch(
      /<button class="button" type="submit" disabled aria-describedby="sync-off">Sync directory from Slack<\/button>/,
    );
    expect(page.text).toMatch(/id="sync-off"[^>]*>Unavailable while Slack is off/);
  });
});
