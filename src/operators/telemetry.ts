import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/open.js';

/**
 * The Prometheus metrics of one workspace (one database connection, i.e. one app instance):
 * each has its own registry, never prom-client's global one, so several apps in one process
 * (tests) keep separate counts. Counters are bumped where things happen; gauges that describe
 * the database (outbox) are filled when /metrics is scraped.
 */
export interface Telemetry {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  cacheLookups: Counter<'cache' | 'result'>;
  sendFailures: Counter<'channel' | 'reason'>;
  schedulerTicks: Counter<'outcome'>;
  schedulerTickDuration: Histogram<string>;
  schedulerLastSuccess: Gauge<string>;
  runsOpened: Counter<'trigger'>;
  outboxDepth: Gauge<'channel'>;
  outboxOldestDueAge: Gauge<'channel'>;
  outboxFailed: Gauge<'channel'>;
}

function createTelemetry(): Telemetry {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'chorus_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern (not the raw URL) and status code',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'chorus_http_request_duration_seconds',
      help: 'Time from the request arriving to the last byte of the answer, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    cacheLookups: new Counter({
      name: 'chorus_report_cache_lookups_total',
      help: 'Report cache lookups by cache (report: org/team/leadership/themes; results: survey results) and result (hit or miss)',
      labelNames: ['cache', 'result'],
      registers,
    }),
    sendFailures: new Counter({
      name: 'chorus_send_failures_total',
      help: 'Failed attempts to send a message, by channel (slack, email) and reason',
      labelNames: ['channel', 'reason'],
      registers,
    }),
    schedulerTicks: new Counter({
      name: 'chorus_scheduler_runs_total',
      help: 'Scheduler runs (open due survey runs, scan deployments, enqueue and send messages), by outcome',
      labelNames: ['outcome'],
      registers,
    }),
    schedulerTickDuration: new Histogram({
      name: 'chorus_scheduler_run_duration_seconds',
      help: 'How long one scheduler run took',
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 120],
      registers,
    }),
    schedulerLastSuccess: new Gauge({
      name: 'chorus_scheduler_last_success_timestamp_seconds',
      help: 'Unix time of the last scheduler run that finished without an error (0: none yet)',
      registers,
    }),
    runsOpened: new Counter({
      name: 'chorus_survey_runs_opened_total',
      help: 'Survey runs opened by the scheduler (cadence) since the process started',
      labelNames: ['trigger'],
      registers,
    }),
    outboxDepth: new Gauge({
      name: 'chorus_outbox_depth',
      help: 'Messages waiting in the outbox (pending, sending or in doubt), by channel',
      labelNames: ['channel'],
      registers,
    }),
    outboxOldestDueAge: new Gauge({
      name: 'chorus_outbox_oldest_due_age_seconds',
      help: 'Age of the oldest message that is due and not yet sent, by channel (0: nothing due)',
      labelNames: ['channel'],
      registers,
    }),
    outboxFailed: new Gauge({
      name: 'chorus_outbox_failed_messages',
      help: 'Outbox messages given up on (the channel refused them or too many attempts), by channel',
      labelNames: ['channel'],
      registers,
    }),
  };
}

const byDatabase = new WeakMap<Db, Telemetry>();

/** The telemetry of the workspace behind `db` (created on first use). */
export function telemetryFor(db: Db): Telemetry {
  let t = byDatabase.get(db);
  if (!t) byDatabase.set(db, (t = createTelemetry()));
  return t;
}

/** Counts one lookup of a report cache at its lookup point. */
export function countCacheLookup(db: Db, cache: 'report' | 'results', hit: boolean): void {
  telemetryFor(db).cacheLookups.inc({ cache, result: hit ? 'hit' : 'miss' });
}

/** Counts one failed send attempt (Slack post, e-mail) with a short, bounded reason. */
export function countSendFailure(db: Db, channel: 'slack' | 'email', reason: string): void {
  telemetryFor(db).sendFailures.inc({ channel, reason });
}

const processMetricsOn = new WeakSet<Registry>();

/**
 * Adds Node's process metrics (resident memory, CPU, event-loop lag, heap) to the workspace's
 * registry. Called once by the server (main.ts), not by tests, because each call starts
 * event-loop sampling for the life of the process.
 */
export function enableProcessMetrics(db: Db): void {
  const { registry } = telemetryFor(db);
  if (processMetricsOn.has(registry)) return;
  processMetricsOn.add(registry);
  collectDefaultMetrics({ register: registry, prefix: 'chorus_' });
}
