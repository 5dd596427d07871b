import { z } from 'zod';

/** E-mail settings, present only when CHORUS_SMTP_URL and CHORUS_MAIL_FROM are both set. */
export interface MailConfig {
  /** The SMTP URL as given (credentials included): only ever handed to the mail transport, never logged. */
  url: string;
  /** `smtps:` = TLS from the first byte (usually port 465); `smtp:` = STARTTLS when the server offers it. */
  secure: boolean;
  host: string;
  port: number;
  /** The From header, `chorus@example.com` or `Chorus <chorus@example.com>`. */
  from: string;
  /** The bare address of `from`; its domain names the Message-IDs. */
  fromAddress: string;
  /** Where "you said, we did" updates are e-mailed when the update names no `email_to` (CHORUS_MAIL_UPDATES_TO). */
  updatesTo: string[];
}

const address = z.email();
const isAddress = (v: string) => address.safeParse(v).success;

/** `a@b.c` or `Display Name <a@b.c>`; the bare address, or null. */
function bareAddress(from: string): string | null {
  const angled = /^[^<>]*<([^<>\s]+)>$/.exec(from.trim());
  const candidate = (angled ? angled[1] : from).trim();
  return isAddress(candidate) ? candidate : null;
}

/**
 * Builds the e-mail settings from the three variables, or undefined when e-mail is off. Problems
 * go to `fail(variable, message)`; messages never repeat the URL (it may carry a password).
 */
export function mailConfigFrom(
  smtpUrl: string | undefined,
  mailFrom: string | undefined,
  updatesTo: string | undefined,
  fail: (variable: string, message: string) => never,
): MailConfig | undefined {
  if (!smtpUrl && !mailFrom) {
    if (updatesTo) fail('CHORUS_SMTP_URL', 'is required when CHORUS_MAIL_UPDATES_TO is set');
    return undefined;
  }
  if (!smtpUrl) return fail('CHORUS_SMTP_URL', 'is required when CHORUS_MAIL_FROM is set');
  if (!mailFrom) return fail('CHORUS_MAIL_FROM', 'is required when CHORUS_SMTP_URL is set (the sender address)');
  let parsed: URL;
  try {
    parsed = new URL(smtpUrl);
  } catch {
    return fail('CHORUS_SMTP_URL', 'must be a URL such as smtp://user:password@mail.example.com:587');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:')
    fail('CHORUS_SMTP_URL', `must start with smtp:// or smtps:// (got ${parsed.protocol}//)`);
  if (!parsed.hostname) fail('CHORUS_SMTP_URL', 'must name the mail server host');
  if (parsed.username && !parsed.password)
    fail('CHORUS_SMTP_URL', 'names a user but no password (smtp://user:password@host)');
  const secure = parsed.protocol === 'smtps:';
  const port = parsed.port ? Number(parsed.port) : secure ? 465 : 587;
  const fromAddress = bareAddress(mailFrom);
  if (!fromAddress) fail('CHORUS_MAIL_FROM', 'must be an e-mail address, or "Name <address>"');
  const list = (updatesTo ?? '')
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter(Boolean);
  const bad = list.findIndex((a) => !isAddress(a));
  if (bad >= 0) fail('CHORUS_MAIL_UPDATES_TO', `item ${bad + 1} is not an e-mail address (comma-separated addresses)`);
  return {
    url: smtpUrl,
    secure,
    host: parsed.hostname,
    port,
    from: mailFrom,
    fromAddress,
    updatesTo: [...new Set(list)],
  };
}
