import type { Deps } from '../deps.js';
import { updateDefinitions } from '../delivery/definitions.service.js';
import { ingestCosts, ingestDeployments, ingestIncidents } from '../delivery/ingest.service.js';
import { createWindows } from '../delivery/windows.service.js';
import type { DemoContext } from './seed.js';
import { HOUR_MS } from '../units.js';

const DAY = 24 * HOUR_MS;

interface TeamProfile {
  services: string[];
  /** Production deployments per working day. */
  perDay: number;
  /** Median hours from commit to deployment (log-normal around it). */
  leadHours: number;
  failureRate: number;
  reasons: Array<[string, number]>;
  /** UTC hour the working day starts. */
  startHour: number;
  /** Several deployments of one version (staged mobile rollouts). */
  versionRepeats?: number;
  stagingShare?: number;
}

/**
 * The demo story in delivery numbers (consistent with the survey seeder): payments has flaky CI →
 * long lead times and "flaky tests" failures, worse in the last two months; checkout's slow reviews
 * → long and growing lead times; platform deploys all the time and carries most of the cost, with
 * a lot of idle capacity; mobile ships versions in staged rollouts.
 */
const DEMO_DELIVERY: Record<string, TeamProfile> = {
  payments: {
    services: ['payments-api', 'ledger'],
    perDay: 1.5,
    leadHours: 60,
    failureRate: 0.22,
    reasons: [
      ['Flaky tests', 6],
      ['flaky-tests', 1],
      ['test gap', 2],
      ['config', 1],
    ],
    startHour: 14,
    stagingShare: 0.3,
  },
  checkout: {
    services: ['checkout-web', 'cart'],
    perDay: 1.6,
    leadHours: 80,
    failureRate: 0.14,
    reasons: [
      ['review miss', 3],
      ['config', 2],
      ['dependency', 1],
    ],
    startHour: 8,
  },
  search: {
    services: ['search-indexer', 'search-api'],
    perDay: 2.4,
    leadHours: 18,
    failureRate: 0.1,
    reasons: [
      ['test gap', 2],
      ['capacity', 1],
    ],
    startHour: 8,
  },
  mobile: {
    services: ['mobile-app'],
    perDay: 0.9,
    leadHours: 40,
    failureRate: 0.12,
    reasons: [
      ['store review', 1],
      ['crash', 2],
    ],
    startHour: 8,
    versionRepeats: 3,
  },
  growth: {
    services: ['experiments'],
    perDay: 2.4,
    leadHours: 14,
    failureRate: 0.09,
    reasons: [
      ['config', 2],
      ['feature flag', 1],
    ],
    startHour: 15,
  },
  platform: {
    services: ['k8s-platform', 'ci-runners'],
    perDay: 4.2,
    leadHours: 4,
    failureRate: 0.07,
    reasons: [
      ['infra', 2],
      ['config', 1],
    ],
    startHour: 7,
    stagingShare: 0.25,
  },
  data: {
    services: ['warehouse'],
    perDay: 1.5,
    leadHours: 22,
    failureRate: 0.1,
    reasons: [
      ['schema change', 2],
      ['capacity', 1],
    ],
    startHour: 7,
  },
  identity: {
    services: ['auth'],
    perDay: 2,
    leadHours: 20,
    failureRate: 0.08,
    reasons: [
      ['config', 1],
      ['dependency', 1],
    ],
    startHour: 8,
  },
  web: {
    services: ['web-frontend'],
    perDay: 0.7,
    leadHours: 12,
    failureRate: 0.06,
    reasons: [
      ['test gap', 1],
      ['config', 1],
    ],
    startHour: 8,
  },
  sre: {
    services: ['observability'],
    perDay: 0.3,
    leadHours: 34,
    failureRate: 0.14,
    reasons: [
      ['config', 2],
      ['capacity', 1],
    ],
    startHour: 7,
  },
  security: {
    services: ['vault-proxy'],
    perDay: 0.5,
    leadHours: 30,
    failureRate: 0.1,
    reasons: [['config', 1]],
    startHour: 8,
  },
};

/** Daily cost per team (USD) and typical utilization. */
const COST: Record<string, [number, number]> = {
  platform: [1900, 0.42],
  data: [900, 0.55],
  search: [520, 0.6],
  payments: [430, 0.58],
  checkout: [360, 0.62],
  mobile: [180, 0.5],
  growth: [220, 0.66],
  identity: [240, 0.6],
  web: [260, 0.64],
  sre: [480, 0.47],
  security: [90, 0.5],
};

const DEMO_TAXONOMY = [{ reason: 'flaky tests', aliases: ['flaky-tests', 'flaky test', 'flaky pipeline'] }];

const DEMO_WINDOWS = [
  {
    team: 'platform',
    weekdays: [1, 2, 3, 4],
    start: '09:00',
    end: '16:00',
    timezone: 'Europe/Berlin',
    label: 'Platform change window',
  },
  {
    team: 'payments',
    weekdays: [2, 3, 4],
    start: '10:00',
    end: '15:00',
    timezone: 'America/New_York',
    label: 'Payments release window',
  },
];

function pick<T>(random: () => number, weighted: Array<[T, number]>): T {
  const total = weighted.reduce((a, [, w]) => a + w, 0);
  let r = random() * total;
  for (const [v, w] of weighted) if ((r -= w) < 0) return v;
  return weighted[weighted.length - 1][0];
}

/** Log-normal around a median (sigma in log units). */
const logNormal = (random: () => number, median: number, sigma = 0.8) => {
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return median * Math.exp(sigma * z);
};

/** Six months of deployments, incidents and costs up to `today` (deterministic for a seed). */
export function generateDeliveryDemo(random: () => number, today: Date, days = 182) {
  const start = Math.floor(today.getTime() / DAY) * DAY - days * DAY;
  const deployments: Array<Record<string, unknown>> = [];
  const incidents: Array<Record<string, unknown>> = [];
  const costs: Array<Record<string, unknown>> = [];
  let sha = 0;
  for (const [team, p] of Object.entries(DEMO_DELIVERY)) {
    let seq = 0;
    let carry: Array<{ sha: string; committed_at: string }> = [];
    let version = 1;
    let repeats = 0;
    for (let d = 0; d < days; d++) {
      const dayStart = start + d * DAY;
      const weekday = new Date(dayStart).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      const late = d > days - 60;
      const lead = p.leadHours * (team === 'payments' && late ? 1.6 : team === 'checkout' ? 0.7 + (0.6 * d) / days : 1);
      const failureRate = p.failureRate + (team === 'payments' && late ? 0.08 : 0);
      let n = Math.floor(p.perDay) + (random() < p.perDay % 1 ? 1 : 0);
      if (random() < 0.08) n += 2;
      for (let k = 0; k < n; k++) {
        const finished = dayStart + p.startHour * HOUR_MS + random() * 8 * HOUR_MS;
        if (finished >= today.getTime()) continue;
        const service = p.services[Math.floor(random() * p.services.length)];
        const fresh = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
          sha: `demo${(sha++).toString(16).padStart(8, '0')}`,
          committed_at: new Date(finished - Math.max(0.2, logNormal(random, lead)) * HOUR_MS).toISOString(),
        }));
        const commits = [...carry, ...fresh];
        const failed = random() < failureRate;
        const incidentCause = !failed && random() < 0.018;
        const id = `${team}-${++seq}`;
        const item: Record<string, unknown> = {
          id,
          service,
          team,
          finished_at: new Date(finished).toISOString(),
          started_at: new Date(finished - (10 + random() * 30) * 60_000).toISOString(),
          status: failed ? (random() < 0.3 ? 'rolled_back' : 'failure') : 'success',
          version: p.versionRepeats ? `${version}.0.0` : `${service}@${seq}`,
          commits,
        };
        if (failed) item.failure_reason = pick(random, p.reasons);
        if (!failed && carry.length && random() < 0.5) item.unplanned = true;
        deployments.push(item);
        carry = failed ? commits : [];
        if (p.versionRepeats && !failed && ++repeats >= p.versionRepeats) {
          version++;
          repeats = 0;
        }
        if ((failed && random() < 0.1) || incidentCause) {
          const opened = finished + (5 + random() * 90) * 60_000;
          const open = opened > today.getTime() - 3 * DAY && random() < 0.5;
          incidents.push({
            id: `inc-${team}-${incidents.length + 1}`,
            service,
            opened_at: new Date(opened).toISOString(),
            resolved_at: open
              ? undefined
              : new Date(
                  opened + Math.max(0.2, logNormal(random, team === 'payments' ? 4 : 2, 0.9)) * HOUR_MS,
                ).toISOString(),
            severity: random() < 0.2 ? 'sev1' : 'sev2',
            deployment_id: id,
            reason: incidentCause ? pick(random, p.reasons) : undefined,
          });
        }
        if (p.stagingShare && random() < p.stagingShare) {
          deployments.push({
            id: `${id}-stg`,
            service,
            team,
            environment: 'staging',
            finished_at: new Date(finished - 2 * HOUR_MS).toISOString(),
            commits: fresh,
          });
        }
      }
      if (random() < 0.01) {
        const opened = dayStart + (2 + random() * 20) * HOUR_MS;
        if (opened < today.getTime() - DAY) {
          incidents.push({
            id: `inc-${team}-${incidents.length + 1}`,
            team,
            opened_at: new Date(opened).toISOString(),
            resolved_at: new Date(opened + logNormal(random, 3) * HOUR_MS).toISOString(),
            severity: 'sev3',
            reason: 'capacity',
          });
        }
      }
    }
    const [cost, util] = COST[team];
    for (let d = 0; d < days; d++) {
      const date = new Date(start + d * DAY).toISOString().slice(0, 10);
      const c = cost * (0.9 + random() * 0.2);
      const cpuRequested = Math.round(cost / 6);
      const memRequested = Math.round(cost / 3);
      costs.push({
        date,
        team,
        cost: Math.round(c * 100) / 100,
        namespace: team,
        cpu_requested: cpuRequested,
        cpu_used: Math.round(cpuRequested * util * (0.85 + random() * 0.3) * 10) / 10,
        memory_requested_gb: memRequested,
        memory_used_gb: Math.round(memRequested * Math.min(1, util + 0.1) * (0.9 + random() * 0.2) * 10) / 10,
      });
    }
  }
  return { deployments, incidents, costs };
}

/** Seeds the demo delivery data, definitions (a failure taxonomy with aliases) and two teams' windows. */
export function seedDelivery({ deps, random, today }: DemoContext): void {
  const data = generateDeliveryDemo(random, today);
  storeDemo(deps, data);
  updateDefinitions(deps, { failure_reasons: DEMO_TAXONOMY });
  createWindows(deps, { windows: DEMO_WINDOWS });
}

function storeDemo(deps: Deps, data: ReturnType<typeof generateDeliveryDemo>): void {
  for (let i = 0; i < data.deployments.length; i += 10_000)
    ingestDeployments(deps, { deployments: data.deployments.slice(i, i + 10_000) }, 'demo');
  ingestIncidents(deps, { incidents: data.incidents });
  for (let i = 0; i < data.costs.length; i += 10_000) ingestCosts(deps, { costs: data.costs.slice(i, i + 10_000) });
}
