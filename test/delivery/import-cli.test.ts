import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { doraReport } from '../../src/delivery/dora.service.js';
import { makeDeps } from '../helpers/deps.js';

const quiet = () => {
  const lines: string[] = [];
  const errors: string[] = [];
  return { out: { log: (s: string) => lines.push(s), error: (s: string) => errors.push(s) }, lines, errors };
};

describe('chorus import deployments | incidents | costs', () => {
  it('imports CSV with a commits column and JSON, idempotently', async () => {
    const deps = makeDeps();
    const dir = mkdtempSync(join(tmpdir(), 'chorus-delivery-'));
    writeFileSync(join(dir, 'teams.csv'), 'key,name\npay,Payments\n');
    writeFileSync(
      join(dir, 'deployments.csv'),
      [
        'id,service,team,finished_at,status,version,failure_reason,commits',
        'd1,api,pay,2026-03-02T10:00:00Z,success,v1,,a1@2026-03-02T08:00:00Z;a2@2026-03-02T06:00:00Z',
        'd2,api,,2026-03-03T10:00:00Z,failure,,Flaky tests,a3@2026-03-03T09:00:00Z',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'incidents.json'),
      JSON.stringify({
        incidents: [
          {
            id: 'i1',
            service: 'api',
            opened_at: '2026-03-02T11:00:00Z',
            resolved_at: '2026-03-02T12:00:00Z',
            deployment_id: 'd1',
          },
        ],
      }),
    );
    writeFileSync(join(dir, 'costs.csv'), 'date,team,cost,cpu_requested,cpu_used\n2026-03-02,pay,100,10,5\n');
    for (const [kind, file] of [
      ['teams', 'teams.csv'],
      ['deployments', 'deployments.csv'],
      ['incidents', 'incidents.json'],
      ['costs', 'costs.csv'],
    ]) {
      const c = quiet();
      expect(await runCli(['import', kind, join(dir, file)], c.out, deps), c.errors.join('\n')).toBe(0);
    }
    const again = quiet();
    expect(await runCli(['import', 'deployments', join(dir, 'deployments.csv')], again.out, deps)).toBe(0);
    expect(again.lines.at(-1)).toContain('2 already known');
    const r = doraReport(deps, { team: 'pay', from: '2026-03-01', to: '2026-03-08' });
    expect(r.lead_time_hours).toEqual({ median: 3, p75: 3.5, p90: 3.8, n: 2 });
    expect(r.change_failure_rate).toMatchObject({ failed: 2, total: 2 });
    expect(deps.db.prepare("SELECT source FROM deployments WHERE external_id = 'd1'").pluck().get()).toBe('import');
  });

  it('names the record and field of a bad row and stores nothing', async () => {
    const deps = makeDeps();
    const dir = mkdtempSync(join(tmpdir(), 'chorus-delivery-'));
    writeFileSync(join(dir, 'deployments.csv'), 'id,service,finished_at,commits\nd1,api,2026-03-02T10:00:00Z,nosha\n');
    const c = quiet();
    expect(await runCli(['import', 'deployments', join(dir, 'deployments.csv')], c.out, deps)).not.toBe(0);
    expect(c.errors.join('\n')).toMatch(/record 1: commits\.0\.committed_at/);
    expect(deps.db.prepare('SELECT COUNT(*) FROM deployments').pluck().get()).toBe(0);
  });
});
