import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { roleForToken } from '../../src/auth/auth.service.js';
import { checkLogin } from '../../src/auth/auth.service.js';
import { runCli } from '../../src/cli/main.js';
import { listPeople, listTeams } from '../../src/directory/directory.service.js';
import { makeDeps } from '../helpers/deps.js';

function capture() {
  const lines: string[] = [];
  const errors: string[] = [];
  return { out: { log: (s: string) => lines.push(s), error: (s: string) => errors.push(s) }, lines, errors };
}

describe('chorus CLI', () => {
  it('creates a token and prints it on the last line', async () => {
    const deps = makeDeps();
    const c = capture();
    expect(await runCli(['token', 'create', '--role', 'ingest'], c.out, deps)).toBe(0);
    expect(roleForToken(deps, c.lines.at(-1)!)).toBe('ingest');
    const bad = capture();
    expect(await runCli(['token', 'create', '--role', 'root'], bad.out, deps)).toBe(1);
    expect(bad.errors.join()).toMatch(/role/);
  });

  it('creates a web user that can log in', async () => {
    const deps = makeDeps();
    const c = capture();
    expect(
      await runCli(
        ['user', 'create', '--email', 'a@x.example', '--password', 'longenough', '--role', 'analyst'],
        c.out,
        deps,
      ),
    ).toBe(0);
    expect(checkLogin(deps, 'a@x.example', 'longenough')?.role).toBe('analyst');
  });

  it('imports teams from CSV and people from JSON, atomically per batch', async () => {
    const deps = makeDeps();
    const dir = mkdtempSync(join(tmpdir(), 'chorus-cli-'));
    writeFileSync(join(dir, 'teams.csv'), 'key,name,parent\neng,Engineering,\npay,Payments,eng\n');
    writeFileSync(
      join(dir, 'people.json'),
      JSON.stringify({ people: [{ email: 'A@X.example', name: 'A', team: 'pay' }] }),
    );
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify([
        { email: 'b@x.example', name: 'B', team: 'pay' },
        { email: 'c@x.example', name: 'C', team: 'nope' },
      ]),
    );
    const c = capture();
    expect(await runCli(['import', 'teams', join(dir, 'teams.csv')], c.out, deps)).toBe(0);
    expect(await runCli(['import', 'people', join(dir, 'people.json')], c.out, deps)).toBe(0);
    expect(listTeams(deps).find((t) => t.key === 'pay')?.parentKey).toBe('eng');
    expect(listPeople(deps).map((p) => p.email)).toEqual(['a@x.example']);
    const bad = capture();
    expect(await runCli(['import', 'people', join(dir, 'bad.json')], bad.out, deps)).toBe(1);
    expect(bad.errors.join('\n')).toMatch(/record 2: team: unknown team key "nope"/);
    expect(listPeople(deps)).toHaveLength(1);
  });

  it('backs up a live database to a file that opens with the same data', async () => {
    const deps = makeDeps();
    const dir = mkdtempSync(join(tmpdir(), 'chorus-bak-'));
    const c = capture();
    deps.db.prepare("INSERT INTO teams (key, name, created_at, updated_at) VALUES ('t', 'T', 'x', 'x')").run();
    expect(await runCli(['backup', join(dir, 'copy.sqlite')], c.out, deps)).toBe(0);
    const copy = new Database(join(dir, 'copy.sqlite'), { readonly: true });
    expect(copy.prepare('SELECT key FROM teams').pluck().all()).toEqual(['t']);
  });

  it('explains unknown commands', async () => {
    const c = capture();
    expect(await runCli(['frobnicate'], c.out, makeDeps())).toBe(2);
    expect(c.errors.join()).toMatch(/Unknown command/);
  });
});
