import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message the test SMTP server accepted. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** True when the session had been upgraded to TLS (STARTTLS) before DATA. */
  secure: boolean;
  headers: Map<string, string>;
  /** Decoded plain-text and HTML parts (null when absent). */
  text: string | null;
  html: string | null;
}

export interface TestSmtp {
  port: number;
  /** CHORUS_SMTP_URL for this server. */
  url: string;
  received: ReceivedMail[];
  /** Messages accepted per recipient address. */
  countFor: (address: string) => number;
  /** Answer the next `times` DATA commands with this reply instead of accepting (e.g. 451, 550). */
  rejectNext: (times: number, code: number, message?: string) => void;
  /** Cut the connection instead of answering the next `times` complete DATA (the message is not kept). */
  dropNext: (times: number) => void;
  /** How many DATA commands were answered with an error. */
  rejected: () => number;
  /** The messages answered with an error (as received, before the error reply). */
  rejectedMail: ReceivedMail[];
  close: () => Promise<void>;
}

const decodeQuotedPrintable = (s: string) =>
  Buffer.from(
    s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return headers;
}

/** Splits a MIME entity into headers and body, decoding the body of a leaf part. */
function leaves(entity: string): Array<{ type: string; body: string }> {
  const split = entity.search(/\r?\n\r?\n/);
  const headers = parseHeaders(entity.slice(0, split));
  const body = entity.slice(split).replace(/^\r?\n\r?\n/, '');
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.startsWith('multipart/') && boundary) {
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((p) => !p.startsWith('--'))
      .flatMap((p) => leaves(p.replace(/^\r?\n/, '')));
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const decoded =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : body;
  return [{ type: type.split(';')[0].trim().toLowerCase(), body: decoded }];
}

/** A real SMTP server (smtp-server) on 127.0.0.1 at a random port, keeping what it accepts. */
export async function startTestSmtp(
  options: { user?: string; pass?: string; starttls?: boolean } = {},
): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const rejectedMail: ReceivedMail[] = [];
  let rejections: Array<{ code: number; message: string }> = [];
  let rejectedCount = 0;
  let drops = 0;
  const server = new SMTPServer({
    // Plain SMTP on loopback: no certificate to trust in tests (nodemailer upgrades when offered).
    // With `starttls`, STARTTLS is offered with smtp-server's built-in self-signed certificate.
    disabledCommands: [...(options.starttls ? [] : ['STARTTLS']), ...(options.user ? [] : ['AUTH'])],
    allowInsecureAuth: true,
    authOptional: !options.user,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.pass) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (drops > 0) {
          drops--;
          // The whole message arrived; the reply never leaves (smtp-server keeps its connections here).
          const open = (server as unknown as { connections: Set<{ _socket: { destroy(): void } }> }).connections;
          for (const connection of open) connection._socket.destroy();
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.search(/\r?\n\r?\n/);
        const parts = leaves(raw);
        const rejection = rejections.shift();
        (rejection ? rejectedMail : received).push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          secure: session.secure,
          headers: parseHeaders(raw.slice(0, split)),
          text: parts.find((p) => p.type === 'text/plain')?.body ?? null,
          html: parts.find((p) => p.type === 'text/html')?.body ?? null,
        });
        if (rejection) {
          rejectedCount++;
          callback(Object.assign(new Error(rejection.message), { responseCode: rejection.code }));
          return;
        }
        callback(null, 'Queued');
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const auth = options.user ? `${encodeURIComponent(options.user)}:${encodeURIComponent(options.pass ?? '')}@` : '';
  return {
    port,
    url: `smtp://${auth}127.0.0.1:${port}`,
    received,
    countFor: (address) => received.filter((m) => m.to.includes(address)).length,
    rejectNext: (times, code, message = 'Try again later') => {
      rejections = [...rejections, ...Array.from({ length: times }, () => ({ code, message }))];
    },
    dropNext: (times) => {
      drops += times;
    },
    rejected: () => rejectedCount,
    rejectedMail,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
