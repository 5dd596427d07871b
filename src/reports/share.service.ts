import { hmac, randomToken, safeEqual, sha256 } from '../auth/crypto.js';
import type { Deps } from '../deps.js';
import { gone, invalid, notFound } from '../errors.js';
import { reportsRepo, type ShareRow } from './reports.repo.js';
import { shareInput, type ReportWindow } from './reports.schema.js';
import { DAY_MS } from '../units.js';

const signature = (key: string, body: string) => hmac(key, `share:${body}`).slice(0, 32);

/**
 * Creates a read-only share link for the leadership page: token = random.expiry.signature (HMAC
 * with the share key). Only sha256(token) is stored, so the link can be revoked and a copy of
 * the database opens nothing. Returns the token once.
 */
export function createShare(deps: Deps, body: unknown, w: ReportWindow, createdBy: string | null) {
  const parsed = shareInput.safeParse(body ?? {});
  if (!parsed.success)
    throw invalid(
      parsed.error.issues.map((i) => ({
        field: i.path.map(String).join('.') || 'expires_in_days',
        message: i.message,
      })),
    );
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + parsed.data.expires_in_days * DAY_MS);
  const bodyPart = `${randomToken(18)}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
  const token = `${bodyPart}.${signature(deps.keys.share, bodyPart)}`;
  const id = reportsRepo(deps.db).insertShare({
    tokenHash: sha256(token),
    report: 'leadership',
    windowFrom: w.from,
    windowTo: w.to,
    createdBy,
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  });
  return {
    id,
    token,
    path: `/share/${token}`,
    url: `${deps.config.baseUrl}/share/${token}`,
    expires_at: expiresAt.toISOString(),
  };
}

/**
 * The share a token opens. A malformed, forged or unknown token is 404; an expired or revoked
 * link is 410 Gone.
 */
export function openShare(deps: Deps, token: string): ShareRow {
  const parts = token.split('.');
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]{10,64}$/.test(parts[0]) || !/^[0-9a-z]{1,12}$/.test(parts[1]))
    throw notFound('This shared link');
  const bodyPart = `${parts[0]}.${parts[1]}`;
  // Links made before per-purpose keys were signed with the master secret (settings/secret.ts).
  const legacy = deps.keys.legacy;
  const signed =
    safeEqual(parts[2], signature(deps.keys.share, bodyPart)) ||
    (legacy !== undefined && safeEqual(parts[2], signature(legacy.master, bodyPart)));
  if (!signed) throw notFound('This shared link');
  const now = deps.now();
  if (parseInt(parts[1], 36) * 1000 <= now.getTime()) throw gone('This shared link has expired. Ask for a new one.');
  const row = reportsRepo(deps.db).shareByHash(sha256(token));
  if (!row) throw notFound('This shared link');
  if (row.revokedAt) throw gone('This shared link was revoked. Ask for a new one.');
  if (row.expiresAt <= now.toISOString()) throw gone('This shared link has expired. Ask for a new one.');
  return row;
}

/** Share links that still work, newest first (never their tokens). */
export const activeShares = (deps: Deps) =>
  reportsRepo(deps.db)
    .activeShares(deps.now().toISOString())
    .map((s) => ({
      id: s.id,
      created_by: s.createdBy,
      created_at: s.createdAt,
      expires_at: s.expiresAt,
      from: s.windowFrom,
      to: s.windowTo,
    }));

/** Revokes a share link; unknown or already revoked → 404. */
export function revokeShare(deps: Deps, id: number): void {
  if (!Number.isInteger(id) || !reportsRepo(deps.db).revokeShare(id, deps.now().toISOString()))
    throw notFound('That share link');
}
