/**
 * Kept for callers not yet moved: the privacy rules live in src/privacy/ (engine.ts), the one
 * privacy engine every report goes through. Import from '../privacy/index.js' in new code.
 */
export * from '../privacy/engine.js';
