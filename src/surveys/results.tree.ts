/** Kept for callers not yet moved: distinct respondents per subtree live in src/privacy/tree.ts. */
export * from '../privacy/tree.js';
