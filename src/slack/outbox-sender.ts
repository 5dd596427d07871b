import { randomBytes } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { moduleLogger } from '../log.js';
import { countSendFailure } from '../operators/telemetry.js';
import { outboxRepo, type OutboxRow } from '../schedule/outbox.repo.js';
import { announcementChannel, renderOutboxMessage } from './outbox-messages.js';

/** Message metadata event type: every outbox message carries its dedupe key, so a restart can find it. */
const OUTBOX_EVENT_TYPE = 'chorus_outbox';

/** Slack errors after which sending to that person will not work by retrying. */
const PERMANENT = new Set([
  'user_not_found',
  'account_inactive',
  'cannot_dm_bot',
  'user_disabled',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'restricted_action',
  'missing_scope',
  'invalid_blocks',
  'msg_too_long',
]);
const MAX_ATTEMPTS = 5;

export interface OutboxWorkerOptions {
  /** Pause between two posts (Slack: about one message per second). Tests pass 0. */
  sendGapMs?: number;
  /** A claim older than this without a result is treated as a crashed send and reconciled. */
  leaseMs?: number;
  /** At most this many messages per tick (default 60). */
  batch?: number;
  instanceId?: string;
}

export interface SendResult {
  sent: number;
  skipped: number;
  failed: number;
  retried: number;
  reconciled: number;
  stoppedBy?: string;
}

type SlackCallError = Error & { code?: string; retryAfter?: number; data?: { error?: string } };

/** A bounded metrics label for a failed Slack call: rate_limited, a Slack error code we know, or unreachable. */
function failureReason(err: SlackCallError): string {
  if (err.code === 'slack_webapi_rate_limited_error') return 'rate_limited';
  if (err.code === 'slack_webapi_platform_error') {
    const code = err.data?.error ?? 'unknown_error';
    return PERMANENT.has(code) ? code : 'platform_error';
  }
  return 'unreachable';
}

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());
const plusMs = (d: Date, ms: number) => new Date(d.getTime() + ms).toISOString();

/**
 * Sends due outbox rows through the Slack Web API: claim → send → mark sent. A post that may have
 * reached Slack without us learning its ts is never resent blindly: the row goes `in_doubt` and is
 * reconciled against the DM's history, where every message carries its dedupe key as metadata.
 */
export function createOutboxSender(deps: Deps, client: WebClient, options: OutboxWorkerOptions = {}) {
  const repo = outboxRepo(deps.db);
  const log = moduleLogger(deps.log, 'outbox');
  const worker = options.instanceId ?? `w_${randomBytes(4).toString('hex')}`;
  const gap = options.sendGapMs ?? 1100;
  const lease = options.leaseMs ?? 120_000;
  let pausedUntil = 0;

  async function dmChannel(slackUserId: string): Promise<string> {
    const cached = repo.dmChannel(slackUserId);
    if (cached) return cached;
    const res = await client.conversations.open({ users: slackUserId });
    const id = res.channel?.id;
    if (!id)
      throw Object.assign(new Error('conversations.open returned no channel'), {
        code: 'slack_webapi_platform_error',
        data: { error: 'channel_not_found' },
      });
    repo.saveDmChannel(slackUserId, id, deps.now().toISOString());
    return id;
  }

  /** Looks for the row's message in its channel; true when found (and marked sent). */
  async function reconcile(row: OutboxRow): Promise<boolean> {
    const now = deps.now().toISOString();
    if (!row.channel) {
      // The channel is recorded before posting: without one, nothing was posted.
      repo.markStatus(row.id, 'pending', now, 'reconciled: never posted');
      return false;
    }
    const since = row.claimedAt ? Math.floor(new Date(row.claimedAt).getTime() / 1000) - 300 : 0;
    const history = await client.conversations.history({
      channel: row.channel,
      oldest: String(since),
      limit: 100,
      include_all_metadata: true,
    });
    const found = (history.messages ?? []).find(
      (m) =>
        (m as { metadata?: { event_type?: string; event_payload?: { key?: string } } }).metadata?.event_payload?.key ===
        row.dedupeKey,
    );
    if (found?.ts) {
      repo.markSent(row.id, row.channel, found.ts, now);
      log.info({ id: row.id, kind: row.kind }, 'in-doubt message found in Slack: marked sent');
      return true;
    }
    repo.markStatus(row.id, 'pending', now, 'reconciled: not in history');
    return false;
  }

  /** Handles a failed Slack call; returns a reason to stop this tick, if any. */
  function onError(row: OutboxRow, err: SlackCallError, mayHavePosted: boolean): string | undefined {
    const now = deps.now();
    countSendFailure(deps.db, 'slack', failureReason(err));
    if (err.code === 'slack_webapi_rate_limited_error') {
      const seconds = Math.max(1, err.retryAfter ?? 30);
      pausedUntil = now.getTime() + seconds * 1000;
      repo.markStatus(row.id, 'pending', now.toISOString(), 'ratelimited', plusMs(now, seconds * 1000));
      log.warn({ id: row.id, retryAfter: seconds }, 'Slack rate limit: pausing the outbox');
      return 'rate_limited';
    }
    if (err.code === 'slack_webapi_platform_error') {
      const code = err.data?.error ?? 'unknown_error';
      if (PERMANENT.has(code) || row.attempts >= MAX_ATTEMPTS) {
        repo.markStatus(row.id, 'failed', now.toISOString(), code);
        log.warn({ id: row.id, kind: row.kind, error: code }, 'Slack refused the message: not retrying');
      } else {
        repo.markStatus(row.id, 'pending', now.toISOString(), code, plusMs(now, row.attempts * 60_000));
      }
      return undefined;
    }
    // Network or HTTP error: Slack may have posted it. Reconcile instead of resending.
    repo.markStatus(
      row.id,
      mayHavePosted ? 'in_doubt' : 'pending',
      now.toISOString(),
      err.code ?? 'request_error',
      mayHavePosted ? null : plusMs(now, row.attempts * 60_000),
    );
    log.warn({ id: row.id, error: err.code ?? err.message }, 'Slack unreachable: stopping this round');
    return 'unreachable';
  }

  /** 'sent', 'skipped', or what stopped it ('unreachable', a Slack error code, …). */
  async function sendOne(row: OutboxRow): Promise<string> {
    const now = () => deps.now().toISOString();
    const rendered = renderOutboxMessage(deps, repo, row);
    if ('skip' in rendered) {
      repo.markStatus(row.id, 'skipped', now(), rendered.skip);
      return 'skipped';
    }
    let channel: string | null;
    try {
      channel = row.kind === 'loop_update' ? announcementChannel(deps, row) : await dmChannel(row.target ?? '');
    } catch (err) {
      return onError(row, err as SlackCallError, false) ?? 'error';
    }
    if (!channel) {
      repo.markStatus(row.id, 'skipped', now(), 'no channel');
      return 'skipped';
    }
    repo.setChannel(row.id, channel, now());
    try {
      const res = await client.chat.postMessage({
        channel,
        text: rendered.message.text,
        blocks: rendered.message.blocks,
        metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { key: row.dedupeKey } },
      });
      repo.markSent(row.id, res.channel ?? channel, res.ts ?? '', now());
      return 'sent';
    } catch (err) {
      return onError(row, err as SlackCallError, true) ?? 'error';
    }
  }

  return {
    worker,
    /** True while a 429 Retry-After pause is in force. */
    paused: () => deps.now().getTime() < pausedUntil,
    /** Reconciles in-doubt rows, then sends due rows (throttled) until none is due or Slack says stop. */
    async sendDue(): Promise<SendResult> {
      const result: SendResult = { sent: 0, skipped: 0, failed: 0, retried: 0, reconciled: 0 };
      if (deps.now().getTime() < pausedUntil) return { ...result, stoppedBy: 'rate_limited' };
      for (const row of repo.inDoubt(new Date(deps.now().getTime() - lease).toISOString())) {
        try {
          if (await reconcile(row)) result.reconciled++;
        } catch (err) {
          const e = err as SlackCallError;
          if (e.code === 'slack_webapi_platform_error') {
            // Cannot read the DM history (e.g. the im:history scope was not granted): prefer one
            // possible duplicate over skipping someone.
            repo.markStatus(
              row.id,
              'pending',
              deps.now().toISOString(),
              `reconcile failed: ${e.data?.error ?? 'error'}`,
            );
            log.warn(
              { id: row.id, error: e.data?.error },
              'could not check the DM history; the message will be sent again',
            );
            continue;
          }
          const stop = onError(row, e, false);
          if (stop) return { ...result, stoppedBy: stop };
        }
      }
      // About a minute of sending per tick at the default pace, so cadence and scans are never held up long.
      const limit = options.batch ?? 60;
      for (let i = 0; i < limit; i++) {
        const row = repo.claimNext(deps.now().toISOString(), worker);
        if (!row) break;
        const outcome = await sendOne(row);
        if (outcome === 'sent') result.sent++;
        else if (outcome === 'skipped') result.skipped++;
        else if (outcome === 'error') result.retried++;
        else return { ...result, stoppedBy: outcome };
        if (outcome === 'sent') await sleep(gap);
      }
      return result;
    },
  };
}

export type OutboxSender = ReturnType<typeof createOutboxSender>;

/** The Slack outbox by kind and status (the admin Slack page). */
export const slackOutboxStats = (deps: Deps) => outboxRepo(deps.db).stats();

/** The pulse messages already sent to this person for this run (to update them once answered). */
export const sentPulseMessages = (deps: Deps, runId: string, personId: number) =>
  outboxRepo(deps.db).sentForRunPerson(runId, personId);
