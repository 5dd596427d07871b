import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiToken, roleForToken } from '../../src/auth/auth.service.js';
import { dataVersion } from '../../src/cache/cache.repo.js';
import { cachedReport, reportCacheStats } from '../../src/cache/report-cache.js';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase, type Db } from '../../src/db/open.js';
import { ingestDeployments } from '../../src/delivery/ingest.service.js';
import { upsertPeople, upsertTeams } from '../../src/directory/directory.service.js';
import { postLoopUpdate } from '../../src/loop/loop.service.js';
import { telemetryFor } from '../../src/operators/telemetry.js';
import { orgReport } from '../../src/reports/org.report.js';
import { reportWindow } from '../../src/reports/reports.schema.js';
import { teamSummary } from '../../src/reports/team.report.js';
import { writeSetting } from '../../src/settings/settings.repo.js';
import { recordFriction } from '../../src/slack/friction.service.js';
import { importResponses } from '../../src/surveys/import.service.js';
import { submitResponse } from '../../src/surveys/responses.service.js';
import { surveyResults } from '../../src/surveys/results.service.js';
import { openRun } from '../../src/surveys/runs.service.js';
import { themesReport } from '../../src/themes/themes.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { loginSession } from '../helpers/server.js';
import { eventually, seedOrg, seedPulse, slackHarness, type Harness } from '../slack/harness.js';

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
  // Append-only record of changes (migration 0016); no report reads it.
  'audit_log',
  // Written only together with a deployment (tracked), never on its own.
  'deployment_versions',
  // Kept by triggers on responses (tracked), never written on its own.
  'respondent_weeks',
  'respondent_keys',
  // Single sign-on sessions (migration 0017), like sessions.
  'oidc_sessions',
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

/** The last 90 days up to just after the clock, resolved as the pages resolve it. */
const windowTo = (now: Date) =>
  reportWindow(
    {
      from: new Date(now.getTime() - 90 * 86_400_000).toISOString(),
      to: new Date(now.getTime() + 60_000).toISOString(),
    },
    now,
  );

/** Every cached report kind of one workspace: org, team summary, themes (report cache) and survey results. */
function reportsOf(deps: Parameters<typeof orgReport>[0]) {
  const w = windowTo(deps.now());
  return () => ({
    org: orgReport(deps, w, 'pulse'),
    team: teamSummary(deps, 'payments', w, 'pulse'),
    themes: themesReport(deps, w),
    results: surveyResults(deps, 'pulse', { team: 'payments', ...w }),
  });
}
const REPORTS = 4;

/** The hit/miss counters of the prom-client metric chorus_report_cache_lookups_total, by cache and result. */
async function lookupMetric(db: Db): Promise<Record<string, number>> {
  const metric = await telemetryFor(db).registry.getSingleMetric('chorus_report_cache_lookups_total')!.get();
  return Object.fromEntries(metric.values.map((v) => [`${v.labels.cache}:${v.labels.result}`, v.value]));
}

const totalChanges = (db: Db) => db.prepare('SELECT total_changes()').pluck().get() as number;
const count = (db: Db, sql: string) => db.prepare(sql).pluck().get() as number;

describe('one report cache under one counter that only report inputs move', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('a Slack click, a login and an outbox send leave every cached report cached', async () => {
    h = await slackHarness();
    seedOrg(h.deps);
    seedPulse(h.deps);
    const { runId } = openRun(h.deps, 'pulse', {});
    const reports = reportsOf(h.deps);
    const cold = reports();
    const before = reportCacheStats(h.deps.db);
    const metricBefore = await lookupMetric(h.deps.db);
    const version = dataVersion(h.deps.db);

    // The outbox sends the run's DMs (the scheduler writes the outbox rows and the DM channels).
    await h.scheduler.tick();
    await eventually(() => h!.fake.callsTo('chat.postMessage').length >= 4);
    expect(count(h.deps.db, "SELECT COUNT(*) FROM slack_outbox WHERE status = 'sent'")).toBeGreaterThanOrEqual(4);

    // A login through the real sign-in form (a user, a session).
    // (No page is fetched afterwards: the server's own report lookups would count in the stats.)
    await loginSession(h.server.base, h.deps, 'viewer');
    expect(count(h.deps.db, 'SELECT COUNT(*) FROM sessions')).toBeGreaterThan(0);

    // A signed block_actions click through the real edge: its signature is recorded, a modal opens.
    const ts = h.fake.messagesIn('DU0000001')[0].ts;
    const click = await h.postPayload({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'U0000001' },
      api_app_id: 'A1',
      trigger_id: 'trig.cache',
      container: { type: 'message', channel_id: 'DU0000001', message_ts: ts, is_ephemeral: false },
      channel: { id: 'DU0000001' },
      message: { ts },
      actions: [{ type: 'button', action_id: 'open_survey', block_id: 'pulse_actions', value: runId, action_ts: '1' }],
    });
    expect(click.status).toBe(200);
    await eventually(() => h!.fake.callsTo('views.open')[0]);
    expect(count(h.deps.db, 'SELECT COUNT(*) FROM slack_seen_signatures')).toBeGreaterThan(0);

    expect(dataVersion(h.deps.db)).toBe(version);
    expect(reports()).toEqual(cold);
    const after = reportCacheStats(h.deps.db);
    expect(after.misses).toBe(before.misses);
    expect(after.hits).toBe(before.hits + REPORTS);
    const metricAfter = await lookupMetric(h.deps.db);
    expect(metricAfter['report:miss']).toBe(metricBefore['report:miss']);
    expect(metricAfter['results:miss']).toBe(metricBefore['results:miss']);
    expect(metricAfter['report:hit'] - (metricBefore['report:hit'] ?? 0)).toBe(REPORTS - 1);
    expect(metricAfter['results:hit'] - (metricBefore['results:hit'] ?? 0)).toBe(1);
  });

  it('commits of non-input tables by another connection leave the cache warm; an input write there empties it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'chorus-cache-')), 'db.sqlite');
    const deps = makeDeps({ now: testClock().now });
    deps.db.close();
    deps.db = openDatabase(path);
    migrate(deps.db);
    seedOrg(deps);
    seedPulse(deps);
    const reports = reportsOf(deps);
    reports();
    const warm = reportCacheStats(deps.db);
    // What the Slack listener thread and the outbox worker commit from their own connections.
    const other = openDatabase(path);
    other.prepare('INSERT INTO slack_seen_signatures (signature, seen_at) VALUES (?, ?)').run('v0=ab', 'x');
    other
      .prepare(`INSERT INTO audit_log (at, actor, actor_kind, action) VALUES ('2026-03-02T10:00:00Z', 'a', 'cli', 'x')`)
      .run();
    writeSetting(other, 'themes_sync', { version: 1, responseId: 0, reportId: 0, at: 'x' }, new Date());
    writeSetting(other, 'events.deploy_scan_rowid', 7, new Date());
    reports();
    expect(reportCacheStats(deps.db)).toMatchObject({ misses: warm.misses, hits: warm.hits + REPORTS });
    upsertTeams({ ...deps, db: other }, { teams: [{ key: 'platform', name: 'Platform' }] });
    other.close();
    reports();
    expect(reportCacheStats(deps.db).misses).toBeGreaterThanOrEqual(warm.misses + REPORTS);
    deps.db.close();
  });

  it('any write to a report input invalidates: a response, a friction report, an import, a deployment, a team, a theme status, a threshold', () => {
    const clock = testClock();
    const deps = makeDeps({ now: clock.now });
    seedOrg(deps);
    seedPulse(deps);
    const { runId } = openRun(deps, 'pulse', {});
    const reports = reportsOf(deps);
    const answers = (comment: string) => ({
      build_and_test: 4,
      recommend: 8,
      time_lost: '1-2',
      main_blocker: 'CI',
      comment,
    });
    const writes: Array<[string, () => unknown]> = [
      [
        'a response',
        () => submitResponse(deps, { runId, personId: 1, answers: answers('flaky tests again'), source: 'web' }),
      ],
      [
        'a friction report',
        () => recordFriction(deps, 'U0000002', { text: 'the build is flaky', source: 'slack_command' }),
      ],
      [
        'an import',
        () =>
          importResponses(deps, 'pulse', {
            responses: [
              {
                respondent: 'cleo@acme.test',
                team: 'payments',
                submitted_at: clock.now().toISOString(),
                answers: answers('intermittent test failures'),
              },
            ],
          }),
      ],
      [
        'a deployment',
        () =>
          ingestDeployments(deps, {
            deployments: [{ id: 'd1', service: 'api', team: 'payments', finished_at: clock.now().toISOString() }],
          }),
      ],
      ['a team', () => upsertTeams(deps, { teams: [{ key: 'platform', name: 'Platform' }] })],
      [
        'a theme status',
        () =>
          postLoopUpdate(deps, 'flaky_tests', { title: 'Quarantine', body: 'We quarantine.', status: 'planned' }, null),
      ],
      ['a threshold', () => writeSetting(deps.db, 'anonymity_threshold', 4, clock.now())],
    ];
    for (const [what, write] of writes) {
      reports();
      const warm = reportCacheStats(deps.db);
      reports();
      expect(reportCacheStats(deps.db).misses, `${what}: warm before`).toBe(warm.misses);
      write();
      reports();
      expect(reportCacheStats(deps.db).misses, `${what}: every report recomputed`).toBeGreaterThanOrEqual(
        warm.misses + REPORTS,
      );
    }
  });

  it('comments are tagged when written, and reading the themes report twice writes nothing', () => {
    const clock = testClock();
    const deps = makeDeps({ now: clock.now });
    seedOrg(deps);
    seedPulse(deps, { anonymity_threshold: 3 });
    const { runId } = openRun(deps, 'pulse', {});
    const tagged = () => count(deps.db, 'SELECT COUNT(*) FROM theme_comments');
    for (const [personId, text] of [
      [1, 'flaky tests block every merge'],
      [2, 'the test suite is flaky and slow'],
      [3, 'intermittent failures in CI, flaky again'],
    ] as const) {
      const before = tagged();
      submitResponse(deps, {
        runId,
        personId,
        answers: { build_and_test: 2, recommend: 5, time_lost: '2-4', main_blocker: 'CI', comment: text },
        source: 'slack',
      });
      expect(tagged()).toBe(before + 1);
    }
    const before = tagged();
    recordFriction(deps, 'U0000004', { text: 'flaky end-to-end tests', source: 'slack_command' });
    expect(tagged()).toBe(before + 1);

    const changes = totalChanges(deps.db);
    const version = dataVersion(deps.db);
    const w = windowTo(clock.now());
    const first = themesReport(deps, w);
    const second = themesReport(deps, w);
    expect(totalChanges(deps.db)).toBe(changes);
    expect(dataVersion(deps.db)).toBe(version);
    expect(second).toEqual(first);
    expect(first.themes.find((t) => t.key === 'flaky_tests')?.respondents).toBe(4);
  });
});
