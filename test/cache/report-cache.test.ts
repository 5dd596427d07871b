import { describe, expect, it } from 'vitest';
import { createApiToken, roleForToken } from '../../src/auth/auth.service.js';
import { dataVersion } from '../../src/cache/cache.repo.js';
import { cachedReport, reportCacheStats } from '../../src/cache/report-cache.js';
import { upsertPeople, upsertTeams } from '../../src/directory/directory.service.js';
import { makeDeps } from '../helpers/deps.js';

/** Tables that no report reads: writing them must not invalidate cached reports. */
const UNTRACKED = new Set([
  'api_tokens',
  'sessions',
  'users',
  'schema_migrations',
  'data_version',
  'answer_counts',
  'slack_outbox',
  'slack_dm_channels',
  'slack_event_dedup',
  'slack_seen_signatures',
  'schedule_slots',
  'event_rules',
  'event_cooldowns',
  'platform_events',
  'webhook_deliveries',
  'github_pushes',
  'report_shares',
  'results_version',
  // Append-only record of changes (migration 0016); no report reads it.
  'audit_log',
  // Written only together with a deployment (tracked), never on its own.
  'deployment_versions',
  // Kept by triggers on responses (tracked), never written on its own.
  'respondent_weeks',
  'respondent_keys',
]);

describe('report cache', () => {
  it('tracks every table that is not explicitly a non-input (a new table must be classified)', () => {
    const deps = makeDeps();
    const tables = deps.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    const triggers = new Set(
      deps.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[],
    );
    const unclassified = tables.filter(
      (t) =>
        !UNTRACKED.has(t) && !['insert', 'update', 'delete'].every((op) => triggers.has(`data_version_${t}_${op}`)),
    );
    expect(unclassified).toEqual([]);
  });

  it('serves a report until a report input changes, and never shares its copy', () => {
    const deps = makeDeps();
    let computed = 0;
    const report = () =>
      cachedReport(deps, ['org', '2026-01-01', '2026-04-01'], () => ({ n: ++computed, teams: ['a'] }));
    const first = report();
    first.teams.push('mutated by a presenter');
    expect(report()).toEqual({ n: 1, teams: ['a'] });
    expect(cachedReport(deps, ['org', '2026-01-01', '2026-05-01'], () => ({ n: ++computed, teams: [] })).n).toBe(2);

    // Logins and API calls write, but not to report inputs.
    const { token } = createApiToken(deps, { role: 'viewer', name: 'x' });
    roleForToken(deps, token);
    expect(report().n).toBe(1);

    const before = dataVersion(deps.db);
    upsertTeams(deps, { key: 'payments', name: 'Payments' });
    expect(dataVersion(deps.db)).toBeGreaterThan(before);
    expect(report().n).toBe(3);
    upsertPeople(deps, { email: 'a@example.com', name: 'A', team: 'payments' });
    expect(report().n).toBe(4);
    expect(report().n).toBe(4);
    expect(reportCacheStats(deps.db)).toMatchObject({ hits: 3, misses: 4, entries: 1 });
  });

  it('does not keep a report whose inputs changed while it was computed', () => {
    const deps = makeDeps();
    let computed = 0;
    const report = () =>
      cachedReport(deps, ['themes'], () => {
        computed++;
        if (computed === 1) upsertTeams(deps, { key: 'late', name: 'Arrived mid-report' });
        return computed;
      });
    expect(report()).toBe(1);
    expect(report()).toBe(2);
    expect(report()).toBe(2);
  });

  it('does not cache errors', () => {
    const deps = makeDeps();
    let calls = 0;
    const failing = () =>
      cachedReport(deps, ['x'], () => {
        calls++;
        throw new Error('boom');
      });
    expect(failing).toThrow('boom');
    expect(failing).toThrow('boom');
    expect(calls).toBe(2);
  });
});
