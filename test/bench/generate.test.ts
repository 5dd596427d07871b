import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '../../bench/bench.js';
import { datasetSummary, generate } from '../../bench/generate.js';
import { PROFILES, type Profile } from '../../bench/profiles.js';
import { openDatabase } from '../../src/db/open.js';
import { deliveryRepo } from '../../src/delivery/delivery.repo.js';
import { migrate } from '../../src/db/migrate.js';

const dir = mkdtempSync(join(tmpdir(), 'chorus-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The tiny profile with the fewest repetitions that still exercise every measurement. */
const quick: Profile = {
  ...PROFILES.tiny,
  bench: {
    reportRuns: 2,
    ingestBatches: 1,
    batchSize: 50,
    responseBatches: 1,
    formPosts: 4,
    loadSeconds: 1,
    loadConnections: 4,
    slackRate: 20,
  },
};

describe('synthetic-org generator', () => {
  it('is deterministic: the same seed gives the same counts and checksums', () => {
    const a = generate(PROFILES.tiny, join(dir, 'a.sqlite'));
    const b = generate(PROFILES.tiny, join(dir, 'b.sqlite'));
    expect(b).toEqual(a);
    expect(a.people).toBe(90);
    expect(a.teams).toBe(9);
    expect(a.deployments).toBe(1500);
    expect(a.runs).toBe(8);
    expect(a.invitations).toBe(720);
    expect(a.responses).toBeGreaterThan(0.4 * 720);
    expect(a.theme_comments).toBe(Number(a.comments) + Number(a.friction_reports));
    const other = generate({ ...PROFILES.tiny, seed: 'another seed' }, join(dir, 'c.sqlite'));
    expect(other.digest).not.toBe(a.digest);
  });

  it('stores the derived delivery columns exactly as the delivery repo computes them', () => {
    const path = join(dir, 'derived.sqlite');
    copyFileSync(join(dir, 'a.sqlite'), path);
    const db = openDatabase(path);
    const before = datasetSummary(db);
    const snapshot = () =>
      db
        .prepare(
          `SELECT c.id, c.first_deployment_id, c.first_deployed_at, c.first_team_id, c.first_service_id, c.lead_hours
      FROM commits c ORDER BY c.id`,
        )
        .all();
    const flags = () =>
      db
        .prepare(
          'SELECT id, caused_incident, incident_reason, failure_key, version_key, rework FROM deployments ORDER BY id',
        )
        .all();
    const [commits, deployments] = [snapshot(), flags()];
    const repo = deliveryRepo(db);
    db.transaction(() => {
      db.prepare(
        'UPDATE deployments SET caused_incident = 0, incident_reason = NULL, failure_key = NULL, rework = 0',
      ).run();
      repo.refreshAllCommits('production');
      repo.refreshIncidentLinks(db.prepare('SELECT external_id FROM deployments').pluck().all() as string[]);
      repo.refreshAllRework('production');
    })();
    const rows = db
      .prepare('SELECT service_id AS serviceId, version, version_key AS versionKey FROM deployments ORDER BY id')
      .all() as Array<{ serviceId: number; version: string; versionKey: number }>;
    expect(rows.every((r) => repo.versionKey(r.serviceId, r.version) === r.versionKey)).toBe(true);
    expect(snapshot()).toEqual(commits);
    expect(flags()).toEqual(deployments);
    expect(datasetSummary(db)).toEqual(before);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('fills trigger-maintained tables (answer counts) as the triggers would have, row by row', () => {
    const generated = join(dir, 'a.sqlite');
    const db = openDatabase(join(dir, 'replayed.sqlite'));
    migrate(db);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'answer_counts'")
      .pluck()
      .all();
    if (tables.length === 0) return;
    db.pragma('foreign_keys = OFF');
    db.prepare('ATTACH DATABASE ? AS g').run(generated);
    // Replay the raw rows into a fully migrated database: every answer now goes through the triggers.
    for (const t of ['teams', 'surveys', 'questions', 'survey_questions', 'responses', 'answers']) {
      db.exec(`DELETE FROM main.${t}; INSERT INTO main.${t} SELECT * FROM g.${t}`);
    }
    const counts = (schema: string) =>
      db
        .prepare(
          `SELECT * FROM ${schema}.answer_counts WHERE count <> 0
      ORDER BY survey_id, team_id, bucket, question_id, kind, value_num, choice`,
        )
        .all();
    expect(counts('main').length).toBeGreaterThan(0);
    expect(counts('main')).toEqual(counts('g'));
    db.close();
  });
});

describe('npm run bench', () => {
  it('measures every target on a tiny profile in-process', async () => {
    const results = await runBench({ profile: quick, server: 'inprocess', workPath: join(dir, 'work.sqlite') });
    const keys = results.rows.map((r) => r.key);
    for (const key of [
      'team',
      'org',
      'themes',
      'leadership_json',
      'leadership_page',
      'floor_org',
      'deployments_ratio',
      'responses_ratio',
      'slack_ack',
      'noop',
      'slack_ratio',
      'form',
      'rss',
      'migrations',
      'open',
    ]) {
      expect(keys).toContain(key);
    }
    for (const key of ['team', 'org', 'themes', 'leadership_json', 'leadership_page'])
      expect(results.reports[key].median).toBeGreaterThan(0);
    expect(results.deployments.http.median).toBeGreaterThan(0);
    expect(results.responses.bare.median).toBeGreaterThan(0);
    expect(results.form.posts).toBe(4);
    expect(results.slack.slack.non2xx).toBe(0);
    expect(results.slack.slack.requests).toBeGreaterThan(0);
    expect(results.rows.filter((r) => r.target).every((r) => typeof r.pass === 'boolean')).toBe(true);
    expect(results.table).toContain('| Org report JSON |');
  }, 120_000);
});
