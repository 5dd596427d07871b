import { AsyncLocalStorage } from 'node:async_hooks';
import type { SegmentFilter } from './reports.schema.js';

/**
 * The segment filter of the current request. A combined report (team summary, org, leadership,
 * value) reads survey results and themes many times over — windows, previous windows, trend
 * periods, teams — and every one of those reads must carry the same filter; services take it from
 * here unless given one, as they take the window mode from privacy/period-mode.ts.
 */
const current = new AsyncLocalStorage<SegmentFilter>();

/** Runs `fn` (and everything it awaits) with survey reports filtered to `filter`. */
export const withSegments = <T>(filter: SegmentFilter, fn: () => T): T =>
  filter.length ? current.run(filter, fn) : fn();

/** The filter of the current request; none outside one. */
export const currentSegments = (): SegmentFilter => current.getStore() ?? [];
