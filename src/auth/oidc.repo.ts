import type { Db } from '../db/open.js';
import type { UserRole } from './auth.schema.js';

/** How a web session was started at the identity provider (see 0017_oidc_sessions.sql). */
export interface OidcSessionRow {
  issuer: string;
  subject: string;
  idToken: string;
}

/** All SQL for single sign-on: the accounts it keeps in step and the sessions it starts. */
export function oidcRepo(db: Db) {
  const q = {
    setUserRole: db.prepare('UPDATE users SET role = ? WHERE id = ?'),
    insertSession: db.prepare(
      `INSERT INTO oidc_sessions (session_id_hash, issuer, subject, id_token, created_at) VALUES (?, ?, ?, ?, ?)`,
    ),
    sessionByHash: db.prepare(
      'SELECT issuer, subject, id_token AS idToken FROM oidc_sessions WHERE session_id_hash = ?',
    ),
  };
  return {
    setUserRole: (id: number, role: UserRole) => q.setUserRole.run(role, id),
    insertSession: (sessionIdHash: string, row: OidcSessionRow, now: string) =>
      q.insertSession.run(sessionIdHash, row.issuer, row.subject, row.idToken, now),
    sessionByHash: (sessionIdHash: string) => q.sessionByHash.get(sessionIdHash) as OidcSessionRow | undefined,
  };
}
