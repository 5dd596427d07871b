import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { checkManifest, lockNewMigrations, readManifest } from '../../src/db/migration-manifest.js';
import {
  migrate,
  migrationFiles,
  migrationHash,
  MigrationMismatchError,
  MIGRATIONS_DIR,
} from '../../src/db/migrate.js';
import { openDatabase, type Db } from '../../src/db/open.js';
import { openWorkspace } from '../../src/workspace.js';

/** A scratch copy of db/migrations (the .sql files and SHA256SUMS). */
function copyMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chorus-mig-'));
  for (const f of readdirSync(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f));
  return dir;
}

/** Migrates the way the runner did before hashes were recorded: name and time only. */
function migrateWithoutHashes(db: Db, dir: string): void {
  db.exec('CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  for (const name of migrationFiles(dir)) {
    db.transaction(() => {
      db.exec(readFileSync(join(dir, name), 'utf8'));
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(
        name,
        '2026-11-28T00:00:00.000Z',
      );
    })();
  }
}

const recorded = (db: Db) =>
  db.prepare('SELECT name, sha256 FROM schema_migrations ORDER BY name').all() as { name: string; sha256: string }[];

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
    const dir = copyMigrations();
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

  it('records the SHA-256 of each file it applies', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const rows = recorded(db);
    expect(rows.map((r) => r.name)).toEqual(migrationFiles());
    for (const row of rows) {
      expect(row.sha256).toBe(migrationHash(readFileSync(join(MIGRATIONS_DIR, row.name), 'utf8')));
    }
  });

  it('refuses to start, naming the file, when an applied migration was edited', () => {
    const dir = copyMigrations();
    const db = openDatabase(':memory:');
    migrate(db, dir);
    appendFileSync(join(dir, '0003_slack.sql'), '\nCREATE INDEX later_edit ON people (email);\n');
    expect(() => migrate(db, dir)).toThrow(MigrationMismatchError);
    expect(() => migrate(db, dir)).toThrow(/Migration 0003_slack\.sql has changed since this database applied it/);
    // Nothing of the edit ran, and the recorded hash is still the one that was applied.
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'later_edit'").get()).toBeUndefined();
    expect(recorded(db).find((r) => r.name === '0003_slack.sql')?.sha256).toBe(
      migrationHash(readFileSync(join(MIGRATIONS_DIR, '0003_slack.sql'), 'utf8')),
    );
  });

  it('treats a CRLF checkout of a file as the same file', () => {
    const dir = copyMigrations();
    const db = openDatabase(':memory:');
    migrate(db, dir);
    const file = join(dir, '0001_init.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    expect(migrate(db, dir)).toEqual([]);
  });

  it('upgrades a database from before hashes: records the current hash of every applied file, then checks it', () => {
    const dir = copyMigrations();
    const path = join(dir, 'old.sqlite');
    const old = openDatabase(path);
    migrateWithoutHashes(old, dir);
    old.close();

    const db = openDatabase(path);
    expect(migrate(db, dir)).toEqual([]);
    const rows = recorded(db);
    expect(rows.map((r) => r.name)).toEqual(migrationFiles(dir));
    for (const row of rows) expect(row.sha256).toBe(migrationHash(readFileSync(join(dir, row.name), 'utf8')));
    expect(db.prepare('SELECT applied_at FROM schema_migrations LIMIT 1').pluck().get()).toBe(
      '2026-11-28T00:00:00.000Z',
    );

    // A new migration applies on top and is recorded with its hash; the next start is a no-op.
    writeFileSync(join(dir, '9000_new.sql'), 'CREATE TABLE new_thing (id INTEGER);');
    expect(migrate(db, dir)).toEqual(['9000_new.sql']);
    expect(recorded(db).at(-1)).toEqual({
      name: '9000_new.sql',
      sha256: migrationHash('CREATE TABLE new_thing (id INTEGER);'),
    });
    expect(migrate(db, dir)).toEqual([]);
    db.close();

    // From now on an edit of an applied file is caught on this database too.
    appendFileSync(join(dir, '0002_delivery.sql'), '\n-- edited\n');
    const again = openDatabase(path);
    expect(() => migrate(again, dir)).toThrow(/0002_delivery\.sql/);
    again.close();
  });

  it('start-up (openWorkspace) stops with the file named when the database applied another version of it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'chorus-mig-')), 'chorus.sqlite');
    const config = loadConfig({ CHORUS_DB: path, LOG_LEVEL: 'silent' });
    openWorkspace(config).db.close();
    // The database ran an older text of 0005 (as when a committed migration is edited afterwards).
    const db = openDatabase(path);
    db.prepare('UPDATE schema_migrations SET sha256 = ? WHERE name = ?').run(
      migrationHash('-- older text'),
      '0005_surveys.sql',
    );
    db.close();
    expect(() => openWorkspace(config)).toThrow(
      /Migration 0005_surveys\.sql has changed since this database applied it/,
    );
  });

  it('npm start refuses to start and names the file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'chorus-mig-')), 'chorus.sqlite');
    openWorkspace(loadConfig({ CHORUS_DB: path, LOG_LEVEL: 'silent' })).db.close();
    const db = openDatabase(path);
    db.prepare('UPDATE schema_migrations SET sha256 = ? WHERE name = ?').run(
      migrationHash('-- older text'),
      '0002_delivery.sql',
    );
    db.close();
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, CHORUS_DB: path, PORT: '0', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Migration 0002_delivery.sql has changed since this database applied it');
  });
});

describe('migration manifest (db/migrations/SHA256SUMS)', () => {
  it('every committed migration matches its entry; a new one is added with `npm run migrations:lock`', () => {
    const problems = checkManifest().map((p) => p.message);
    // On failure this prints each file and what to do about it.
    expect(problems, problems.join('\n')).toEqual([]);
    expect([...readManifest().keys()]).toEqual(migrationFiles());
  });

  it('names an edited, a new and a deleted file, and says how to lock a new one', () => {
    const dir = copyMigrations();
    appendFileSync(join(dir, '0004_themes.sql'), '\n-- edited after commit\n');
    writeFileSync(join(dir, '9000_new.sql'), 'CREATE TABLE new_thing (id INTEGER);');
    unlinkSync(join(dir, '0001_init.sql'));
    const problems = checkManifest(dir);
    expect(problems.map((p) => [p.name, p.kind])).toEqual([
      ['0004_themes.sql', 'changed'],
      ['9000_new.sql', 'new'],
      ['0001_init.sql', 'missing'],
    ]);
    expect(problems[0].message).toMatch(/^0004_themes\.sql differs from its entry in db\/migrations\/SHA256SUMS/);
    expect(problems[1].message).toMatch(/^9000_new\.sql is new .* run `npm run migrations:lock`/);
    expect(problems[2].message).toMatch(/^0001_init\.sql is in db\/migrations\/SHA256SUMS but the file is gone/);
  });

  it('migrations:lock adds new files in order and never rewrites a locked line', () => {
    const dir = copyMigrations();
    const before = readFileSync(join(dir, 'SHA256SUMS'), 'utf8');
    writeFileSync(join(dir, '9001_b.sql'), 'CREATE TABLE b (id INTEGER);');
    writeFileSync(join(dir, '9000_a.sql'), 'CREATE TABLE a (id INTEGER);');
    expect(lockNewMigrations(dir)).toEqual(['9000_a.sql', '9001_b.sql']);
    const after = readFileSync(join(dir, 'SHA256SUMS'), 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toBe(
      `${migrationHash('CREATE TABLE a (id INTEGER);')}  9000_a.sql\n${migrationHash('CREATE TABLE b (id INTEGER);')}  9001_b.sql\n`,
    );
    expect(checkManifest(dir)).toEqual([]);
    expect(lockNewMigrations(dir)).toEqual([]);

    appendFileSync(join(dir, '0006_results.sql'), '\n-- edited\n');
    expect(() => lockNewMigrations(dir)).toThrow(/0006_results\.sql differs/);
    expect(readFileSync(join(dir, 'SHA256SUMS'), 'utf8')).toBe(after);
  });
});
