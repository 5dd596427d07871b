import { redact, type NameIndex } from './redact.js';

/** A comment that may be quoted for a theme. */
export interface QuoteCandidate {
  text: string;
  /** How many themes the comment was tagged with (1 = about this theme only). */
  themes: number;
  sentiment: number;
  /** How many places the theme's patterns match in the comment (`matchStrength`). */
  strength: number;
}

/** A comment this positive is praise, not evidence of friction: never quoted for a theme. */
const PRAISE_SENTIMENT = 0.05;

const MAX_QUOTE = 280;

const clip = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_QUOTE ? flat : `${flat.slice(0, MAX_QUOTE - 1).replace(/\s+\S*$/, '')}…`;
};

/**
 * Up to `limit` representative quotes, redacted, as evidence of a friction theme: never a
 * positive comment (praise is not evidence of friction); comments about this theme alone first,
 * then the strongest matches (most places the theme's patterns occur), of readable length
 * (40–280 characters preferred), closest to the theme's typical sentiment, without
 * near-duplicates. The caller passes only comments from groups at or above the threshold.
 */
export function pickQuotes(candidates: QuoteCandidate[], names: NameIndex, limit = 3): string[] {
  const evidence = candidates.filter((c) => c.sentiment <= PRAISE_SENTIMENT && c.strength > 0);
  if (evidence.length === 0) return [];
  const sorted = evidence.map((c) => c.sentiment).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const lengthPenalty = (n: number) => (n < 40 ? (40 - n) / 40 : n > MAX_QUOTE ? (n - MAX_QUOTE) / MAX_QUOTE : 0);
  const scored = evidence
    .map((c) => ({
      c,
      score:
        (c.themes - 1) * 2 -
        Math.min(c.strength, 3) * 0.5 +
        lengthPenalty(c.text.trim().length) +
        Math.abs(c.sentiment - median),
    }))
    .sort((a, b) => a.score - b.score || a.c.text.localeCompare(b.c.text));
  const out: string[] = [];
  const seen = new Set<string>();
  for (const { c } of scored) {
    const key = c.text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
      .slice(0, 60);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(clip(redact(c.text, names)));
    if (out.length === limit) break;
  }
  return out;
}
