import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/until.js';
import { keepAliveClient } from './fuzz/client.js';
import { killTest, startChild, type ChildServer } from './kill-harness.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TOKEN = 'durability-admin-token-0123456789';
const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const dirs: string[] = [];
const children: ChildServer[] = [];

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chorus-durability-'));
  dirs.push(dir);
  return join(dir, 'chorus.sqlite');
}
async function start(dbPath: string): Promise<ChildServer> {
  const server = await startChild(dbPath, { CHORUS_API_TOKEN: TOKEN, CHORUS_SECRET: 'durability-secret-0123456789' });
  children.push(server);
  return server;
}
afterAll(() => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const countPeople = (dbPath: string) => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('SIGKILL at a random moment', () => {
  it('loses nothing that was acknowledged and stores nothing twice (3 kill/restart cycles)', async () => {
    const report = await killTest({ cycles: 3 });
    console.info(`kill test: ${JSON.stringify(report)}`);
    expect(report.problems).toEqual([]);
    expect(report.acknowledged.people).toBeGreaterThan(0);
    expect(report.acknowledged.responses).toBeGreaterThan(0);
    expect(report.acknowledged.deployments).toBeGreaterThan(0);
  }, 180_000);
});

describe('graceful SIGTERM', () => {
  it('refuses new connections, finishes the in-flight request, checkpoints the database and exits 0', async () => {
    const dbPath = tempDb();
    const server = await start(dbPath);
    await fetch(`${server.base}/api/v1/teams`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ key: 'term', name: 'Term' }),
    });
    const body = JSON.stringify({
      people: Array.from({ length: 300 }, (_, i) => ({ email: `t${i}@term.example`, name: `T ${i}`, team: 'term' })),
    });
    const half = Math.floor(body.length / 2);
    // A slow client: half the body now, the rest after the signal.
    const response = new Promise<{ status: number; text: string }>((resolveRes, reject) => {
      const req = request(
        `${server.base}/api/v1/people`,
        { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
          });
          res.on('end', () => resolveRes({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, half));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => {
          // A failed expectation rejects the test's promise instead of escaping the timer.
          fetch(`${server.base}/healthz`)
            .then(
              () => 'served',
              () => 'refused',
            )
            .then((late) => {
              expect(late).toBe('refused');
              req.end(body.slice(half));
            })
            .catch(reject);
        }, 300);
      }, 300);
    });
    const res = await response;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ accepted: 300, duplicates: 0 });
    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    // Checkpointed and closed: no WAL content left behind.
    expect(!existsSync(`${dbPath}-wal`) || statSync(`${dbPath}-wal`).size === 0).toBe(true);
    expect(countPeople(dbPath)).toBe(300);
  }, 90_000);
});

describe('backup and restore', () => {
  it('takes an online backup during writes that passes integrity_check, and restores it as documented', async () => {
    const dbPath = tempDb();
    const backupPath = join(dbPath, '..', 'backup.sqlite');
    const server = await start(dbPath);
    const client = keepAliveClient(server.base);
    await client.send('POST', '/api/v1/teams', headers, JSON.stringify({ key: 'bk', name: 'Backup team' }));
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        const batch = Array.from({ length: 50 }, (_, i) => ({
          email: `b${written + i}@backup.example`,
          name: `B ${written + i}`,
          team: 'bk',
        }));
        const res = await client.send('POST', '/api/v1/people', headers, JSON.stringify({ people: batch }));
        expect(res.status).toBe(200);
        written += 50;
      }
    })();
    // The backup starts once writes are under way (a signal, not a guess at how long that takes).
    await until(() => written >= 100, { timeout: 30_000, what: 'writes to be under way' });
    const cli = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'backup', backupPath],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CHORUS_DB: dbPath, LOG_LEVEL: 'silent' },
      },
    );
    expect(cli.stdout).toContain('Backed up');
    // ...and goes on after it: the server kept taking writes while and after the backup ran.
    const atBackup = written;
    await until(() => written >= atBackup + 100, { timeout: 30_000, what: 'writes after the backup' });
    writing = false;
    await writer;
    client.close();
    expect(written).toBeGreaterThan(50);

    const backup = new Database(backupPath, { readonly: true });
    expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
    const inBackup = (backup.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n;
    backup.close();
    expect(inBackup % 50).toBe(0); // whole batches only: the copy is a consistent snapshot
    expect(inBackup).toBeGreaterThan(0);
    expect(countPeople(dbPath)).toBe(written);

    // The documented restore: stop Chorus, copy the backup over CHORUS_DB, remove -wal/-shm, start.
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    copyFileSync(backupPath, dbPath);
    rmSync(`${dbPath}-wal`, { force: true });
    rmSync(`${dbPath}-shm`, { force: true });
    const restored = await start(dbPath);
    const people = await fetch(`${restored.base}/api/v1/people`, { headers }).then(
      (r) => r.json() as Promise<{ people: unknown[] }>,
    );
    expect(people.people.length).toBe(inBackup);
    restored.child.kill('SIGTERM');
    expect((await restored.exited).code).toBe(0);
  }, 120_000);
});
