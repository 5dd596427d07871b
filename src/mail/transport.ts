import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createTransport } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailConfig } from './mail.config.js';
import type { MailContent } from './messages.js';

/** What the e-mail worker needs from an SMTP client: send one raw message to one envelope. */
export interface SmtpTransport {
  /** Resolves once the server accepted the message (250 after DATA); rejects with the SMTP error. */
  send(envelope: { from: string; to: string[] }, raw: Readable): Promise<unknown>;
  close(): void;
}

/**
 * An SMTP client over nodemailer: one pooled connection kept between messages; `smtps:` is TLS from
 * the start, `smtp:` upgrades with STARTTLS whenever the server offers it (nodemailer's default).
 */
export function smtpTransport(config: MailConfig): SmtpTransport {
  const transporter = createTransport({
    url: config.url,
    pool: true,
    maxConnections: 1,
    // The pool would quietly resend a message whose connection closed mid-send — possibly after
    // the server accepted it. Never: the outbox alone decides what is sent again.
    maxRequeues: 0,
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    send: (envelope, raw) => transporter.sendMail({ envelope, raw }),
    close: () => transporter.close(),
  };
}

/**
 * The Message-ID of an outbox row: derived from its dedupe key (and the installation's base URL),
 * so every attempt at the same message carries the same id and mail systems can tell a repeat.
 */
export function messageIdFor(dedupeKey: string, baseUrl: string, fromAddress: string): string {
  const domain = fromAddress.split('@')[1] ?? 'chorus.invalid';
  const hash = createHash('sha256').update(`${baseUrl}\n${dedupeKey}`).digest('hex').slice(0, 32);
  return `<chorus.${hash}@${domain}>`;
}

/** The whole MIME message (plain text and HTML alternatives) as bytes. */
export function composeMessage(options: {
  from: string;
  to: string;
  messageId: string;
  content: MailContent;
  locale: string;
}): Promise<Buffer> {
  return new MailComposer({
    from: options.from,
    to: options.to,
    subject: options.content.subject,
    text: options.content.text,
    html: options.content.html,
    messageId: options.messageId,
    headers: {
      // No out-of-office or vacation replies to an automated invitation.
      'Auto-Submitted': 'auto-generated',
      'Content-Language': options.locale,
    },
  })
    .compile()
    .build();
}

/**
 * A stream of `message` that calls `onHandedOver` when the SMTP client asks for more after the
 * last byte — the moment before it writes the final "." that lets the server accept the message.
 * highWaterMark 0: the message is handed on only as fast as the client takes it.
 */
export function handOverStream(message: Buffer, onHandedOver: () => void): Readable {
  let pushed = false;
  return new Readable({
    highWaterMark: 0,
    read() {
      if (!pushed) {
        pushed = true;
        this.push(message);
        return;
      }
      onHandedOver();
      this.push(null);
    },
  });
}
