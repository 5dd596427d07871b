import Sentiment from 'sentiment';

const analyzer = new Sentiment();

/**
 * Developer-friction words AFINN does not know, scored on its −5…+5 scale so "flaky",
 * "slow" and "outdated" read as negative and "smooth" as positive.
 */
const DEVEX_LEXICON: Record<string, number> = {
  flaky: -2,
  flakey: -2,
  slow: -2,
  slower: -2,
  sluggish: -2,
  outdated: -2,
  stale: -1,
  broken: -2,
  blocked: -2,
  blocker: -2,
  stuck: -2,
  waiting: -1,
  wait: -1,
  forever: -1,
  painful: -2,
  pain: -2,
  nightmare: -3,
  tedious: -2,
  unreliable: -2,
  unclear: -2,
  confusing: -2,
  rerun: -1,
  rerunning: -1,
  noisy: -1,
  interrupted: -2,
  manual: -1,
  smooth: 2,
  fast: 2,
  quick: 1,
  reliable: 2,
  snappy: 2,
  clear: 1,
  helpful: 2,
  improved: 2,
  faster: 2,
};

/** Per-comment sentiment: AFINN score per word (≈ −1…+1 in practice; < 0 is negative). */
export function sentimentOf(text: string): number {
  const result = analyzer.analyze(text, { extras: DEVEX_LEXICON });
  return Number.isFinite(result.comparative) ? Math.round(result.comparative * 1000) / 1000 : 0;
}

/** Label of a mean sentiment: negative below −0.05, positive above +0.05, else neutral. */
export const sentimentLabel = (mean: number | null): 'negative' | 'neutral' | 'positive' | null =>
  mean === null ? null : mean < -0.05 ? 'negative' : mean > 0.05 ? 'positive' : 'neutral';

/**
 * The label a friction theme shows: negative below −0.05, else neutral. A friction theme is never
 * labelled "positive" — people mentioning a problem in friendly words are still reporting it.
 */
export const frictionSentimentLabel = (mean: number | null): 'negative' | 'neutral' | null =>
  mean === null ? null : mean < -0.05 ? 'negative' : 'neutral';
