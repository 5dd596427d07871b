import type { Db } from '../db/open.js';

/** Failed logins an account may take per window before it is locked for the rest of the window. */
const ACCOUNT_FAILURE_LIMIT = 10;
const ACCOUNT_WINDOW_MS = 15 * 60_000;
/** Accounts tracked at most: a flood of made-up e-mails cannot grow memory without bound. */
const MAX_TRACKED = 50_000;

interface Window {
  start: number;
  failures: number;
}

// Per database, like the per-address limiter is per app; in memory like it (resets on restart).
const windows = new WeakMap<Db, Map<string, Window>>();

/** The throttle key of a login e-mail: how users are looked up (trimmed, case-insensitive). */
const accountKey = (email: string) => email.trim().toLowerCase();

function windowOf(db: Db, email: string, nowMs: number): Window | undefined {
  const w = windows.get(db)?.get(accountKey(email));
  return w && nowMs - w.start < ACCOUNT_WINDOW_MS ? w : undefined;
}

/**
 * Whether an account is locked: ACCOUNT_FAILURE_LIMIT failed logins within its window, from any
 * address. Counted by the e-mail typed, existing account or not, so a lock says nothing about
 * which accounts exist; rotating X-Forwarded-For (the per-address limit) does not reset it.
 */
export function accountLocked(db: Db, email: string, nowMs: number): boolean {
  return (windowOf(db, email, nowMs)?.failures ?? 0) >= ACCOUNT_FAILURE_LIMIT;
}

/** Counts one failed login against the account typed. */
export function recordFailedLogin(db: Db, email: string, nowMs: number): void {
  let byAccount = windows.get(db);
  if (!byAccount) windows.set(db, (byAccount = new Map<string, Window>()));
  const key = accountKey(email);
  const current = windowOf(db, email, nowMs);
  if (current) {
    current.failures++;
    return;
  }
  byAccount.delete(key);
  if (byAccount.size >= MAX_TRACKED) {
    for (const [k, w] of byAccount) if (nowMs - w.start >= ACCOUNT_WINDOW_MS) byAccount.delete(k);
    // Still full of live windows: forget the oldest (Map keeps insertion order).
    while (byAccount.size >= MAX_TRACKED) byAccount.delete(byAccount.keys().next().value!);
  }
  byAccount.set(key, { start: nowMs, failures: 1 });
}
