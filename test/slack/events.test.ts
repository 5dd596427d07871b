import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertServices } from '../../src/directory/directory.service.js';
import { upsertSurvey } from '../../src/surveys/surveys.service.js';
import { apiClient, tokenFor } from '../helpers/server.js';
import { seedOrg, slackHarness, type Harness } from './harness.js';

describe('event-triggered micro-surveys', () => {
  let h: Harness;
  let admin: ReturnType<typeof apiClient>;
  let ingest: ReturnType<typeof apiClient>;
  beforeEach(async () => {
    h = await slackHarness({ start: '2026-03-02T12:00:00.000Z' });
    seedOrg(h.deps);
    upsertSurvey(h.deps, {
      key: 'deploy_check',
      name: 'Deployment check',
      kind: 'event',
      open_days: 2,
      questions: [{ key: 'deploy_smooth', text: 'How smooth was this deployment?', type: 'likert5' }],
    });
    admin = apiClient(h.server.base, tokenFor(h.deps, 'admin'));
    ingest = apiClient(h.server.base, tokenFor(h.deps, 'ingest'));
  });
  afterEach(() => h.close());

  const eventRuns = () =>
    h.deps.db
      .prepare(
        `SELECT r.id, r.opens_at AS opensAt, r.trigger, COUNT(i.id) AS invited FROM runs r JOIN invitations i ON i.run_id = r.id GROUP BY r.id ORDER BY r.created_at`,
      )
      .all() as Array<{ id: string; opensAt: string; trigger: string; invited: number }>;
  const outcomes = () =>
    (h.deps.db.prepare(`SELECT outcome FROM platform_events ORDER BY id`).all() as Array<{ outcome: string }>).map(
      (r) => r.outcome.replace(/run_\w+/, 'run'),
    );

  it('manages rules over the API with field errors and roles', async () => {
    const bad = await admin.post('/api/v1/event-rules', {
      event: 'deploy.finished',
      survey: 'nope',
      quiet_start: '22:00',
      sample_rate: 2,
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.map((d: any) => d.field).sort()).toEqual(['quiet_end', 'sample_rate']);
    const unknownSurvey = await admin.post('/api/v1/event-rules', { event: 'deploy.finished', survey: 'nope' });
    expect(unknownSurvey.json.error.details).toEqual([{ field: 'survey', message: 'no survey with key "nope"' }]);
    const created = await admin.post('/api/v1/event-rules', {
      event: 'deploy.finished',
      survey: 'deploy_check',
      sample_rate: 0.5,
      cooldown_hours: 24,
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      event: 'deploy.finished',
      survey: 'deploy_check',
      sample_rate: 0.5,
      cooldown_hours: 24,
      quiet_start: null,
      timezone: 'UTC',
      active: true,
    });
    const put = await admin.put(`/api/v1/event-rules/${created.json.id}`, {
      event: 'deploy.finished',
      survey: 'deploy_check',
      quiet_start: '20:00',
      quiet_end: '08:00',
      timezone: 'Europe/Berlin',
    });
    expect(put.json).toMatchObject({
      sample_rate: 1,
      quiet_start: '20:00',
      quiet_end: '08:00',
      timezone: 'Europe/Berlin',
    });
    expect((await admin.get('/api/v1/event-rules')).json.event_rules).toHaveLength(1);
    expect((await ingest.get('/api/v1/event-rules')).status).toBe(403);
    expect((await admin.del(`/api/v1/event-rules/${created.json.id}`)).status).toBe(204);
    expect((await admin.del(`/api/v1/event-rules/${created.json.id}`)).status).toBe(404);
  });

  it('fires a one-person run DM’d through the outbox, once per cooldown; duplicates and unknown people are harmless', async () => {
    await admin.post('/api/v1/event-rules', { event: 'deploy.finished', survey: 'deploy_check', cooldown_hours: 24 });
    const event = {
      name: 'deploy.finished',
      email: 'ana@acme.test',
      timestamp: '2026-03-02T11:59:00Z',
      metadata: { service: 'checkout' },
    };
    expect((await ingest.post('/api/v1/events', event)).json).toEqual({ accepted: 1, duplicates: 0 });
    expect((await ingest.post('/api/v1/events', { events: [event] })).json).toEqual({ accepted: 0, duplicates: 1 });
    const runs = eventRuns();
    expect(runs).toEqual([
      { id: expect.any(String), opensAt: '2026-03-02T12:00:00.000Z', trigger: 'event', invited: 1 },
    ]);
    await h.scheduler.tick();
    expect(h.fake.messagesIn('DU0000001')).toHaveLength(1);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);

    h.clock.advance(3_600_000);
    await ingest.post('/api/v1/events', {
      events: [
        { ...event, timestamp: '2026-03-02T12:59:00Z' },
        { name: 'deploy.finished', email: 'stranger@elsewhere.test' },
        { name: 'page.viewed', slack_user_id: 'U0000002' },
      ],
    });
    expect(outcomes()).toEqual(['fired:run', 'cooldown', 'unknown_person', 'no_rule']);
    h.clock.advance(24 * 3_600_000);
    await ingest.post('/api/v1/events', { ...event, timestamp: undefined });
    expect(eventRuns()).toHaveLength(2);

    const invalid = await ingest.post('/api/v1/events', {
      events: [{ name: 'x', email: 'ana@acme.test' }, { name: 'y' }],
    });
    expect(invalid.status).toBe(422);
    expect(invalid.json.error.details).toEqual([
      { index: 1, field: 'email', message: 'email or slack_user_id is required' },
    ]);
    expect((await apiClient(h.server.base, tokenFor(h.deps, 'viewer')).post('/api/v1/events', event)).status).toBe(403);
  });

  it('samples, ignores stale events, and defers to the end of quiet hours in the rule’s time zone', async () => {
    await admin.post('/api/v1/event-rules', { event: 'never', survey: 'deploy_check', sample_rate: 0 });
    await admin.post('/api/v1/event-rules', {
      event: 'deploy.finished',
      survey: 'deploy_check',
      quiet_start: '19:00',
      quiet_end: '09:00',
      timezone: 'Europe/Berlin',
    });
    await ingest.post('/api/v1/events', {
      events: [
        { name: 'never', email: 'ben@acme.test' },
        { name: 'deploy.finished', email: 'ben@acme.test', timestamp: '2026-02-20T10:00:00Z' },
      ],
    });
    expect(outcomes()).toEqual(['sampled_out', 'stale']);

    h.clock.set('2026-03-02T20:00:00.000Z'); // 21:00 in Berlin: quiet until 09:00 local = 08:00Z
    await ingest.post('/api/v1/events', { name: 'deploy.finished', email: 'ben@acme.test' });
    expect(eventRuns().map((r) => r.opensAt)).toEqual(['2026-03-03T08:00:00.000Z']);
    await h.scheduler.tick();
    expect(h.fake.messagesIn('DU0000002')).toHaveLength(0);
    h.clock.set('2026-03-03T08:00:30.000Z');
    await h.scheduler.tick();
    expect(h.fake.messagesIn('DU0000002')).toHaveLength(1);
  });

  it('turns new production deployments with a known author into deploy.finished events (history and staging ignored)', async () => {
    await admin.post('/api/v1/event-rules', { event: 'deploy.finished', survey: 'deploy_check' });
    upsertServices(h.deps, { services: [{ name: 'checkout', team: 'payments' }] });
    const deploy = (id: string, author?: string) => ({
      id,
      service: 'checkout',
      finished_at: h.deps.now().toISOString(),
      ...(author ? { author } : {}),
    });
    expect((await ingest.post('/api/v1/deployments', deploy('old-1', 'ben@acme.test'))).status).toBe(200);
    await h.scheduler.tick(); // first scan only sets the cursor
    expect(eventRuns()).toHaveLength(0);
    await ingest.post('/api/v1/deployments', {
      deployments: [
        deploy('d-2', 'cleo@acme.test'),
        deploy('d-3'),
        deploy('d-4', 'nobody@acme.test'),
        { ...deploy('d-5', 'ben@acme.test'), environment: 'staging' },
      ],
    });
    const t = await h.scheduler.tick();
    expect(t.deployEvents).toBe(1);
    expect(eventRuns()).toHaveLength(1);
    expect(h.fake.messagesIn('DU0000003')).toHaveLength(1);
    expect((await h.scheduler.tick()).deployEvents).toBe(0);
  });
});
