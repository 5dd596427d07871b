import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { mailOutboxRepo } from './mail-outbox.repo.js';

/** How an active person is reached with the transports that are on (outbox.repo.ts applies the same rule). */
function transportOf(
  person: { channel: string; slackUserId: string | null },
  on: { slack: boolean; mail: boolean },
): 'slack' | 'email' | null {
  if (person.channel !== 'email' && on.slack && person.slackUserId) return 'slack';
  if (person.channel !== 'slack' && on.mail) return 'email';
  return null;
}

/**
 * E-mail status for the admin page: on or off, the server (host and port, never the credentials),
 * how many active people each transport reaches, and the e-mail outbox by status.
 */
export function mailStatus(deps: Deps) {
  const on = { slack: deps.config.slack.mode !== 'off', mail: deps.config.mail !== undefined };
  const people = directoryRepo(deps.db)
    .people()
    .filter((p) => p.active);
  const reach = { slack: 0, email: 0, none: 0 };
  for (const p of people) reach[transportOf(p, on) ?? 'none']++;
  const outbox = Object.fromEntries(
    mailOutboxRepo(deps.db)
      .countsByStatus()
      .map((r) => [r.status, r.n]),
  );
  return {
    on: on.mail,
    server: deps.config.mail ? `${deps.config.mail.host}:${deps.config.mail.port}` : null,
    secure: deps.config.mail?.secure ?? false,
    from: deps.config.mail?.from ?? null,
    updatesTo: deps.config.mail?.updatesTo.length ?? 0,
    reach,
    outbox: {
      waiting: (outbox.pending ?? 0) + (outbox.sending ?? 0),
      sent: outbox.sent ?? 0,
      failed: outbox.failed ?? 0,
    },
  };
}
