import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/server.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { signatureHeaders } from './harness.js';
import Database from 'better-sqlite3';

const TOKEN = 'bootstrap-admin-token-0123456789';

function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
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
      PORT: String(port),
      CHORUS_DB: join(dir, 'ok.sqlite'),
      CHORUS_API_TOKEN: TOKEN,
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      SLACK_SIGNING_SECRET: 'e2e-secret',
      SLACK_API_URL: fake.apiUrl,
    });
    try {
      const api = apiClient(`http://127.0.0.1:${port}`, TOKEN);
      await waitFor(
        async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok === true,
        20_000,
      );
      expect(fake.callsTo('auth.test')).toHaveLength(1);
      await api.post('/api/v1/teams', { key: 'core', name: 'Core' });
      await api.post('/api/v1/people', {
        people: [
          { email: 'a@x.test', name: 'A', team: 'core', slack_user_id: 'UAAAA0001' },
          { email: 'b@x.test', name: 'B', team: 'core', slack_user_id: 'UBBBB0001' },
          { email: 'c@x.test', name: 'C', team: 'core' },
        ],
      });
      expect(
        (
          await api.post('/api/v1/surveys', {
            key: 'pulse',
            name: 'Pulse',
            questions: [{ key: 'q', text: 'Builds are fast', type: 'likert5' }],
          })
        ).status,
      ).toBe(200);
      const run = await api.post('/api/v1/surveys/pulse/runs', {});
      expect(run.json).toMatchObject({ invited: 3 });
      await waitFor(() => fake.callsTo('chat.postMessage').length >= 2, 15_000);
      expect(
        fake
          .callsTo('chat.postMessage')
          .map((c) => c.params.channel)
          .sort(),
      ).toEqual(['DUAAAA0001', 'DUBBBB0001']);

      // Interactions go through the edge to the listener thread (the database is a file here).
      const signed = (fields: Record<string, string>) => {
        const body = new URLSearchParams(fields).toString();
        const headers = {
          'content-type': 'application/x-www-form-urlencoded',
          ...signatureHeaders(body, undefined, 'e2e-secret'),
        };
        return async () => {
          const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body, headers });
          return { status: res.status, text: await res.text() };
        };
      };
      const runId = run.json.run_id as string;
      const click = signed({
        payload: JSON.stringify({
          type: 'block_actions',
          team: { id: 'T1' },
          user: { id: 'UAAAA0001' },
          trigger_id: 'e2e.1',
          container: { type: 'message', channel_id: 'DUAAAA0001', message_ts: '1.1' },
          actions: [{ type: 'button', action_id: 'open_survey', block_id: 'b', value: runId, action_ts: '1' }],
        }),
      });
      expect(await click()).toEqual({ status: 200, text: '' });
      await waitFor(() => fake.callsTo('views.open').some((c) => c.params.trigger_id === 'e2e.1'), 10_000);
      const view = fake.callsTo('views.open').find((c) => c.params.trigger_id === 'e2e.1')!.params.view;
      expect(view.callback_id).toBe('survey_submit');
      const submit = signed({
        payload: JSON.stringify({
          type: 'view_submission',
          team: { id: 'T1' },
          user: { id: 'UAAAA0001' },
          view: {
            id: 'V1',
            callback_id: 'survey_submit',
            private_metadata: view.private_metadata,
            blocks: view.blocks,
            state: { values: { q: { v: { type: 'radio_buttons', selected_option: { value: '4' } } } } },
          },
        }),
      });
      expect(await submit()).toEqual({ status: 200, text: '' });
      expect(await submit()).toEqual({ status: 200, text: '' }); // a replay: ignored
      const friction = signed({
        command: '/chorus',
        text: 'friction e2e builds are slow',
        team_id: 'T1',
        user_id: 'UAAAA0001',
        trigger_id: 'e2e.2',
      });
      expect(JSON.parse((await friction()).text).text).toMatch(/recorded anonymously/);
      expect(await friction()).toEqual({ status: 200, text: '' });
      expect(proc.output()).not.toMatch(/unhandled|listener thread/i);
    } finally {
      proc.child.kill('SIGTERM');
    }
    // Graceful: the listener thread drains and stops, the database closes, exit 0.
    expect(await proc.exited).toBe(0);
    const db = new Database(join(dir, 'ok.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) FROM responses').pluck().get()).toBe(1);
      expect(db.prepare('SELECT COUNT(*) FROM friction_reports').pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  }, 60_000);

  it('a bad token stops startup with a clear message (exit 1, no unhandled rejection)', async () => {
    fake.fail('auth.test', { kind: 'error', error: 'invalid_auth' });
    const proc = start({
      PORT: String(20000 + Math.floor(Math.random() * 20000)),
      CHORUS_DB: join(dir, 'bad.sqlite'),
      SLACK_BOT_TOKEN: 'xoxb-bad',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: fake.apiUrl,
    });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain('Slack could not start: invalid_auth. Check SLACK_BOT_TOKEN');
    expect(proc.output()).not.toMatch(/UnhandledPromiseRejection|unhandled rejection/i);
  }, 60_000);
});
