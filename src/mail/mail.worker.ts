import { randomBytes } from 'node:crypto';
import type { Deps } from '../deps.js';
import { respondentLocale, workspaceLocale } from '../i18n/localize.js';
import { moduleLogger } from '../log.js';
import { countSendFailure } from '../operators/telemetry.js';
import { outboxRepo } from '../schedule/outbox.repo.js';
import { runsRepo } from '../surveys/runs.repo.js';
import { personalLink } from '../surveys/runs.service.js';
import { surveysRepo } from '../surveys/surveys.repo.js';
import { effectiveThreshold } from '../surveys/surveys.service.js';
import { currentTaxonomy } from '../themes/taxonomy.service.js';
import { mailOutboxRepo, type MailRow } from './mail-outbox.repo.js';
import { loopUpdateMail, MAIL_LOCALES, surveyMail, type MailContent } from './messages.js';
import { composeMessage, handOverStream, messageIdFor, type SmtpTransport } from './transport.js';

/** A 4xx reply is retried at most this many attempts in all; then the row is failed. */
const MAX_ATTEMPTS = 5;
/** Back-off after a 4xx or a lost connection: 1, 2, 4, 8 … minutes, at most an hour. */
const backoffMs = (attempts: number) => Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;

export interface MailWorkerOptions {
  /** Pause between two messages (default 500 ms: relays throttle bursts). Tests pass 0. */
  sendGapMs?: number;
  /** A claim older than this without a result is treated as a crashed send (default 2 min). */
  leaseMs?: number;
  /** At most this many messages per tick (default 120). */
  batch?: number;
  instanceId?: string;
}

export interface MailSendResult {
  sent: number;
  skipped: number;
  failed: number;
  retried: number;
  /** Rows a crashed worker left behind: sent again (never handed over) or closed as unconfirmed. */
  recovered: number;
  stoppedBy?: string;
}

type SmtpError = Error & { code?: string; responseCode?: number };

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

/**
 * Sends the e-mail rows of the outbox: claim (committed) → compose → SMTP → mark sent, committed
 * synchronously as soon as the server's 250 arrives. `handed_over_at` is written just before the
 * final "." of DATA, so after a crash only a row with it set may have been accepted; such a row is
 * closed as sent-unconfirmed and never mailed again (docs/architecture.md, "E-mail").
 */
export function createMailSender(deps: Deps, transport: SmtpTransport, options: MailWorkerOptions = {}) {
  const mail = deps.config.mail;
  if (!mail) throw new Error('createMailSender needs e-mail configured (CHORUS_SMTP_URL, CHORUS_MAIL_FROM)');
  const repo = mailOutboxRepo(deps.db);
  const outbox = outboxRepo(deps.db);
  const log = moduleLogger(deps.log, 'mail');
  const worker = options.instanceId ?? `m_${randomBytes(4).toString('hex')}`;
  const gap = options.sendGapMs ?? 500;
  const lease = options.leaseMs ?? 120_000;
  const now = () => deps.now().toISOString();
  const later = (ms: number) => new Date(deps.now().getTime() + ms).toISOString();

  /** The address and content of a row, from the database as it is now; or why it is not sent. */
  function render(row: MailRow): { to: string; content: MailContent; locale: string } | { skip: string } {
    const wanted = row.personId ? respondentLocale(deps, { personId: row.personId }) : workspaceLocale(deps);
    const locale = MAIL_LOCALES.includes(wanted) ? wanted : 'en';
    if (row.kind === 'loop_update') {
      const update = row.loopUpdateId ? outbox.loopUpdate(row.loopUpdateId) : undefined;
      if (!update) return { skip: 'loop update deleted' };
      if (!row.target) return { skip: 'no address' };
      const themeLabel = currentTaxonomy(deps).themes.find((t) => t.key === update.themeKey)?.label ?? update.themeKey;
      const status = update.status as 'new' | 'acknowledged' | 'planned' | 'shipped';
      return { to: row.target, locale, content: loopUpdateMail({ ...update, themeLabel, status }, locale) };
    }
    const ctx = row.runId ? outbox.messageContext(row.runId, row.personId) : undefined;
    if (!ctx || !row.personId) return { skip: 'run deleted' };
    if (ctx.closesAt <= now()) return { skip: 'run closed' };
    if (ctx.responded) return { skip: 'already answered' };
    const person = repo.person(row.personId);
    if (!person?.active) return { skip: 'person inactive' };
    const url = personalLink(deps, ctx.runId, row.personId);
    const run = runsRepo(deps.db).byId(ctx.runId);
    const survey = run ? surveysRepo(deps.db).byId(run.surveyId) : undefined;
    if (!url || !survey) return { skip: 'no personal link' };
    const reminder = row.kind === 'reminder' ? Number(/^reminder(\d)/.exec(row.dedupeKey)?.[1] ?? 1) : 0;
    const content = surveyMail(
      {
        reminder,
        recipientName: person.name,
        surveyName: ctx.surveyName,
        url,
        closesAt: ctx.closesAt,
        timeZone: survey.timezone,
        threshold: effectiveThreshold(deps, survey),
        fullyAnonymous: survey.fullyAnonymous,
      },
      locale,
    );
    return { to: person.email, locale, content };
  }

  /** Handles a refused or failed send; returns a reason to stop this tick, if any. */
  function onError(row: MailRow, err: SmtpError, handedOver: boolean): string | undefined {
    const code = err.responseCode;
    if (code && (err.code === 'EENVELOPE' || err.code === 'EMESSAGE')) {
      // The server answered this message: it was not accepted, so sending again is safe.
      countSendFailure(deps.db, 'email', `smtp_${Math.floor(code / 100)}xx`);
      if (code >= 500 || row.attempts >= MAX_ATTEMPTS) {
        repo.finish(row.id, 'failed', `smtp ${code}`, now());
        log.warn({ id: row.id, kind: row.kind, smtp: code }, 'SMTP server refused the message: not retrying');
      } else {
        repo.retryAt(row.id, later(backoffMs(row.attempts)), `smtp ${code}`, now());
        log.info({ id: row.id, smtp: code, attempts: row.attempts }, 'SMTP server deferred the message: will retry');
      }
      return undefined;
    }
    const reason = err.code === 'EAUTH' ? 'login_refused' : 'unreachable';
    countSendFailure(deps.db, 'email', reason);
    if (handedOver) {
      // The whole message reached the server and the connection failed before its reply: it may
      // have been accepted. Mailing nobody twice wins; the capped reminders cover a lost one.
      repo.markSent(row.id, now(), 'unconfirmed: connection lost after the message was handed over');
      log.warn({ id: row.id, error: err.code }, 'SMTP connection lost awaiting the reply: not resending');
    } else {
      repo.retryAt(row.id, later(backoffMs(row.attempts)), err.code ?? 'smtp error', now());
      log.warn({ id: row.id, error: err.code }, 'SMTP server unreachable or refused the login: stopping this round');
    }
    return reason;
  }

  /** 'sent', 'skipped', 'error' (recorded, go on), or what stopped the tick. */
  async function sendOne(row: MailRow): Promise<string> {
    const rendered = render(row);
    if ('skip' in rendered) {
      repo.finish(row.id, 'skipped', rendered.skip, now());
      return 'skipped';
    }
    let handedOver = false;
    try {
      const message = await composeMessage({
        from: mail!.from,
        to: rendered.to,
        messageId: messageIdFor(row.dedupeKey, deps.config.baseUrl, mail!.fromAddress),
        content: rendered.content,
        locale: rendered.locale,
      });
      const raw = handOverStream(message, () => {
        handedOver = true;
        repo.markHandedOver(row.id, now());
      });
      await transport.send({ from: mail!.fromAddress, to: [rendered.to] }, raw);
      // Nothing awaits between the server's acceptance and this synchronous commit.
      repo.markSent(row.id, now());
      return 'sent';
    } catch (err) {
      return onError(row, err as SmtpError, handedOver) ?? 'error';
    }
  }

  /** Rows a crashed worker left claimed: resend those never handed over, close the others. */
  function recover(): number {
    let recovered = 0;
    for (const row of repo.stale(new Date(deps.now().getTime() - lease).toISOString())) {
      if (row.handedOverAt) repo.markSent(row.id, now(), 'unconfirmed: the worker stopped after handing it over');
      else repo.retryAt(row.id, now(), 'recovered: never handed over', now());
      recovered++;
    }
    if (recovered) log.info({ recovered }, 'e-mail rows of a stopped worker recovered');
    return recovered;
  }

  return {
    worker,
    /** Recovers a crashed worker's rows, then sends due e-mails (throttled) until none is due or SMTP says stop. */
    async sendDue(): Promise<MailSendResult> {
      const result: MailSendResult = { sent: 0, skipped: 0, failed: 0, retried: 0, recovered: recover() };
      const limit = options.batch ?? 120;
      for (let i = 0; i < limit; i++) {
        const row = repo.claimNext(now(), worker);
        if (!row) break;
        const outcome = await sendOne(row);
        if (outcome === 'sent') result.sent++;
        else if (outcome === 'skipped') result.skipped++;
        else if (outcome === 'error') {
          const status = outbox.byKey(row.dedupeKey)?.status;
          if (status === 'failed') result.failed++;
          else result.retried++;
        } else return { ...result, stoppedBy: outcome };
        if (outcome === 'sent') await sleep(gap);
      }
      if (result.sent || result.failed || result.retried)
        log.info(
          { sent: result.sent, failed: result.failed, retried: result.retried, skipped: result.skipped },
          'e-mails sent',
        );
      return result;
    },
  };
}

export type MailSender = ReturnType<typeof createMailSender>;
