import { updateDefinitions } from '../delivery/definitions.service.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { eventsRepo } from '../events/events.repo.js';
import { seededRandom } from './random.js';
import type { DemoContext } from './seed.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Typical hours from "environment requested" to "ready" by team: platform teams wait least. */
const ENV_HOURS: Record<string, number> = { checkout: 20, mobile: 16, data: 12, platform: 1.5, sre: 1 };

/**
 * The org's own metrics in the demo: "Environment provisioned" (env.requested → env.ready by
 * request_id) and "Environment requests" per developer-week, from platform events of active people
 * over the last 90 days. Written straight to the events table (no event rule fires), with its own
 * random stream so the other demo data stay as they were.
 */
export function seedCustomMetrics({ deps, today }: DemoContext): void {
  const random = seededRandom(20261203);
  const repo = eventsRepo(deps.db);
  const now = today.toISOString();
  const people = directoryRepo(deps.db)
    .people()
    .filter((p) => p.active);
  let request = 0;
  deps.db.transaction(() => {
    for (const p of people) {
      const typical = ENV_HOURS[p.teamKey] ?? 6;
      const asks = 1 + Math.floor(random() * 3);
      for (let i = 0; i < asks; i++) {
        const start = new Date(today.getTime() - (2 + random() * 85) * DAY_MS);
        const id = `demo-req-${++request}`;
        const metadata = JSON.stringify({ request_id: id });
        repo.insertEvent({
          name: 'env.requested',
          identity: `email:${p.email}`,
          personId: p.id,
          occurredAt: start.toISOString(),
          metadata,
          now,
        });
        if (random() < 0.1) continue; // still waiting
        const hours = typical * (0.4 + random() * 1.4);
        repo.insertEvent({
          name: 'env.ready',
          identity: 'email:platform-bot@acme.example',
          personId: null,
          occurredAt: new Date(start.getTime() + hours * HOUR_MS + request).toISOString(),
          metadata,
          now,
        });
      }
    }
  })();
  updateDefinitions(deps, {
    custom_metrics: [
      {
        key: 'env_ready',
        label: 'Environment provisioned',
        unit: 'hours',
        better: 'lower',
        kind: 'duration',
        start_event: 'env.requested',
        end_event: 'env.ready',
        match: 'request_id',
      },
      {
        key: 'env_requests',
        label: 'Environment requests',
        unit: 'per developer-week',
        better: 'higher',
        kind: 'count',
        start_event: 'env.requested',
      },
    ],
  });
}
