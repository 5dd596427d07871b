import type { Deps } from '../deps.js';
import { invalid, tooMany, zodDetails } from '../errors.js';
import { authRepo, type SessionRow } from './auth.repo.js';
import { createTokenInput, createUserInput, type TokenRole, type UserRole } from './auth.schema.js';
import { hashPassword, randomToken, safeEqual, sha256, verifyPassword } from './crypto.js';
import { accountLocked, recordFailedLogin } from './login-throttle.js';
import { DAY_MS } from '../units.js';

const SESSION_DAYS = 14;

/** Creates an API token; the plain token is returned once and only its hash is stored. */
export function createApiToken(deps: Deps, input: unknown): { id: number; token: string; role: TokenRole } {
  const parsed = createTokenInput.safeParse(input);
  if (!parsed.success) throw invalid(zodDetails(parsed.error));
  const token = `chorus_${parsed.data.role}_${randomToken(24)}`;
  const id = authRepo(deps.db).insertToken(parsed.data.name, parsed.data.role, sha256(token), deps.now().toISOString());
  return { id, token, role: parsed.data.role };
}

/** The role a bearer token carries, or undefined when it is unknown or revoked. */
export function roleForToken(deps: Deps, token: string): TokenRole | undefined {
  if (deps.config.apiToken && safeEqual(token, deps.config.apiToken)) return 'admin';
  const repo = authRepo(deps.db);
  const row = repo.tokenByHash(sha256(token));
  if (!row || row.revokedAt) return undefined;
  // Recording use at most once a minute keeps read-heavy clients from turning GETs into writes.
  const now = deps.now().toISOString();
  if (!row.lastUsedAt || row.lastUsedAt.slice(0, 16) !== now.slice(0, 16)) repo.touchToken(row.id, now);
  return row.role;
}

/** Creates a local web account, or updates the password and role of an existing one. */
export function createUser(
  deps: Deps,
  input: unknown,
): { id: number; email: string; role: UserRole; created: boolean } {
  const parsed = createUserInput.safeParse(input);
  if (!parsed.success) throw invalid(zodDetails(parsed.error));
  const { email, password, role } = parsed.data;
  const repo = authRepo(deps.db);
  const existing = repo.userByEmail(email);
  const hash = hashPassword(password);
  if (existing) {
    repo.updateUser(existing.id, hash, role);
    return { id: existing.id, email, role, created: false };
  }
  return { id: repo.insertUser(email, hash, role, deps.now().toISOString()), email, role, created: true };
}

/**
 * Checks a login; answers the user or undefined (never says which part was wrong). An account with
 * too many failed logins (from any address) is refused with rate_limited, even with the right password.
 */
export function checkLogin(deps: Deps, email: string, password: string): { id: number; role: UserRole } | undefined {
  const nowMs = deps.now().getTime();
  if (accountLocked(deps.db, email, nowMs))
    throw tooMany('Too many failed logins for this account; wait a few minutes and try again');
  const user = authRepo(deps.db).userByEmail(email.trim());
  let ok = false;
  if (!user || user.disabledAt || !user.passwordHash) {
    verifyPassword(password, DUMMY_HASH); // same work either way: no user-enumeration by timing
  } else {
    ok = verifyPassword(password, user.passwordHash);
  }
  if (!ok || !user) {
    recordFailedLogin(deps.db, email, nowMs);
    return undefined;
  }
  return { id: user.id, role: user.role };
}
const DUMMY_HASH = hashPassword('not-a-real-password');

/** Starts a session (14 days unless `lifetimeMs` says otherwise); returns the session id for the signed cookie. */
export function startSession(
  deps: Deps,
  userId: number,
  lifetimeMs = SESSION_DAYS * DAY_MS,
): { sessionId: string; csrfToken: string } {
  const sessionId = randomToken(32);
  const csrfToken = randomToken(24);
  const now = deps.now();
  const expires = new Date(now.getTime() + lifetimeMs);
  const repo = authRepo(deps.db);
  repo.deleteExpiredSessions(now.toISOString());
  repo.insertSession(sha256(sessionId), userId, csrfToken, now.toISOString(), expires.toISOString());
  return { sessionId, csrfToken };
}

/** The live session for a cookie value, or undefined. */
export function findSession(deps: Deps, sessionId: string): SessionRow | undefined {
  const row = authRepo(deps.db).sessionByHash(sha256(sessionId));
  if (!row || row.expiresAt <= deps.now().toISOString()) return undefined;
  return row;
}

/** Single sign-on through a trusted proxy header: the account must already exist. */
export function sessionUserByEmail(
  deps: Deps,
  email: string,
): { id: number; email: string; role: UserRole } | undefined {
  const user = authRepo(deps.db).userByEmail(email.trim());
  return user && !user.disabledAt ? { id: user.id, email: user.email, role: user.role } : undefined;
}

export const endSession = (deps: Deps, sessionId: string) => authRepo(deps.db).deleteSession(sha256(sessionId));
export const listTokens = (deps: Deps) => authRepo(deps.db).listTokens();
export const revokeToken = (deps: Deps, id: number) => authRepo(deps.db).revokeToken(id, deps.now().toISOString());
export const listUsers = (deps: Deps) => authRepo(deps.db).listUsers();
