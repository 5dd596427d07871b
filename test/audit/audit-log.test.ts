import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordAudit, safeDetails } from '../../src/audit/audit.service.js';
import { runCli } from '../../src/cli/main.js';
import { makeDeps } from '../helpers/deps.js';

const silent = () => {
  const lines: string[] = [];
  return { lines, out: { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) } };
};
const entries = (deps: ReturnType<typeof makeDeps>) =>
  deps.db.prepare('SELECT actor, actor_kind, action, target, details, ip FROM audit_log ORDER BY id').all() as Array<{
    actor: string;
    actor_kind: string;
    action: string;
    target: string | null;
    details: string;
    ip: string | null;
  }>;

describe('audit log storage', () => {
  it('is append-only in the database itself', () => {
    const deps = makeDeps();
    recordAudit(deps, { actor: { name: 'a@example.com', kind: 'session', role: 'admin' }, action: 'survey.update' });
    expect(() => deps.db.prepare("UPDATE audit_log SET action = 'nothing'").run()).toThrow(
      /append-only: entries cannot be changed/,
    );
    expect(() => deps.db.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow(
      /append-only: entries cannot be deleted/,
    );
    expect(entries(deps)).toHaveLength(1);
    expect(entries(deps)[0].action).toBe('survey.update');
  });

  it('keeps answers, comments, free text and secrets out of details at any depth', () => {
    expect(
      safeDetails({
        team: 'payments',
        answers: { q1: 'my answer' },
        nested: { comment: 'free text', body: 'update body', keep: 3, deeper: { password: 'hunter2', ok: true } },
        list: Array.from({ length: 60 }, (_, i) => i),
        long: 'x'.repeat(500),
      }),
    ).toEqual({
      team: 'payments',
      nested: { keep: 3, deeper: { ok: true } },
      list: [...Array.from({ length: 50 }, (_, i) => i), '(+10 more)'],
      long: `${'x'.repeat(200)}…`,
    });
  });

  it('refuses an action that is not a dotted name', () => {
    const deps = makeDeps();
    expect(() => recordAudit(deps, { actor: { name: 'x', kind: 'cli', role: null }, action: 'Survey Update' })).toThrow(
      /dotted action name/,
    );
  });
});

describe('audit log from the CLI', () => {
  it('records token and user creation and imports as cli:<user>, never the token or password', async () => {
    const deps = makeDeps();
    const a = silent();
    expect(await runCli(['token', 'create', '--role', 'viewer', '--name', 'grafana'], a.out, deps)).toBe(0);
    const token = a.lines.at(-1)!;
    expect(
      await runCli(
        ['user', 'create', '--email', 'lea@example.com', '--password', 'long enough pw', '--role', 'analyst'],
        a.out,
        deps,
      ),
    ).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'chorus-audit-'));
    const file = join(dir, 'teams.json');
    writeFileSync(
      file,
      JSON.stringify({
        teams: [
          { key: 'core', name: 'Core' },
          { key: 'web', name: 'Web' },
        ],
      }),
    );
    expect(await runCli(['import', 'teams', file], a.out, deps)).toBe(0);

    const rows = entries(deps);
    expect(rows.map((r) => r.action)).toEqual(['token.create', 'user.create', 'import.teams']);
    for (const r of rows) {
      expect(r.actor).toMatch(/^cli:/);
      expect(r.actor_kind).toBe('cli');
      expect(r.ip).toBeNull();
    }
    expect(rows[0].target).toMatch(/^token:\d+$/);
    expect(JSON.parse(rows[0].details)).toEqual({ role: 'viewer', name: 'grafana' });
    expect(rows[1]).toMatchObject({ target: 'lea@example.com' });
    expect(JSON.parse(rows[2].details)).toEqual({ accepted: 2, duplicates: 0, complete: true });
    const all = JSON.stringify(rows);
    expect(all).not.toContain(token);
    expect(all).not.toContain('long enough pw');

    // A refused import changes nothing and records nothing.
    writeFileSync(file, JSON.stringify({ teams: [{ key: 'bad key!', name: '' }] }));
    expect(await runCli(['import', 'teams', file], a.out, deps)).toBe(1);
    expect(entries(deps)).toHaveLength(3);
  });
});
