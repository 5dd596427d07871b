import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiToken, createUser } from '../src/auth/auth.service.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { openWorkspace } from '../src/workspace.js';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open.js';
import { resolveTeamScope } from '../src/directory/directory.service.js';
import { runLinks, openRun } from '../src/surveys/runs.service.js';
import { startFakeSlack } from '../test/helpers/fake-slack.js';
import { CACHE_DIR, ensureDataset } from './generate.js';
import { apiClient, login } from './http.js';
import { stat, timeRuns } from './measure.js';
import type { Profile } from './profiles.js';
import {
  coldLatency,
  deploymentIngestion,
  groupByFloor,
  reportLatency,
  responseIngestion,
  type BenchContext,
} from './scenarios-data.js';
import { formSubmissions, slackAckLoad } from './scenarios-interactive.js';
import { evaluate, type BenchResults } from './targets.js';
import { startBenchServer } from './server-app.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const DAY = 86_400_000;

export interface BenchOptions {
  profile: Profile;
  /** 'child' (default): the server runs as its own process so its peak RSS is its own. */
  server?: 'child' | 'inprocess';
  log?: (msg: string) => void;
  /** Where the working copy of the database goes (default bench/.cache/work-<profile>.sqlite). */
  workPath?: string;
}

/** Peak and current resident set of a process, from /proc (Linux), in MB. */
function procMemory(pid: number): { peakMb: number; rssMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  } catch {
    return null;
  }
}

/** The node flags `npm start` runs the server with (its heap limit), so the bench measures the same runtime. */
function startFlags(): string[] {
  const scripts = (
    JSON.parse(readFileSync(join(BENCH_DIR, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  return scripts.start.split(/\s+/).filter((arg) => /^--max-[a-z-]+=\d+$/.test(arg));
}

async function startChild(
  dbPath: string,
  slackApi: string,
): Promise<{ child: ChildProcess; base: string; openMs: number; pid: number }> {
  const child = spawn(
    process.execPath,
    [...startFlags(), '--import', 'tsx', join(BENCH_DIR, 'server.ts'), dbPath, slackApi],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /READY (\{.*\})/.exec(out);
      if (line) resolve({ child, ...(JSON.parse(line[1]) as { base: string; openMs: number; pid: number }) });
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

/** Time to create an empty database and run every migration (median of 5). */
function migrationTimes() {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const path = join(CACHE_DIR, `migrate-${process.pid}.sqlite`);
    for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
    const t = performance.now();
    const db = openDatabase(path);
    migrate(db);
    runs.push(performance.now() - t);
    db.close();
    for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
  }
  return stat(runs);
}

/** Runs every measurement of a profile and returns the results with each target's verdict. */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const { profile } = options;
  const loadBefore = loadavg()[0];
  const log = options.log ?? (() => {});
  const dataset = ensureDataset(profile, log);
  const workPath = options.workPath ?? join(CACHE_DIR, `work-${profile.name}.sqlite`);
  for (const s of ['', '-wal', '-shm']) rmSync(workPath + s, { force: true });
  copyFileSync(dataset.path, workPath);
  log(`dataset ${dataset.path}${dataset.generated ? ` (generated in ${dataset.seconds.toFixed(0)} s)` : ' (cached)'}`);
  const migrations = migrationTimes();

  // Setup through the services themselves: tokens, a viewer account, an open pulse run with links.
  const setup = openWorkspace(loadConfig({ CHORUS_DB: workPath, LOG_LEVEL: 'silent' }), {
    log: createLogger('silent'),
  });
  const tokens = {
    admin: createApiToken(setup, { role: 'admin', name: 'bench' }).token,
    ingest: createApiToken(setup, { role: 'ingest', name: 'bench' }).token,
    viewer: createApiToken(setup, { role: 'viewer', name: 'bench' }).token,
  };
  createUser(setup, { email: 'bench-viewer@bench.example', password: 'bench viewer password', role: 'viewer' });
  const { runId } = openRun(setup, 'pulse', {
    opensAt: new Date(Date.now() - 60_000),
    closesAt: new Date(Date.now() + 5 * DAY),
  });
  const links = runLinks(setup, runId)
    .slice(0, profile.bench.formPosts + 1)
    .map((l) => l.url);
  const slackUser = setup.db
    .prepare('SELECT slack_user_id FROM people WHERE slack_user_id IS NOT NULL ORDER BY id LIMIT 1')
    .pluck()
    .get() as string;
  const teams = setup.db
    .prepare(
      `SELECT t.key, COUNT(p.id) AS n FROM teams t JOIN people p ON p.team_id = t.id GROUP BY t.id ORDER BY n, t.key`,
    )
    .all() as Array<{ key: string }>;
  const teamKey = teams[Math.floor(teams.length / 2)].key;
  const groupKey = setup.db
    .prepare('SELECT key FROM teams WHERE parent_id IS NULL ORDER BY id LIMIT 1')
    .pluck()
    .get() as string;
  const teamIds = resolveTeamScope(setup, teamKey).teamIds;
  setup.db.close();

  const fake = await startFakeSlack();
  let server: { base: string; openMs: number; pid: number; stop: () => Promise<void> };
  if ((options.server ?? 'child') === 'child') {
    const c = await startChild(workPath, fake.apiUrl);
    server = {
      ...c,
      stop: () =>
        new Promise((resolve) => {
          c.child.once('exit', () => resolve());
          c.child.kill('SIGTERM');
        }),
    };
  } else {
    const s = await startBenchServer({ dbPath: workPath, slackApiUrl: fake.apiUrl });
    server = { base: s.base, openMs: s.openMs, pid: process.pid, stop: s.close };
  }
  const db = openDatabase(workPath);
  // Resident set of the server sampled every 100 ms: which phase drives the peak.
  let phase = 'start';
  const rssByPhase: Record<string, number> = {};
  const sampler = setInterval(() => {
    const m = options.server === 'inprocess' ? { rssMb: process.memoryUsage().rss / 2 ** 20 } : procMemory(server.pid);
    if (m) rssByPhase[phase] = Math.max(rssByPhase[phase] ?? 0, Math.round(m.rssMb));
  }, 100);
  const endMs = Date.parse(profile.endsAt);
  const ctx: BenchContext = {
    profile,
    base: server.base,
    db,
    log,
    teamKey,
    groupKey,
    teamIds,
    admin: apiClient(server.base, tokens.admin),
    ingest: apiClient(server.base, tokens.ingest),
    viewer: apiClient(server.base, tokens.viewer),
    page: await login(server.base, 'bench-viewer@bench.example', 'bench viewer password'),
    window: { from: new Date(endMs - 90 * DAY).toISOString(), to: new Date(endMs).toISOString() },
  };
  try {
    const q = `from=${ctx.window.from}&to=${ctx.window.to}`;
    const html = async (path: string) => {
      const r = await ctx.page.get(path);
      if (r.status !== 200) throw new Error(`GET ${path} → ${r.status}`);
    };
    const reports: BenchResults['reports'] = {};
    const cold: BenchResults['cold'] = {};
    const measure = async (key: string, fn: () => Promise<unknown>) => {
      log(`report ${key}…`);
      phase = `report ${key}`;
      reports[key] = await reportLatency(ctx, fn);
      cold[key] = await coldLatency(ctx, fn);
    };
    await measure('team', () => ctx.viewer.get(`/api/v1/teams/${teamKey}/summary?${q}`));
    await measure('team_group', () => ctx.viewer.get(`/api/v1/teams/${groupKey}/summary?${q}`));
    await measure('org', () => ctx.viewer.get(`/api/v1/org?${q}`));
    await measure('org_page', () => html(`/?${q}`));
    await measure('themes', () => ctx.viewer.get(`/api/v1/themes?${q}`));
    await measure('leadership_json', () => ctx.viewer.get(`/api/v1/leadership?${q}`));
    await measure('leadership_page', () => html(`/leadership?${q}`));
    // The worst report a viewer may ask for: the longest window allowed (5 years, whole weeks for
    // people), cold. Report windows are refused past that span, so this bounds how long one request
    // can hold the event loop.
    const longest = `from=${new Date(endMs - 5 * 365 * DAY).toISOString()}&to=${ctx.window.to}`;
    const sessionJson = async (path: string) => {
      const r = await ctx.page.get(path);
      if (r.status !== 200) throw new Error(`GET ${path} → ${r.status}`);
    };
    phase = 'report longest window';
    log('report longest window…');
    cold.longest_results = await coldLatency(ctx, () => sessionJson(`/api/v1/surveys/pulse/results?${longest}`));
    cold.longest_themes = await coldLatency(ctx, () => sessionJson(`/api/v1/themes?${longest}`));
    const floors = { org: groupByFloor(ctx, null), team: groupByFloor(ctx, teamIds) };

    log('ingestion…');
    phase = 'ingestion';
    const deployments = await deploymentIngestion(ctx);
    const responses = await responseIngestion(ctx);
    log('web form…');
    phase = 'web form';
    const form = await formSubmissions(ctx, links.slice(1));
    log('Slack acknowledgements under load…');
    phase = 'slack';
    const slack = await slackAckLoad(ctx, slackUser, runId, fake.responseUrl);
    const memory =
      options.server === 'inprocess'
        ? { peakMb: process.memoryUsage().rss / 2 ** 20, rssMb: process.memoryUsage().rss / 2 ** 20 }
        : procMemory(server.pid);
    const open = stat(
      await timeRuns(
        3,
        () => {
          const d = openDatabase(workPath);
          d.prepare('SELECT COUNT(*) FROM teams').get();
          d.close();
        },
        1,
      ),
    );
    return evaluate(profile, {
      profile: profile.name,
      at: new Date().toISOString(),
      dataset: dataset.path,
      reports,
      cold,
      floors,
      deployments,
      responses,
      form,
      slack,
      memory: memory && { ...memory, byPhase: rssByPhase },
      migrations,
      open: { serverOpenMs: server.openMs, reopen: open },
      server: options.server ?? 'child',
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model ?? '',
        node: process.version,
        loadBefore,
        loadAfter: loadavg()[0],
      },
    });
  } finally {
    clearInterval(sampler);
    db.close();
    await server.stop();
    await fake.close();
  }
}

/** Writes the results as JSON (creating the folder). */
export function writeResults(path: string, results: BenchResults): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
