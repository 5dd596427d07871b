import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/server.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';

const TOKEN = 'bootstrap-admin-token-0123456789';

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm start with Slack pointed at a fake API', () => {
  let fake: FakeSlack;
  let dir: string;
  beforeAll(async () => {
    fake = await startFakeSlack();
    dir = mkdtempSync(join(tmpdir(), 'chorus-slack-'));
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opening a run through the pinned API DMs every Slack-linked invitee', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const proc = start({
      PORT: String(port), CHORUS_DB: join(dir, 'ok.sqlite'), CHORUS_API_TOKEN: TOKEN,
      SLACK_BOT_TOKEN: 'xoxb-e2e', SLACK_SIGNING_SECRET: 'e2e-secret', SLACK_API_URL: fake.apiUrl,
    });
    try {
      const api = apiClient(`http://127.0.0.1:${port}`, TOKEN);
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok === true, 20_000);
      expect(fake.callsTo('auth.test')).toHaveLength(1);
      await api.post('/api/v1/teams', { key: 'core', name: 'Core' });
      await api.post('/api/v1/people', { people: [
        { email: 'a@x.test', name: 'A', team: 'core', slack_user_id: 'UAAAA0001' },
        { email: 'b@x.test', name: 'B', team: 'core', slack_user_id: 'UBBBB0001' },
        { email: 'c@x.test', name: 'C', team: 'core' },
      ] });
      expect((await api.post('/api/v1/surveys', { key: 'pulse', name: 'Pulse', questions: [{ key: 'q', text: 'Builds are fast', type: 'likert5' }] })).status).toBe(200);
      const run = await api.post('/api/v1/surveys/pulse/runs', {});
      expect(run.json).toMatchObject({ invited: 3 });
      await waitFor(() => fake.callsTo('chat.postMessage').length >= 2, 15_000);
      expect(fake.callsTo('chat.postMessage').map((c) => c.params.channel).sort()).toEqual(['DUAAAA0001', 'DUBBBB0001']);
      expect(proc.output()).not.toMatch(/unhandled/i);
    } finally {
      proc.child.kill('SIGTERM');
      await proc.exited;
    }
  }, 60_000);

  it('a bad token stops startup with a clear message (exit 1, no unhandled rejection)', async () => {
    fake.fail('auth.test', { kind: 'error', error: 'invalid_auth' });
    const proc = start({
      PORT: String(20000 + Math.floor(Math.random() * 20000)), CHORUS_DB: join(dir, 'bad.sqlite'),
      SLACK_BOT_TOKEN: 'xoxb-bad', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.apiUrl,
    });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain('Slack could not start: invalid_auth. Check SLACK_BOT_TOKEN');
    expect(proc.output()).not.toMatch(/UnhandledPromiseRejection|unhandled rejection/i);
  }, 60_000);
});
