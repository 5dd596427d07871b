import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How survey windows are counted for the current caller (metrics.md → privacy rules; SECURITY.md
 * → "Subtraction across windows"):
 * - exact: the window as asked, `[from, to)` to the millisecond (admins, the CLI, jobs);
 * - weekly: whole UTC weeks only, each team-week judged against k on its own, and a team-week
 *   under k (or hidden to protect a sibling that week) left out of every figure. Any two windows
 *   then differ by whole weeks of at least k people, so subtracting one shown window from another
 *   never reveals a small period.
 */
export type PeriodMode = 'exact' | 'weekly';

const current = new AsyncLocalStorage<PeriodMode>();

/** Runs `fn` (and everything it awaits) with survey windows counted in `mode`. */
export const withPeriodMode = <T>(mode: PeriodMode, fn: () => T): T => current.run(mode, fn);

/** The mode of the current request; 'exact' outside any request (CLI, tests of the services). */
export const periodMode = (): PeriodMode => current.getStore() ?? 'exact';

/**
 * The mode for a caller. Exact: admins (they operate the workspace and can import responses, so
 * they could always difference a small group on purpose) and bearer tokens (an admin issues each
 * one to a system they run, such as a BI export, and answers for it). Weekly: people — viewer and
 * analyst sessions, share links and anonymous pages.
 */
export function periodModeFor(principal: { kind: 'token' | 'session'; role: string } | undefined): PeriodMode {
  return principal && (principal.kind === 'token' || principal.role === 'admin') ? 'exact' : 'weekly';
}
