import type { Db } from '../db/open.js';
import type { TokenRole, UserRole } from './auth.schema.js';

export interface TokenRow {
  id: number;
  name: string;
  role: TokenRole;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export interface UserRow {
  id: number;
  email: string;
  role: UserRole;
  passwordHash: string | null;
  createdAt: string;
  disabledAt: string | null;
}
export interface SessionRow {
  userId: number;
  csrfToken: string;
  expiresAt: string;
  email: string;
  role: UserRole;
}

/** All SQL for tokens, users and sessions. */
export function authRepo(db: Db) {
  const q = {
    insertToken: db.prepare('INSERT INTO api_tokens (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)'),
    tokenByHash: db.prepare(
      `SELECT id, name, role, created_at AS createdAt, last_used_at AS lastUsedAt, revoked_at AS revokedAt
       FROM api_tokens WHERE token_hash = ?`,
    ),
    touchToken: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    listTokens: db.prepare(
      `SELECT id, name, role, created_at AS createdAt, last_used_at AS lastUsedAt, revoked_at AS revokedAt
       FROM api_tokens ORDER BY id`,
    ),
    revokeToken: db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    insertUser: db.prepare('INSERT INTO users (email, password_hash, role, created_at) VALUES (?, ?, ?, ?)'),
    updateUser: db.prepare('UPDATE users SET password_hash = ?, role = ? WHERE id = ?'),
    userByEmail: db.prepare(
      `SELECT id, email, role, password_hash AS passwordHash, created_at AS createdAt, disabled_at AS disabledAt
       FROM users WHERE email = ?`,
    ),
    listUsers: db.prepare(
      `SELECT id, email, role, NULL AS passwordHash, created_at AS createdAt, disabled_at AS disabledAt FROM users ORDER BY email`,
    ),
    insertSession: db.prepare(
      'INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    ),
    sessionByHash: db.prepare(
      `SELECT s.user_id AS userId, s.csrf_token AS csrfToken, s.expires_at AS expiresAt, u.email, u.role
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id_hash = ? AND u.disabled_at IS NULL`,
    ),
    deleteSession: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    deleteExpiredSessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
  };
  return {
    insertToken: (name: string, role: TokenRole, hash: string, now: string) =>
      Number(q.insertToken.run(name, role, hash, now).lastInsertRowid),
    tokenByHash: (hash: string) => q.tokenByHash.get(hash) as TokenRow | undefined,
    touchToken: (id: number, now: string) => q.touchToken.run(now, id),
    listTokens: () => q.listTokens.all() as TokenRow[],
    revokeToken: (id: number, now: string) => q.revokeToken.run(now, id).changes > 0,
    insertUser: (email: string, hash: string | null, role: UserRole, now: string) =>
      Number(q.insertUser.run(email, hash, role, now).lastInsertRowid),
    updateUser: (id: number, hash: string | null, role: UserRole) => q.updateUser.run(hash, role, id),
    userByEmail: (email: string) => q.userByEmail.get(email) as UserRow | undefined,
    listUsers: () => q.listUsers.all() as UserRow[],
    insertSession: (hash: string, userId: number, csrf: string, now: string, expires: string) =>
      q.insertSession.run(hash, userId, csrf, now, expires),
    sessionByHash: (hash: string) => q.sessionByHash.get(hash) as SessionRow | undefined,
    deleteSession: (hash: string) => q.deleteSession.run(hash),
    deleteExpiredSessions: (now: string) => q.deleteExpiredSessions.run(now),
  };
}
