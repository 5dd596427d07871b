import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_DIR, migrationFiles, migrationHash } from './migrate.js';

/**
 * The committed manifest of migration hashes: db/migrations/SHA256SUMS, one `<sha256>  <file>`
 * line per migration (the format `sha256sum` writes). A migration is locked once its line is
 * committed; from then on its file must never change, because databases that applied it would
 * not get the edit. `npm test` compares every file with its line (test/db/migrate.test.ts).
 */
export const MANIFEST_NAME = 'SHA256SUMS';

/** The command that adds new migrations to the manifest. */
const LOCK_COMMAND = 'npm run migrations:lock';

const LINE = /^([0-9a-f]{64}) {2}(\S+)$/;

/** The manifest's entries by file name (empty when there is no manifest). Throws on a malformed line. */
export function readManifest(dir = MIGRATIONS_DIR): Map<string, string> {
  const path = join(dir, MANIFEST_NAME);
  const entries = new Map<string, string>();
  if (!existsSync(path)) return entries;
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const m = LINE.exec(line.replace(/\r$/, ''));
      if (!m) throw new Error(`${MANIFEST_NAME} line ${i + 1} is not "<sha256>  <file>": ${JSON.stringify(line)}`);
      entries.set(m[2], m[1]);
    });
  return entries;
}

/** Each migration file's current hash, by name. */
function currentHashes(dir: string): Map<string, string> {
  return new Map(migrationFiles(dir).map((name) => [name, migrationHash(readFileSync(join(dir, name), 'utf8'))]));
}

/** One disagreement between the files and the manifest; `message` names the file and says what to do. */
export interface ManifestProblem {
  name: string;
  kind: 'new' | 'changed' | 'missing';
  message: string;
}

/** Compares the migration files with the manifest; an empty list means every file is locked and unchanged. */
export function checkManifest(dir = MIGRATIONS_DIR): ManifestProblem[] {
  const locked = readManifest(dir);
  const current = currentHashes(dir);
  const problems: ManifestProblem[] = [];
  const add = (name: string, kind: ManifestProblem['kind'], message: string) => problems.push({ name, kind, message });
  for (const [name, hash] of current) {
    const lockedHash = locked.get(name);
    if (lockedHash === undefined) {
      add(
        name,
        'new',
        `${name} is new and not in db/migrations/${MANIFEST_NAME}: run \`${LOCK_COMMAND}\` to add it, ` +
          'and commit SHA256SUMS with the migration.',
      );
    } else if (lockedHash !== hash) {
      add(
        name,
        'changed',
        `${name} differs from its entry in db/migrations/${MANIFEST_NAME}: a committed migration must never change ` +
          '(databases that applied it would not get the edit and refuse to start). Restore the file and put the ' +
          'change in a new migration.',
      );
    }
  }
  for (const name of locked.keys()) {
    if (!current.has(name)) {
      add(
        name,
        'missing',
        `${name} is in db/migrations/${MANIFEST_NAME} but the file is gone: applied migrations are never renamed or deleted.`,
      );
    }
  }
  return problems;
}

/**
 * Adds every migration file missing from the manifest, keeping existing lines as they are and the
 * file sorted by name. Never rewrites a locked line: if a locked file changed, it throws with the
 * problems instead. Returns the names added.
 */
export function lockNewMigrations(dir = MIGRATIONS_DIR): string[] {
  const locked = readManifest(dir);
  const current = currentHashes(dir);
  const changed = checkManifest(dir).filter((p) => p.kind !== 'new');
  if (changed.length) throw new Error(changed.map((p) => p.message).join('\n'));
  const added = [...current.keys()].filter((name) => !locked.has(name));
  if (!added.length) return [];
  const all = new Map([...locked, ...added.map((name): [string, string] => [name, current.get(name) ?? ''])]);
  const lines = [...all.keys()].sort().map((name) => `${all.get(name)}  ${name}`);
  writeFileSync(join(dir, MANIFEST_NAME), `${lines.join('\n')}\n`);
  return added;
}
