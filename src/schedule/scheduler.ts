import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { scanDeployments } from '../events/deploy-scan.js';
import { moduleLogger } from '../log.js';
import { createMailSender, type MailSendResult, type MailWorkerOptions } from '../mail/mail.worker.js';
import type { SmtpTransport } from '../mail/transport.js';
import { telemetryFor } from '../operators/telemetry.js';
import { readSetting, writeSetting } from '../settings/settings.repo.js';
import { slackRepo } from '../slack/slack.repo.js';
import { openDueRuns } from './cadence.service.js';
import { outboxRepo } from './outbox.repo.js';
import { ANNOUNCE_CHANNEL_SETTING } from '../slack/outbox-messages.js';
import { createOutboxSender, type OutboxWorkerOptions, type SendResult } from '../slack/outbox-sender.js';
import { DAY_MS } from '../units.js';

/** Loop updates created before Slack was first on are not announced (no flood of history). */
const LOOP_SINCE = 'slack.loop_announce_since';

export interface TickResult {
  opened: Array<{ survey: string; runId: string; invited: number }>;
  deployEvents: number;
  enqueued: { invites: number; reminders: number; loopUpdates: number; skipped: number };
  send: SendResult | null;
  /** E-mails sent this tick (null when e-mail is off). */
  mail: MailSendResult | null;
}

/**
 * One scheduler: opens cadence runs, turns new deployments into events, enqueues due
 * invitations, reminders and loop-update announcements by scanning (INSERT OR IGNORE on the
 * outbox's unique key), then sends. `tick()` is what tests call with a moved clock.
 */
export function createScheduler(
  deps: Deps,
  options: {
    client?: WebClient | null;
    outbox?: OutboxWorkerOptions;
    /** The SMTP client when e-mail is on (deps.config.mail); invitations then go by e-mail too. */
    mail?: SmtpTransport | null;
    mailOutbox?: MailWorkerOptions;
    intervalMs?: number;
  },
) {
  const log = moduleLogger(deps.log, 'schedule');
  const sender = options.client ? createOutboxSender(deps, options.client, options.outbox) : null;
  const mailSender = options.mail && deps.config.mail ? createMailSender(deps, options.mail, options.mailOutbox) : null;
  const outbox = outboxRepo(deps.db);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<TickResult> | null = null;
  let stopped = false;

  async function tick(): Promise<TickResult> {
    const opened = openDueRuns(deps);
    let deployEvents = 0;
    try {
      deployEvents = scanDeployments(deps);
    } catch (err) {
      log.error({ err }, 'deployment scan failed');
    }
    const now = deps.now().toISOString();
    const enqueued = { invites: 0, reminders: 0, loopUpdates: 0, skipped: 0 };
    if (!sender && !mailSender) return { opened, deployEvents, enqueued, send: null, mail: null };
    // Each person goes to one transport by their channel (outbox.repo.ts, TRANSPORT).
    const routing = { slack: sender !== null, mail: mailSender !== null };
    enqueued.skipped = outbox.skipStale(now);
    enqueued.invites = outbox.enqueueInvites(now, routing);
    enqueued.reminders = outbox.enqueueReminders(now, routing);
    if (sender) {
      let since = readSetting<string>(deps.db, LOOP_SINCE);
      if (!since) {
        since = now;
        writeSetting(deps.db, LOOP_SINCE, since, deps.now());
      }
      enqueued.loopUpdates = outbox.enqueueLoopUpdates(
        now,
        since,
        readSetting<string>(deps.db, ANNOUNCE_CHANNEL_SETTING) ?? null,
      );
      slackRepo(deps.db).pruneSeenEvents(new Date(deps.now().getTime() - 2 * DAY_MS).toISOString());
    }
    const send = sender ? await sender.sendDue() : null;
    const mail = mailSender ? await mailSender.sendDue() : null;
    return { opened, deployEvents, enqueued, send, mail };
  }

  /** tick() counted for /metrics: runs by outcome, duration, last success, runs opened. */
  async function measuredTick(): Promise<TickResult> {
    const telemetry = telemetryFor(deps.db);
    const stopTimer = telemetry.schedulerTickDuration.startTimer();
    try {
      const result = await tick();
      telemetry.schedulerTicks.inc({ outcome: 'ok' });
      telemetry.schedulerLastSuccess.set(Date.now() / 1000);
      if (result.opened.length) telemetry.runsOpened.inc({ trigger: 'cadence' }, result.opened.length);
      return result;
    } catch (err) {
      telemetry.schedulerTicks.inc({ outcome: 'error' });
      throw err;
    } finally {
      stopTimer();
    }
  }

  /** Runs a tick unless one is already running (ticks never overlap). */
  const tickOnce = (): Promise<TickResult> => {
    running ??= measuredTick().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    tick: tickOnce,
    sender,
    mailSender,
    /** Ticks every `intervalMs` (default 5 s) until stop(). */
    start() {
      stopped = false;
      const loop = async () => {
        try {
          await tickOnce();
        } catch (err) {
          log.error({ err }, 'scheduler tick failed');
        }
        if (!stopped) timer = setTimeout(() => void loop(), options.intervalMs ?? 5_000);
      };
      // loop() catches its own errors, so the timer callback drops its promise deliberately.
      timer = setTimeout(() => void loop(), 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
