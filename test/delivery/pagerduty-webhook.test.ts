import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';

// PagerDuty's own V3 example delivery (see fixtures/README.md).
const FIXTURE = JSON.parse(readFileSync(new URL('./fixtures/pagerduty/incident.json', import.meta.url), 'utf8'));
const SECRET = 'pagerduty-signing-secret-for-tests';
const OPENED = '2026-03-05T10:00:00.000Z';

let deps: Deps;
let srv: TestServer;
let admin: ReturnType<typeof apiClient>;
let viewer: ReturnType<typeof apiClient>;

const sign = (body: string, secret = SECRET) => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;

function event(type: string, id: string, occurredAt: string, data: Record<string, unknown> = {}) {
  const p = structuredClone(FIXTURE);
  p.event.id = id;
  p.event.event_type = type;
  p.event.occurred_at = occurredAt;
  p.event.data.created_at = OPENED;
  p.event.data.status = type.split('.')[1];
  Object.assign(p.event.data, data);
  return p;
}

async function deliver(payload: unknown, signature?: string | null, base = srv.base) {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-pagerduty-signature'] = signature ?? sign(body);
  const res = await fetch(`${base}/webhooks/pagerduty`, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as any };
}

const incidents = () => deps.db.prepare('SELECT * FROM incidents ORDER BY id').all() as any[];
const listed = async () => (await viewer.get('/api/v1/incidents?from=2026-03-01&to=2026-03-10')).json.incidents;

beforeAll(async () => {
  deps = makeDeps({ now: () => new Date('2026-03-20T00:00:00Z'), config: { pagerdutyWebhookSecret: SECRET } });
  srv = await startServer(deps);
  admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
  expect((await admin.post('/api/v1/teams', { teams: [{ key: 'payments', name: 'Payments' }] })).status).toBe(200);
  const deployments = [
    { id: 'dep-1', service: 'payments-api', team: 'payments', finished_at: '2026-03-05T07:00:00Z' },
    { id: 'dep-2', service: 'API Service', team: 'payments', finished_at: '2026-03-01T07:00:00Z' },
  ];
  const ingest = apiClient(srv.base, tokenFor(deps, 'ingest'));
  expect((await ingest.post('/api/v1/deployments', { deployments })).status).toBe(200);
});
afterAll(() => srv.close());

describe('POST /webhooks/pagerduty', () => {
  it('refuses a missing or wrong signature (401) and stores nothing', async () => {
    const p = event('incident.triggered', 'evt-x', OPENED);
    expect((await deliver(p, null)).status).toBe(401);
    const wrong = await deliver(p, sign(JSON.stringify(p), 'another-secret'));
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('bad_signature');
    expect((await deliver(p, 'v1=zz')).status).toBe(401);
    expect(incidents()).toHaveLength(0);
  });

  it('answers 503 webhook_not_configured without a secret', async () => {
    const off = await startServer(makeDeps());
    try {
      const r = await deliver(event('incident.triggered', 'evt-y', OPENED), undefined, off.base);
      expect(r.status).toBe(503);
      expect(r.json.error.code).toBe('webhook_not_configured');
    } finally {
      await off.close();
    }
  });

  it('a triggered incident of a PagerDuty service named like a Chorus service becomes an incident', async () => {
    const r = await deliver(event('incident.triggered', 'evt-1', OPENED));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ event: 'incident.triggered', outcome: 'stored', incident: 'pagerduty-PGR0VU2' });
    const [i] = await listed();
    expect(i).toMatchObject({
      id: 'pagerduty-PGR0VU2',
      service: 'API Service',
      team: 'payments',
      opened_at: OPENED,
      resolved_at: null,
      severity: 'P1',
    });
  });

  it('the mapping sends a PagerDuty service to another Chorus service; bad mappings are 422', async () => {
    const bad = await admin.put('/api/v1/pagerduty/services', {
      mappings: [{ pagerduty_service: 'PF9KMXH', service: 'nope' }],
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details[0].field).toBe('mappings.0.service');
    const put = await admin.put('/api/v1/pagerduty/services', {
      mappings: [{ pagerduty_service: 'PF9KMXH', service: 'payments-api' }],
    });
    expect(put.status, put.text).toBe(200);
    expect((await viewer.get('/api/v1/pagerduty/services')).json).toEqual({
      mappings: [{ pagerduty_service: 'PF9KMXH', service: 'payments-api' }],
    });
    // Acknowledged: same incident, now under the mapped service; urgency when there is no priority.
    const ack = await deliver(
      event('incident.acknowledged', 'evt-2', '2026-03-05T10:05:00Z', { priority: null, urgency: 'low' }),
    );
    expect(ack.json.outcome).toBe('updated');
    const [i] = await listed();
    expect(i).toMatchObject({ service: 'payments-api', severity: 'low', resolved_at: null });
  });

  it('resolved sets resolved_at; a redelivery changes nothing; reopened clears it', async () => {
    const resolved = event('incident.resolved', 'evt-3', '2026-03-05T11:30:00Z');
    expect((await deliver(resolved)).json.outcome).toBe('updated');
    expect((await listed())[0].resolved_at).toBe('2026-03-05T11:30:00.000Z');
    const before = incidents();
    const again = await deliver(resolved);
    expect(again.status).toBe(200);
    expect(again.json.duplicate).toBe(true);
    expect(incidents()).toEqual(before);
    // Several signatures (a rotating secret): any match passes.
    const reopened = event('incident.reopened', 'evt-4', '2026-03-05T12:00:00Z');
    const body = JSON.stringify(reopened);
    const r = await deliver(reopened, `v1=${'0'.repeat(64)}, ${sign(body)}`);
    expect(r.status).toBe(200);
    expect((await listed())[0].resolved_at).toBeNull();
    await deliver(event('incident.resolved', 'evt-5', '2026-03-05T13:00:00Z'));
    expect((await listed())[0].resolved_at).toBe('2026-03-05T13:00:00.000Z');
    expect(incidents()).toHaveLength(1);
  });

  it('other event types answer 202 and store nothing', async () => {
    const before = incidents();
    const r = await deliver(event('incident.annotated', 'evt-6', '2026-03-05T13:10:00Z'));
    expect(r.status).toBe(202);
    expect(r.json.outcome).toMatch(/^ignored/);
    expect(incidents()).toEqual(before);
  });

  it('an unknown service is ignored (202) and counts once mapped', async () => {
    const p = event('incident.triggered', 'evt-7', OPENED, {
      id: 'PNEW1',
      service: { id: 'PXXXXXX', summary: 'Checkout PD', type: 'service_reference' },
    });
    const first = await deliver(p);
    expect(first.status).toBe(202);
    expect(first.json.outcome).toContain('Checkout PD');
    await admin.put('/api/v1/pagerduty/services', {
      mappings: [
        { pagerduty_service: 'PF9KMXH', service: 'payments-api' },
        { pagerduty_service: 'checkout pd', service: 'payments-api' },
      ],
    });
    const second = await deliver(p);
    expect(second.status).toBe(200);
    expect(incidents().map((i) => i.external_id)).toEqual(['pagerduty-PGR0VU2', 'pagerduty-PNEW1']);
  });

  it('a PagerDuty incident is linked by the inferred rule like any other', async () => {
    await admin.put('/api/v1/definitions', { incident_link_hours: 24 });
    const i = (await listed()).find((x: any) => x.id === 'pagerduty-PGR0VU2');
    expect(i).toMatchObject({
      deployment_id: 'dep-1',
      link: 'inferred',
      link_reason: 'latest production deployment of payments-api, 3 h before',
    });
    const dora = (await viewer.get('/api/v1/dora?service=payments-api&from=2026-03-01&to=2026-03-10')).json;
    // dep-1 is named by both PagerDuty incidents: one failed deployment of one.
    expect(dora.change_failure_rate).toMatchObject({ failed: 1, total: 1, rate: 1 });
  });
});
