import { mkdtempSync, writeFileSync, copyFileSync, readdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, MigrationMismatchError, MIGRATIONS_DIR } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open.js';

describe('migrate', () => {
  it('applies every migration once, in order, and records it', () => {
    const db = openDatabase(':memory:');
    const first = migrate(db);
    expect(first.length).toBeGreaterThan(0);
    expect(first).toEqual([...first].sort());
    expect(migrate(db)).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('refuses to start when the applied list is not a prefix of the files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chorus-mig-'));
    for (const f of readdirSync(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f));
    writeFileSync(join(dir, '9000_extra.sql'), 'CREATE TABLE extra (id INTEGER);');
    const db = openDatabase(':memory:');
    migrate(db, dir);
    unlinkSync(join(dir, '9000_extra.sql'));
    writeFileSync(join(dir, '9001_other.sql'), 'CREATE TABLE other (id INTEGER);');
    expect(() => migrate(db, dir)).toThrow(MigrationMismatchError);
  });

  it('rolls a failing migration back whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chorus-mig-'));
    writeFileSync(join(dir, '0001_ok.sql'), 'CREATE TABLE a (id INTEGER);');
    writeFileSync(join(dir, '0002_bad.sql'), 'CREATE TABLE b (id INTEGER); INSERT INTO nope VALUES (1);');
    const db = openDatabase(':memory:');
    expect(() => migrate(db, dir)).toThrow();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all();
    expect(tables).toContain('a');
    expect(tables).not.toContain('b');
    expect(db.prepare('SELECT name FROM schema_migrations').pluck().all()).toEqual(['0001_ok.sql']);
  });
});
