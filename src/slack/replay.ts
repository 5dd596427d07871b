import type { Db } from '../db/open.js';
import { slackRepo } from './slack.repo.js';

/** Slack's replay window: a request timestamp more than 5 minutes from now (either way) is refused. */
export const SIGNATURE_WINDOW_S = 300;
/** Seen signatures are kept twice the window; anything older can no longer pass the timestamp check. */
const KEEP_SIGNATURES_MS = 2 * SIGNATURE_WINDOW_S * 1000;
const PRUNE_EVERY_MS = 60_000;

/**
 * The request thread's half of replay protection: the signatures this process accepted in the
 * last KEEP_SIGNATURES_MS, in memory (no disk write on the acknowledgement path), seeded from
 * `slack_seen_signatures` at start so a restart does not reopen the window.
 */
export class SeenSignatures {
  // Insertion order is arrival order: pruning stops at the first entry still inside the window.
  private readonly seen = new Map<string, number>();

  constructor(db: Db, nowMs: number) {
    for (const row of slackRepo(db).recentSignatures(new Date(nowMs - KEEP_SIGNATURES_MS).toISOString())) {
      this.seen.set(row.signature, Date.parse(row.seenAt));
    }
  }

  /** Records a verified signature; false when it was seen before (a replay). */
  firstSighting(signature: string, nowMs: number): boolean {
    for (const [old, at] of this.seen) {
      if (at >= nowMs - KEEP_SIGNATURES_MS) break;
      this.seen.delete(old);
    }
    if (this.seen.has(signature)) return false;
    this.seen.set(signature, nowMs);
    return true;
  }
}

const prunedAt = new WeakMap<Db, number>();

/**
 * The durable half, on the listener side before any listener runs: writes the signature to
 * `slack_seen_signatures` (pruning rows older than KEEP_SIGNATURES_MS once a minute). False when
 * the row exists — another Chorus process on the same database, or this one before a restart,
 * took the request already — and the delivery must do nothing.
 */
export function recordSignature(db: Db, signature: string, seenAt: string): boolean {
  const now = Date.parse(seenAt);
  if (now - (prunedAt.get(db) ?? 0) > PRUNE_EVERY_MS) {
    slackRepo(db).pruneSignatures(new Date(now - KEEP_SIGNATURES_MS).toISOString());
    prunedAt.set(db, now);
  }
  return slackRepo(db).markSignatureSeen(signature, seenAt);
}
