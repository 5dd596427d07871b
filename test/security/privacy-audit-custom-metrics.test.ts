/**
 * Privacy audit of custom metrics (figures about people from platform events): over random team
 * sizes and windows, no shown figure of a team, or of the scope, comes from fewer than k distinct
 * people, and hidden siblings under a shown parent together hold at least k people (so no hidden
 * team is the parent minus the shown ones). People are counted independently from the events sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';

const K = 5;
// parent → children; sizes from 1 to 9 people, so some teams fall below k.
const TREE: Array<{ key: string; parent: string | null; size: number }> = [
  { key: 'eng', parent: null, size: 0 },
  { key: 'apps', parent: 'eng', size: 0 },
  { key: 'web', parent: 'apps', size: 7 },
  { key: 'ios', parent: 'apps', size: 3 },
  { key: 'android', parent: 'apps', size: 6 },
  { key: 'infra', parent: 'eng', size: 0 },
  { key: 'sre', parent: 'infra', size: 2 },
  { key: 'db', parent: 'infra', size: 9 },
  { key: 'sec', parent: null, size: 4 },
];

let seed = 424242;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

interface Ev {
  name: string;
  email: string;
  timestamp: string;
  metadata: Record<string, unknown>;
}
const events: Ev[] = [];
const teamOfEmail = new Map<string, string>();

let deps: Deps;
let srv: TestServer;
let viewer: ReturnType<typeof apiClient>;

beforeAll(async () => {
  deps = makeDeps({ now: () => new Date('2026-04-01T00:00:00Z') });
  srv = await startServer(deps);
  const admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
  await admin.post('/api/v1/teams', { teams: TREE.map((t) => ({ key: t.key, name: t.key, parent: t.parent })) });
  const people = TREE.flatMap((t) =>
    Array.from({ length: t.size }, (_, i) => ({
      email: `${t.key}${i}@example.com`,
      name: `${t.key} ${i}`,
      team: t.key,
    })),
  );
  people.forEach((p) => teamOfEmail.set(p.email, p.team));
  expect((await admin.post('/api/v1/people', { people })).status).toBe(200);
  let r = 0;
  for (const p of people) {
    // Some people send nothing at all: a team's figure counts only the people whose events make it.
    if (random() < 0.2) continue;
    const asks = 1 + Math.floor(random() * 3);
    for (let i = 0; i < asks; i++) {
      const start = Date.UTC(2026, 2, 1) + Math.floor(random() * 28 * 24) * 3_600_000;
      const id = `q${++r}`;
      events.push({
        name: 'env.requested',
        email: p.email,
        timestamp: new Date(start).toISOString(),
        metadata: { id },
      });
      events.push({
        name: 'env.ready',
        email: 'bot@example.com',
        timestamp: new Date(start + (1 + random() * 20) * 3_600_000 + r).toISOString(),
        metadata: { id },
      });
    }
  }
  const ingest = apiClient(srv.base, tokenFor(deps, 'ingest'));
  expect((await ingest.post('/api/v1/events', { events })).status).toBe(200);
  const put = await admin.put('/api/v1/definitions', {
    custom_metrics: [
      {
        key: 'wait',
        label: 'Wait',
        unit: 'hours',
        better: 'lower',
        kind: 'duration',
        start_event: 'env.requested',
        end_event: 'env.ready',
        match: 'id',
      },
      { key: 'asks', label: 'Asks', unit: '', better: 'higher', kind: 'count', start_event: 'env.requested' },
    ],
  });
  expect(put.status, put.text).toBe(200);
});
afterAll(() => srv.close());

const subtree = (key: string): string[] => [
  key,
  ...TREE.filter((t) => t.parent === key).flatMap((t) => subtree(t.key)),
];
/** Distinct people with a start event in the window in these teams (every start here gets an end). */
function peopleIn(teams: string[] | null, from: string, to: string): number {
  const who = new Set<string>();
  for (const e of events) {
    if (e.name !== 'env.requested' || e.timestamp < from || e.timestamp >= to) continue;
    const team = teamOfEmail.get(e.email)!;
    if (!teams || teams.includes(team)) who.add(e.email);
  }
  return who.size;
}

const WINDOWS = [
  ['2026-03-01T00:00:00.000Z', '2026-03-29T00:00:00.000Z'],
  ['2026-03-01T00:00:00.000Z', '2026-03-08T00:00:00.000Z'],
  ['2026-03-10T00:00:00.000Z', '2026-03-13T00:00:00.000Z'],
  ['2026-03-20T00:00:00.000Z', '2026-03-21T00:00:00.000Z'],
];

describe('privacy audit: custom metrics', () => {
  it('never shows a figure from fewer than k people, nor a hidden team as parent minus siblings', async () => {
    let checkedHidden = 0;
    let checkedShown = 0;
    for (const key of ['wait', 'asks']) {
      for (const [from, to] of WINDOWS) {
        for (const scope of [null, 'eng', 'apps', 'infra', 'ios', 'sec']) {
          const res = await viewer.get(`/api/v1/metrics/${key}?from=${from}&to=${to}${scope ? `&team=${scope}` : ''}`);
          expect(res.status, res.text).toBe(200);
          const r = res.json;
          const scopePeople = peopleIn(scope ? subtree(scope) : null, from, to);
          if (!r.suppressed && (r.n ?? 0) > 0) expect(scopePeople, `${key} ${scope} ${from}`).toBeGreaterThanOrEqual(K);
          const byTeam = new Map<string, any>(r.by_team.map((t: any) => [t.team, t]));
          for (const t of r.by_team) {
            const n = peopleIn(subtree(t.team), from, to);
            if (!t.suppressed) {
              checkedShown++;
              if (n > 0) expect(n, `${key} ${t.team} ${from}`).toBeGreaterThanOrEqual(K);
            } else {
              checkedHidden++;
              expect([t.median, t.p75, t.n, t.rate]).toEqual([null, null, null, null]);
            }
          }
          // Sibling rule: under a shown parent, the hidden children hold at least k people together.
          for (const parent of TREE.filter((p) => byTeam.has(p.key) && !byTeam.get(p.key).suppressed)) {
            const kids = TREE.filter((c) => c.parent === parent.key && byTeam.get(c.key)?.suppressed);
            const hiddenWithPeople = kids.filter((c) => peopleIn(subtree(c.key), from, to) > 0);
            if (!hiddenWithPeople.length) continue;
            const together = peopleIn(
              hiddenWithPeople.flatMap((c) => subtree(c.key)),
              from,
              to,
            );
            expect(together, `${key} under ${parent.key} ${from}`).toBeGreaterThanOrEqual(K);
          }
        }
      }
    }
    expect(checkedHidden).toBeGreaterThan(10);
    expect(checkedShown).toBeGreaterThan(10);
  });
});
