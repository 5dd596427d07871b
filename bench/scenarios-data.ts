import type { Db } from '../src/db/open.js';
import type { apiClient, browser } from './http.js';
import { stat, timeRuns, type Stat } from './measure.js';
import type { Profile } from './profiles.js';
import { Rng } from './rng.js';

/** What every scenario gets: the running server, clients, and a direct connection for the floors. */
export interface BenchContext {
  profile: Profile;
  base: string;
  admin: ReturnType<typeof apiClient>;
  ingest: ReturnType<typeof apiClient>;
  viewer: ReturnType<typeof apiClient>;
  page: ReturnType<typeof browser>;
  db: Db;
  window: { from: string; to: string };
  teamKey: string;
  groupKey: string;
  teamIds: number[];
  log: (msg: string) => void;
}

const HOUR = 3_600_000;

/** A deployment as the API takes it: a known service, 1–4 new commits. */
function deploymentItem(rng: Rng, id: string, service: string, finishedMs: number) {
  const commits = Array.from({ length: rng.int(1, 4) }, (_, c) => ({
    sha: `${rng.hex(30)}${id.replace(/\W/g, '').slice(-8)}${c}`,
    committed_at: new Date(finishedMs - rng.int(1, 72) * HOUR).toISOString(),
  }));
  const roll = rng.next();
  return {
    id,
    service,
    finished_at: new Date(finishedMs).toISOString(),
    started_at: new Date(finishedMs - 10 * 60_000).toISOString(),
    status: roll < 0.08 ? 'failure' : roll < 0.1 ? 'rolled_back' : 'success',
    version: `${service}@${id}`,
    commits,
  };
}

/** A historical response as `POST /api/v1/surveys/pulse/responses` takes it. */
function responseItem(rng: Rng, email: string, team: string, submittedMs: number) {
  const likert = () => rng.int(1, 5);
  const answers: Record<string, unknown> = {
    build_and_test: likert(),
    deploy_ease: likert(),
    focus_time: likert(),
    code_review: likert(),
    hours_lost: rng.pick(['0', '<1', '1-2', '2-4', '4-8', '8+']),
    recommend: rng.int(0, 10),
  };
  if (rng.chance(0.3)) answers.friction = 'Waiting for a code review for two days and the build takes forever.';
  return { respondent: email, team, submitted_at: new Date(submittedMs).toISOString(), answers };
}

export interface IngestionResult {
  http: Stat;
  bare: Stat;
  ratio: number;
  rows: number;
}

/**
 * Deployments through `POST /api/v1/deployments` in batches (rows/s per batch) against the same
 * kind of rows written by a bare better-sqlite3 loop in one transaction (deployment, commits, links).
 */
export async function deploymentIngestion(ctx: BenchContext): Promise<IngestionResult> {
  const { batchSize, ingestBatches } = ctx.profile.bench;
  const services = ctx.db
    .prepare('SELECT s.name, s.id, s.team_id AS teamId FROM services s ORDER BY s.id')
    .all() as Array<{ name: string; id: number; teamId: number }>;
  const rng = new Rng(`${ctx.profile.seed}:ingest:${Date.now()}`);
  let t0 = Date.parse(ctx.profile.endsAt) + HOUR;
  const batch = (prefix: string) =>
    Array.from({ length: batchSize }, (_, i) =>
      deploymentItem(rng, `${prefix}-${i}`, rng.pick(services).name, (t0 += 7_000)),
    );

  const httpRates: number[] = [];
  for (let b = 0; b < ingestBatches; b++) {
    const body = { deployments: batch(`http-${Date.now()}-${b}`) };
    const t = performance.now();
    await ctx.ingest.post('/api/v1/deployments', body);
    httpRates.push(batchSize / ((performance.now() - t) / 1000));
  }

  const byName = new Map(services.map((s) => [s.name, s]));
  const insertDeployment = ctx.db
    .prepare(`INSERT INTO deployments (external_id, service_id, team_id, environment, status, version,
      started_at, finished_at, unplanned, source, created_at, updated_at) VALUES (?, ?, ?, 'production', ?, ?, ?, ?, 0, 'api', ?, ?)`);
  const insertCommit = ctx.db.prepare('INSERT INTO commits (sha, committed_at) VALUES (?, ?)');
  const insertLink = ctx.db.prepare('INSERT INTO deployment_commits (deployment_id, commit_id) VALUES (?, ?)');
  const bareRates: number[] = [];
  for (let r = 0; r < 3; r++) {
    const rows = Array.from({ length: ingestBatches }, (_, b) => batch(`bare-${Date.now()}-${r}-${b}`)).flat();
    const now = new Date().toISOString();
    const t = performance.now();
    ctx.db.transaction(() => {
      for (const d of rows) {
        const s = byName.get(d.service)!;
        const id = insertDeployment.run(
          d.id,
          s.id,
          s.teamId,
          d.status,
          d.version,
          d.started_at,
          d.finished_at,
          now,
          now,
        ).lastInsertRowid;
        for (const c of d.commits) insertLink.run(id, insertCommit.run(c.sha, c.committed_at).lastInsertRowid);
      }
    })();
    bareRates.push(rows.length / ((performance.now() - t) / 1000));
  }
  const http = stat(httpRates);
  const bare = stat(bareRates);
  return { http, bare, ratio: http.median / bare.median, rows: batchSize * ingestBatches };
}

/** Survey responses through the import API against a bare insert of responses and answers. */
export async function responseIngestion(ctx: BenchContext): Promise<IngestionResult> {
  const { batchSize, responseBatches } = ctx.profile.bench;
  const people = ctx.db
    .prepare(
      `SELECT p.email, t.key AS team, t.id AS teamId FROM people p JOIN teams t ON t.id = p.team_id ORDER BY p.id`,
    )
    .all() as Array<{ email: string; team: string; teamId: number }>;
  const rng = new Rng(`${ctx.profile.seed}:responses:${Date.now()}`);
  let t0 = Date.parse(ctx.profile.endsAt) - 400 * 24 * HOUR + Math.floor(rng.next() * 1000) * 1000;
  const batch = () =>
    Array.from({ length: batchSize }, () => {
      const p = rng.pick(people);
      return responseItem(rng, p.email, p.team, (t0 += 1_013));
    });
  const httpRates: number[] = [];
  for (let b = 0; b < responseBatches; b++) {
    const body = { responses: batch() };
    const t = performance.now();
    await ctx.admin.post('/api/v1/surveys/pulse/responses', body); // importing history needs the admin role
    httpRates.push(batchSize / ((performance.now() - t) / 1000));
  }

  const survey = ctx.db.prepare("SELECT id FROM surveys WHERE key = 'pulse'").pluck().get() as number;
  const qid = new Map(
    (
      ctx.db
        .prepare(
          'SELECT q.key, q.id FROM survey_questions sq JOIN questions q ON q.id = sq.question_id WHERE sq.survey_id = ?',
        )
        .all(survey) as Array<{ key: string; id: number }>
    ).map((q) => [q.key, q.id]),
  );
  const team = new Map(people.map((p) => [p.team, p.teamId]));
  const insertResponse = ctx.db
    .prepare(`INSERT INTO responses (survey_id, run_id, respondent, team_id, submitted_at, source, external_id, created_at, updated_at)
    VALUES (?, NULL, ?, ?, ?, 'import', ?, ?, ?)`);
  const insertAnswer = ctx.db.prepare(
    'INSERT INTO answers (response_id, question_id, value_num, value_text) VALUES (?, ?, ?, ?)',
  );
  const bareRates: number[] = [];
  for (let r = 0; r < 3; r++) {
    const rows = Array.from({ length: responseBatches }, batch).flat();
    const now = new Date().toISOString();
    const t = performance.now();
    ctx.db.transaction(() => {
      rows.forEach((row, i) => {
        const id = insertResponse.run(
          survey,
          `bare:${row.respondent}`,
          team.get(row.team),
          row.submitted_at,
          `bare-${now}-${i}`,
          now,
          now,
        ).lastInsertRowid;
        for (const [key, v] of Object.entries(row.answers)) {
          insertAnswer.run(id, qid.get(key), typeof v === 'number' ? v : null, typeof v === 'string' ? v : null);
        }
      });
    })();
    bareRates.push(rows.length / ((performance.now() - t) / 1000));
  }
  const http = stat(httpRates);
  const bare = stat(bareRates);
  return { http, bare, ratio: http.median / bare.median, rows: batchSize * responseBatches };
}

/** Report routes, warm: median/p95 of repeated calls (fewer repetitions when one call is slow). */
export async function reportLatency(ctx: BenchContext, fetchOnce: () => Promise<unknown>): Promise<Stat> {
  const t = performance.now();
  await fetchOnce();
  const first = performance.now() - t;
  const runs =
    first > 5_000 ? 3 : first > 1_000 ? Math.min(10, ctx.profile.bench.reportRuns) : ctx.profile.bench.reportRuns;
  return stat(await timeRuns(runs, fetchOnce, 1));
}

/**
 * The same route cold: right after a write to a report input (the data version is bumped, as any
 * ingested row would), so nothing cached can answer it. Three samples.
 */
export async function coldLatency(ctx: BenchContext, fetchOnce: () => Promise<unknown>): Promise<Stat> {
  const bump = ctx.db.prepare('UPDATE data_version SET version = version + 1 WHERE id = 1');
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    bump.run();
    const t = performance.now();
    await fetchOnce();
    runs.push(performance.now() - t);
  }
  return stat(runs);
}

/** The floor: a bare SQL GROUP BY over the same answers (question × value) in the window. */
export function groupByFloor(ctx: BenchContext, teamIds: number[] | null): Stat {
  const sql = `SELECT a.question_id, a.value_num, COUNT(*) AS n FROM responses r JOIN answers a ON a.response_id = r.id
    WHERE r.survey_id = (SELECT id FROM surveys WHERE key = 'pulse') AND r.submitted_at >= ? AND r.submitted_at < ?
    ${teamIds ? 'AND r.team_id IN (SELECT value FROM json_each(?))' : ''} GROUP BY a.question_id, a.value_num`;
  const q = ctx.db.prepare(sql);
  const args = teamIds ? [ctx.window.from, ctx.window.to, JSON.stringify(teamIds)] : [ctx.window.from, ctx.window.to];
  const runs: number[] = [];
  q.all(...args);
  for (let i = 0; i < ctx.profile.bench.reportRuns; i++) {
    const t = performance.now();
    q.all(...args);
    runs.push(performance.now() - t);
  }
  return stat(runs);
}
