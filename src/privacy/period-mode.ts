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
 * The mode for a caller. Exact: bearer tokens (an admin issues each one to a system they run, such
 * as a BI export, and answers for it), and an admin who turns on the labelled "exact window"
 * switch of a page (`exact=1`; admins can import responses, so they could single out a small group
 * on purpose anyway). Weekly: everyone else — viewer and analyst sessions, admins by default, share
 * links and anonymous pages — so the same page shows the same figures to everyone.
 */
export function periodModeFor(
  principal: { kind: 'token' | 'session'; role: string } | undefined,
  exactRequested = false,
): PeriodMode {
  if (principal?.kind === 'token') return 'exact';
  return principal?.role === 'admin' && exactRequested ? 'exact' : 'weekly';
}

/** Whether a request asks for exact windows (`?exact=1`); honoured for admins only (`periodModeFor`). */
export const asksExact = (query: unknown): boolean =>
  typeof query === 'object' && query !== null && (query as Record<string, unknown>).exact === '1';
