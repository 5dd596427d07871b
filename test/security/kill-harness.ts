import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keepAliveClient } from './fuzz/client.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** A port the OS just handed out (released again for the child to take). */
function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const probe = createServer();
    probe.once('error', rej);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => res(port));
    });
  });
}

/** A Chorus server running as a child process (`node --import tsx src/main.ts`). */
export interface ChildServer {
  base: string;
  port: number;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the real server on a random port over `dbPath` and waits until /healthz answers. */
export async function startChild(dbPath: string, env: Record<string, string> = {}): Promise<ChildServer> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        CHORUS_DB: dbPath,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        ...env,
      },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
      child.once('exit', (code, signal) => res({ code, signal })),
    );
    let gone = false;
    void exited.then(() => {
      gone = true;
    });
    const base = `http://127.0.0.1:${port}`;
    const until = Date.now() + 60_000;
    while (!gone && Date.now() < until) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) return { base, port, child, exited };
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!gone) {
      child.kill('SIGKILL');
      throw new Error(`server did not start within 60 s: ${stderr}`);
    }
    // LOG_LEVEL=silent hides "could not listen": an exit without a message is taken as a lost port race.
    if (stderr.trim() && !/EADDRINUSE/.test(stderr)) throw new Error(`server exited at startup: ${stderr}`);
  }
  throw new Error('no free port found');
}

type Kind = 'people' | 'responses' | 'deployments';

export interface KillReport {
  cycles: number;
  /** Items acknowledged with a 2xx, per kind. */
  acknowledged: Record<Kind, number>;
  /** Requests cut off by the kills (outcome unknown to the client; re-sent after restart). */
  inFlight: number;
  /** Acknowledged items not found, or found more than once, after restart: must be empty. */
  problems: string[];
  seconds: number;
}

const SURVEY = {
  key: 'kill',
  name: 'Kill test',
  questions: [
    { key: 'ease', text: 'Easy?', type: 'likert5' },
    { key: 'note', text: 'Anything?', type: 'text' },
  ],
};

/**
 * The kill test: streams people upserts, survey response imports and deployment batches at a real
 * server, SIGKILLs it at a random moment, restarts it, re-sends what was in flight (a client's
 * retry), and checks every acknowledged item is stored exactly once. `cycles` kill/restart rounds.
 */
export async function killTest(options: { cycles?: number; minMs?: number; maxMs?: number } = {}): Promise<KillReport> {
  const cycles = options.cycles ?? 3;
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'chorus-kill-'));
  const dbPath = join(dir, 'chorus.sqlite');
  const token = `kill-admin-${randomBytes(12).toString('hex')}`;
  const env = { CHORUS_API_TOKEN: token, CHORUS_SECRET: randomBytes(16).toString('hex') };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const acked: Record<Kind, Set<string>> = { people: new Set(), responses: new Set(), deployments: new Set() };
  const uncertain: Array<{ kind: Kind; path: string; body: string; ids: string[] }> = [];
  let seq = 0;
  let inFlight = 0;
  let server: ChildServer;
  try {
    server = await startChild(dbPath, env);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  try {
    let client = keepAliveClient(server.base);
    const setup = [
      ['/api/v1/teams', { teams: [{ key: 'kt', name: 'Kill team' }] }],
      ['/api/v1/services', { name: 'kill-svc', team: 'kt' }],
      ['/api/v1/surveys', SURVEY],
    ] as const;
    for (const [path, body] of setup) {
      const res = await client.send('POST', path, headers, JSON.stringify(body));
      if (res.status !== 200) throw new Error(`setup ${path}: ${res.status} ${res.text}`);
    }
    const makeRequest = (kind: Kind) => {
      const n = ++seq;
      if (kind === 'people') {
        const email = `p${n}@kill.example`;
        return {
          kind,
          path: '/api/v1/people',
          body: JSON.stringify({ email, name: `Person ${n}`, team: 'kt' }),
          ids: [email],
        };
      }
      if (kind === 'responses') {
        const id = `r${n}`;
        const body = {
          id,
          respondent: `resp-${n}`,
          team: 'kt',
          submitted_at: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
          answers: { ease: (n % 5) + 1, note: `note ${n}` },
        };
        return { kind, path: '/api/v1/surveys/kill/responses', body: JSON.stringify(body), ids: [id] };
      }
      const ids = Array.from({ length: 25 }, (_, i) => `d${n}-${i}`);
      const deployments = ids.map((id, i) => ({
        id,
        service: 'kill-svc',
        finished_at: new Date(Date.UTC(2026, 0, 1) + n * 60_000 + i).toISOString(),
      }));
      return { kind, path: '/api/v1/deployments', body: JSON.stringify({ deployments }), ids };
    };

    for (let cycle = 0; cycle < cycles; cycle++) {
      let killed = false;
      const writer = async (kind: Kind) => {
        while (!killed) {
          const req = makeRequest(kind);
          try {
            const res = await client.send('POST', req.path, headers, req.body);
            if (res.status >= 200 && res.status < 300) for (const id of req.ids) acked[kind].add(id);
            else throw new Error(`${req.path} answered ${res.status}: ${res.text.slice(0, 200)}`);
          } catch (err) {
            if (!killed) throw err;
            uncertain.push(req);
            inFlight++;
            return;
          }
        }
      };
      const writers = (['people', 'people', 'responses', 'responses', 'deployments', 'deployments'] as Kind[]).map(
        (k) => writer(k),
      );
      await new Promise((r) => setTimeout(r, randomInt(options.minMs ?? 150, options.maxMs ?? 1200)));
      killed = true;
      server.child.kill('SIGKILL');
      await server.exited;
      await Promise.all(writers);
      client.close();
      server = await startChild(dbPath, env);
      client = keepAliveClient(server.base);
      // The client never learnt the outcome of these: it retries them, as a real sender would.
      while (uncertain.length) {
        const req = uncertain.shift()!;
        const res = await client.send('POST', req.path, headers, req.body);
        if (res.status !== 200) throw new Error(`retry ${req.path}: ${res.status} ${res.text.slice(0, 200)}`);
        for (const id of req.ids) acked[req.kind].add(id);
      }
    }
    client.close();
    const problems = verifyStored(dbPath, acked);
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    if (exit.code !== 0) problems.push(`graceful stop exited with ${exit.code ?? exit.signal}`);
    return {
      cycles,
      acknowledged: { people: acked.people.size, responses: acked.responses.size, deployments: acked.deployments.size },
      inFlight,
      problems,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every acknowledged id exactly once, with complete answers, in an intact database. */
function verifyStored(dbPath: string, acked: Record<Kind, Set<string>>): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    const problems: string[] = [];
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const check = (kind: Kind, rows: Array<{ id: string; n: number }>) => {
      const counts = new Map(rows.map((r) => [r.id, r.n]));
      for (const id of acked[kind]) {
        const n = counts.get(id) ?? 0;
        if (n !== 1) problems.push(`${kind} ${id} stored ${n} times`);
      }
      for (const [id, n] of counts) if (n > 1) problems.push(`${kind} ${id} stored ${n} times`);
    };
    check(
      'people',
      db
        .prepare("SELECT email AS id, count(*) AS n FROM people WHERE email LIKE '%@kill.example' GROUP BY email")
        .all() as Array<{ id: string; n: number }>,
    );
    check(
      'responses',
      db.prepare('SELECT external_id AS id, count(*) AS n FROM responses GROUP BY external_id').all() as Array<{
        id: string;
        n: number;
      }>,
    );
    check(
      'deployments',
      db.prepare('SELECT external_id AS id, count(*) AS n FROM deployments GROUP BY external_id').all() as Array<{
        id: string;
        n: number;
      }>,
    );
    // Nothing half-written: every stored response has both of its answers.
    const partial = db
      .prepare(
        'SELECT r.external_id AS id FROM responses r WHERE (SELECT count(*) FROM answers a WHERE a.response_id = r.id) <> 2',
      )
      .all() as Array<{ id: string }>;
    for (const p of partial) problems.push(`response ${p.id} is missing answers`);
    return problems;
  } finally {
    db.close();
  }
}
