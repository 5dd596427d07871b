import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { leadershipReport } from '../src/reports/leadership.report.js';
import { orgReport } from '../src/reports/org.report.js';
import { teamSummary } from '../src/reports/team.report.js';
import { themesReport } from '../src/themes/themes.service.js';
import { openWorkspace } from '../src/workspace.js';
import { CACHE_DIR, ensureDataset } from './generate.js';
import { profileByName } from './profiles.js';

/**
 * Query-plan audit: runs the report builders in-process on a generated profile, records every SQL
 * statement they execute (with its arguments and total time), and prints EXPLAIN QUERY PLAN for
 * the slowest ones, flagging full scans and temporary b-trees.
 * `tsx bench/plans.ts [profile] [team-key]`
 */
const profile = profileByName(process.argv[2] ?? 'small');
const { path } = ensureDataset(profile, console.error);
const work = join(CACHE_DIR, `plans-${profile.name}.sqlite`);
for (const s of ['', '-wal', '-shm']) rmSync(work + s, { force: true });
copyFileSync(path, work);
const deps = openWorkspace(loadConfig({ CHORUS_DB: work, LOG_LEVEL: 'silent' }), { log: createLogger('silent') });

interface Seen {
  sql: string;
  args: unknown[];
  ms: number;
  calls: number;
}
const seen = new Map<string, Seen>();
const prepare = deps.db.prepare.bind(deps.db);
(deps.db as { prepare: unknown }).prepare = (sql: string) => {
  const stmt = prepare(sql);
  const wrap = (method: 'all' | 'get' | 'run' | 'iterate') => {
    const original = (stmt[method] as (...a: unknown[]) => unknown).bind(stmt);
    (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const t = performance.now();
      const out = original(...args);
      const entry = seen.get(sql) ?? { sql, args, ms: 0, calls: 0 };
      entry.ms += performance.now() - t;
      entry.calls++;
      seen.set(sql, entry);
      return out;
    };
  };
  for (const m of ['all', 'get', 'run', 'iterate'] as const) wrap(m);
  return stmt;
};

const end = Date.parse(profile.endsAt);
const w = { from: new Date(end - 90 * 86_400_000).toISOString(), to: new Date(end).toISOString(), days: 90 };
const team =
  process.argv[3] ||
  (deps.db
    .prepare('SELECT t.key FROM teams t JOIN people p ON p.team_id = t.id GROUP BY t.id ORDER BY COUNT(*) DESC LIMIT 1')
    .pluck()
    .get() as string);
const timed = (name: string, fn: () => unknown) => {
  const t = performance.now();
  const cpu = process.cpuUsage();
  fn();
  const used = process.cpuUsage(cpu);
  console.log(
    `${name}: ${(performance.now() - t).toFixed(1)} ms wall, ${((used.user + used.system) / 1000).toFixed(1)} ms CPU`,
  );
};
for (let round = 0; round < 2; round++) {
  if (round === 1) seen.clear();
  timed('team summary', () => teamSummary(deps, team, w));
  timed('org report', () => orgReport(deps, w));
  timed('themes', () => themesReport(deps, { from: w.from, to: w.to }));
  timed('leadership', () => leadershipReport(deps, w));
}

const top = [...seen.values()].sort((a, b) => b.ms - a.ms).slice(0, Number(process.argv[4] ?? 15));
for (const s of top) {
  const plan = (prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...(s.args as never[])) as Array<{ detail: string }>).map(
    (r) => r.detail,
  );
  const flags = plan.filter((d) => /^SCAN (?!json_each|CONSTANT)/.test(d) || d.includes('TEMP B-TREE'));
  console.log(
    `\n${s.ms.toFixed(1)} ms in ${s.calls} calls${flags.length ? `  ⚠ ${flags.join('; ')}` : ''}\n  ${s.sql.replace(/\s+/g, ' ').slice(0, 400)}\n  plan: ${plan.join(' | ')}`,
  );
}
deps.db.close();
if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(0);
