/** The one privacy engine (metrics.md → "Privacy rules"): import privacy decisions from here. */
export * from './engine.js';
export * from './tree.js';
export * from './threshold.js';
export * from './pseudonym.js';
export { periodMode, periodModeFor, withPeriodMode, asksExact, type PeriodMode } from './period-mode.js';
