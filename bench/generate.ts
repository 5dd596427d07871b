import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { migrate, MIGRATIONS_DIR } from '../src/db/migrate.js';
import { openDatabase, type Db } from '../src/db/open.js';
import type { Deps } from '../src/deps.js';
import { createLogger } from '../src/log.js';
import { resolveKeys } from '../src/settings/secret.js';
import { readSetting, writeSetting } from '../src/settings/settings.repo.js';
import { syncCommentTags } from '../src/themes/taxonomy.service.js';
import { deriveDelivery, generateDelivery } from './generate-delivery.js';
import {
  definePulse,
  generateDirectory,
  generateFrictionReports,
  generateSurveys,
  storeAttributes,
  type PulseDefinition,
} from './generate-org.js';
import { profileByName, type Profile } from './profiles.js';
import { Rng } from './rng.js';

/** Bump when the generated data changes shape, so cached databases are rebuilt. */
export const GENERATOR_VERSION = 2;

const BENCH_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)));
export const CACHE_DIR = join(BENCH_DIR, '.cache');

/** Row counts and checksums of a generated database (also how determinism is tested). */
export type DatasetSummary = Record<string, number | string>;

const SUMMARY_SQL: Record<string, string> = {
  teams: 'SELECT COUNT(*) FROM teams',
  people: 'SELECT COUNT(*) FROM people',
  services: 'SELECT COUNT(*) FROM services',
  runs: 'SELECT COUNT(*) FROM runs',
  invitations: 'SELECT COUNT(*) FROM invitations',
  responses: 'SELECT COUNT(*) FROM responses',
  answers: 'SELECT COUNT(*) FROM answers',
  comments: "SELECT COUNT(*) FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.type = 'text'",
  friction_reports: 'SELECT COUNT(*) FROM friction_reports',
  response_attributes: 'SELECT COUNT(*) FROM response_attributes',
  attributes_sum: 'SELECT TOTAL(length(attributes) * id) + TOTAL(julianday(start_date)) FROM people',
  deployments: 'SELECT COUNT(*) FROM deployments',
  commits: 'SELECT COUNT(*) FROM commits',
  deployment_commits: 'SELECT COUNT(*) FROM deployment_commits',
  incidents: 'SELECT COUNT(*) FROM incidents',
  costs: 'SELECT COUNT(*) FROM costs',
  theme_comments: 'SELECT COUNT(*) FROM theme_comments',
  theme_comment_tags: 'SELECT COUNT(*) FROM theme_comment_tags',
  answers_sum: 'SELECT TOTAL(value_num) + TOTAL(length(value_text)) FROM answers',
  failed_deployments: "SELECT COUNT(*) FROM deployments WHERE status <> 'success'",
  rework: 'SELECT SUM(rework) FROM deployments',
  caused_incident: 'SELECT SUM(caused_incident) FROM deployments',
  lead_hours_sum: 'SELECT ROUND(TOTAL(lead_hours), 3) FROM commits',
  first_deployed: 'SELECT COUNT(first_deployment_id) FROM commits',
  cost_sum: 'SELECT ROUND(TOTAL(cost), 2) FROM costs',
};

/** Counts and checksums of the tables the generator fills, plus a digest of them all. */
export function datasetSummary(db: Db): DatasetSummary {
  const out: DatasetSummary = {};
  for (const [key, sql] of Object.entries(SUMMARY_SQL)) out[key] = Number(db.prepare(sql).pluck().get() ?? 0);
  const respondents = db.prepare('SELECT respondent FROM responses ORDER BY id LIMIT 1000').pluck().all().join('|');
  out.digest = createHash('sha256')
    .update(JSON.stringify(out) + respondents)
    .digest('hex')
    .slice(0, 16);
  return out;
}

/**
 * Generates the synthetic org into a fresh, migrated database file at `path`: directory, the
 * weekly pulse with runs, invitations, responses and comments, friction reports, deployments with
 * commits, incidents and daily cost. Deterministic for a profile (its seed). Returns the summary.
 */
export function generate(profile: Profile, path: string, log: (msg: string) => void = () => {}): DatasetSummary {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const db = openDatabase(path);
  // Bulk load: no fsync and a big page cache (the file stays in WAL mode, as the server opens it).
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576');
  // Raw rows go into the base schema; the later migrations then build their derived tables from
  // them (answer counts, counters) with their own backfill, exactly as an upgrade of a populated
  // database would, instead of firing a trigger per row of millions.
  const migrations = migrationHashes();
  migrateThrough(db, BASE_MIGRATION);
  const secret = createHash('sha256').update(`secret:${profile.seed}`).digest('hex');
  const clock = new Date(profile.endsAt);
  writeSetting(db, 'server_secret', secret, clock);
  // The server keeps reading the stored secret; the generated rows use its per-purpose keys.
  const { keys } = resolveKeys(db, undefined, clock);
  const deps: Deps = {
    db,
    keys,
    now: () => clock,
    log: createLogger('silent'),
    config: loadConfig({ CHORUS_DB: path, LOG_LEVEL: 'silent', CHORUS_SECRET: secret }),
  };
  const rng = new Rng(profile.seed);
  const step = (name: string, fn: () => void) => {
    const t = performance.now();
    fn();
    log(`  ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  // The survey service needs the complete schema: the pulse is defined in a fully migrated scratch
  // database and its rows are copied over, the columns of later migrations once they have run.
  const scratchDir = mkdtempSync(join(tmpdir(), 'chorus-bench-pulse-'));
  const scratch = openDatabase(join(scratchDir, 'pulse.sqlite'));
  try {
    let org!: ReturnType<typeof generateDirectory>;
    let pulse!: PulseDefinition;
    let baseColumns!: Map<string, string[]>;
    step('directory', () => {
      migrate(scratch);
      pulse = definePulse({ ...deps, db: scratch });
      baseColumns = copyDefinition(scratch, db, pulse.survey.id);
      org = generateDirectory(deps, profile, rng);
    });
    step('surveys', () => generateSurveys(deps, profile, rng, org, pulse));
    step('friction reports', () => generateFrictionReports(deps, profile, rng, org));
    step('delivery', () => generateDelivery(deps, profile, rng, org));
    step('later migrations', () => {
      migrate(db);
      completeDefinition(scratch, db, pulse.survey.id, baseColumns);
    });
    step('attributes and snapshots', () => storeAttributes(deps, profile, org));
    step('incident links and rework', () => deriveDelivery(deps));
    step('theme tags', () => syncCommentTags(deps));
  } finally {
    scratch.close();
    rmSync(scratchDir, { recursive: true, force: true });
  }
  const summary = datasetSummary(db);
  writeSetting(
    db,
    'bench_dataset',
    { profile: profile.name, generator: GENERATOR_VERSION, migrations, summary },
    clock,
  );
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return summary;
}

/** The last migration whose schema the raw generated rows are written into. */
export const BASE_MIGRATION = '0005_surveys.sql';

/** The rows the survey service writes for a survey's definition, by table. */
const DEFINITION_ROWS: Array<[table: string, where: string]> = [
  ['surveys', 'id = ?'],
  ['questions', 'id IN (SELECT question_id FROM survey_questions WHERE survey_id = ?)'],
  ['survey_questions', 'survey_id = ?'],
];

const columnsOf = (db: Db, table: string) =>
  db.prepare('SELECT name, pk FROM pragma_table_info(?) ORDER BY cid').all(table) as Array<{
    name: string;
    pk: number;
  }>;

/**
 * Copies survey `surveyId`'s definition from `from` (complete schema) into `to` (the base schema),
 * ids included, with the columns `to` has. Returns those columns by table (for completeDefinition).
 */
function copyDefinition(from: Db, to: Db, surveyId: number): Map<string, string[]> {
  const copied = new Map<string, string[]>();
  to.transaction(() => {
    for (const [table, where] of DEFINITION_ROWS) {
      const cols = columnsOf(to, table).map((c) => c.name);
      copied.set(table, cols);
      const insert = to.prepare(
        `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`,
      );
      for (const row of from.prepare(`SELECT ${cols.join(', ')} FROM ${table} WHERE ${where}`).all(surveyId))
        insert.run(row);
    }
  })();
  return copied;
}

/** After the later migrations: the columns they added to the copied definition, as `from` has them. */
function completeDefinition(from: Db, to: Db, surveyId: number, baseColumns: Map<string, string[]>): void {
  to.transaction(() => {
    for (const [table, where] of DEFINITION_ROWS) {
      const cols = columnsOf(to, table);
      const keys = cols.filter((c) => c.pk > 0).map((c) => c.name);
      const added = cols.filter((c) => c.pk === 0 && !baseColumns.get(table)!.includes(c.name)).map((c) => c.name);
      if (added.length === 0) continue;
      const update = to.prepare(
        `UPDATE ${table} SET ${added.map((c) => `${c} = @${c}`).join(', ')} WHERE ${keys.map((k) => `${k} = @${k}`).join(' AND ')}`,
      );
      for (const row of from
        .prepare(`SELECT ${[...keys, ...added].join(', ')} FROM ${table} WHERE ${where}`)
        .all(surveyId))
        update.run(row);
    }
  })();
}

/** Applies the migrations up to and including `last` (the rest stay pending for migrate()). */
function migrateThrough(db: Db, last: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'chorus-migrations-'));
  try {
    for (const f of readdirSync(MIGRATIONS_DIR).filter((x) => x.endsWith('.sql') && x <= last)) {
      copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f));
    }
    migrate(db, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** sha256 of every migration file, by name. */
function migrationHashes(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(MIGRATIONS_DIR)
    .filter((x) => x.endsWith('.sql'))
    .sort()) {
    out[f] = createHash('sha256')
      .update(readFileSync(join(MIGRATIONS_DIR, f)))
      .digest('hex');
  }
  return out;
}

/** What the generated rows depend on: the generator version, the profile and the data-making sources. */
function cacheKey(profile: Profile): string {
  const h = createHash('sha256').update(`${GENERATOR_VERSION}|${JSON.stringify({ ...profile, bench: undefined })}`);
  for (const f of ['generate-org.ts', 'generate-delivery.ts', 'phrases.ts', 'rng.ts'])
    h.update(f).update(readFileSync(join(BENCH_DIR, f)));
  return h.digest('hex').slice(0, 12);
}

interface StoredDataset {
  generator: number;
  migrations?: Record<string, string>;
}

/**
 * The cached database of a profile under bench/.cache/. Reused when the generator is unchanged
 * and every migration it was built with is unchanged; migrations added since are applied to it,
 * as an upgrade would. Otherwise (or when missing) it is generated again.
 */
export function ensureDataset(
  profile: Profile,
  log: (msg: string) => void = () => {},
): { path: string; generated: boolean; seconds: number } {
  mkdirSync(CACHE_DIR, { recursive: true });
  const path = join(CACHE_DIR, `${profile.name}-${cacheKey(profile)}.sqlite`);
  if (existsSync(path)) {
    const db = openDatabase(path);
    const stored = readSetting<StoredDataset>(db, 'bench_dataset');
    const current = migrationHashes();
    let ok =
      stored?.generator === GENERATOR_VERSION &&
      stored.migrations !== undefined &&
      Object.entries(stored.migrations).every(([name, hash]) => current[name] === hash);
    let applied: string[] = [];
    try {
      if (ok) applied = migrate(db);
    } catch (err) {
      ok = false;
      log(`cached ${profile.name} database does not migrate (${(err as Error).message}); generating again`);
    }
    if (ok && applied.length) {
      writeSetting(db, 'bench_dataset', { ...stored, migrations: current }, new Date(profile.endsAt));
      log(`applied ${applied.join(', ')} to the cached ${profile.name} database`);
    }
    db.close();
    if (ok) return { path, generated: false, seconds: 0 };
  }
  for (const f of readdirSync(CACHE_DIR))
    if (f.startsWith(`${profile.name}-`)) rmSync(join(CACHE_DIR, f), { force: true });
  log(`generating the ${profile.name} profile into ${path}`);
  const t = performance.now();
  const tmp = `${path}.tmp`;
  generate(profile, tmp, log);
  renameSync(tmp, path);
  return { path, generated: true, seconds: (performance.now() - t) / 1000 };
}

// `tsx bench/generate.ts <profile> [path]` generates without benchmarking.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const profile = profileByName(process.argv[2] ?? 'small');
  const t = performance.now();
  const summary = process.argv[3]
    ? generate(profile, process.argv[3], console.log)
    : ensureDataset(profile, console.log);
  console.log(summary, `${((performance.now() - t) / 1000).toFixed(1)} s`);
}
