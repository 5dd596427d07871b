import { STOP_WORDS, tokenize } from './text.js';

/** A comment as emerging-phrase mining sees it. */
export interface MinedComment {
  respondent: string;
  text: string;
}

export interface EmergingPhrase {
  phrase: string;
  /** Distinct respondents whose untagged comments contain the phrase. */
  count: number;
  /** TF-IDF weight used for ranking. */
  score: number;
}

const isContent = (w: string) => w.length >= 2 && !STOP_WORDS.has(w) && !/^\d+$/.test(w);

/** Distinct 2- and 3-word phrases of a text that start and end with a content word. */
export function phrasesOf(text: string): Set<string> {
  const words = tokenize(text);
  const out = new Set<string>();
  for (let n = 2; n <= 3; n++) {
    for (let i = 0; i + n <= words.length; i++) {
      const gram = words.slice(i, i + n);
      if (!isContent(gram[0]) || !isContent(gram[n - 1])) continue;
      if (n === 3 && !gram.every((w) => w.length >= 2)) continue;
      out.add(gram.join(' '));
    }
  }
  return out;
}

/**
 * Frequent phrases among comments no theme matched, ranked by TF-IDF: term frequency = distinct
 * respondents using the phrase in untagged comments; inverse document frequency over all
 * comments (`background`, tagged and untagged), so phrases common everywhere sink. Only phrases
 * used by at least `minRespondents` distinct people are returned; a phrase contained in a
 * longer one with the same count is folded into the longer one.
 */
export function emergingPhrases(
  untagged: MinedComment[],
  background: string[],
  options: { minRespondents?: number; limit?: number } = {},
): EmergingPhrase[] {
  const min = options.minRespondents ?? 3;
  const limit = options.limit ?? 10;
  const people = new Map<string, Set<string>>();
  for (const c of untagged) {
    for (const p of phrasesOf(c.text)) {
      let set = people.get(p);
      if (!set) people.set(p, (set = new Set()));
      set.add(c.respondent);
    }
  }
  const frequent = [...people].filter(([, s]) => s.size >= min);
  if (frequent.length === 0) return [];
  const wanted = new Set(frequent.map(([p]) => p));
  const df = new Map<string, number>();
  const docs = [...background, ...untagged.map((c) => c.text)];
  for (const text of docs) for (const p of phrasesOf(text)) if (wanted.has(p)) df.set(p, (df.get(p) ?? 0) + 1);
  const ranked = frequent
    .map(([phrase, s]) => ({
      phrase,
      count: s.size,
      score: s.size * (1 + Math.log((1 + docs.length) / (1 + (df.get(phrase) ?? 0)))),
    }))
    .sort((a, b) => b.score - a.score || b.count - a.count || a.phrase.localeCompare(b.phrase));
  const kept: EmergingPhrase[] = [];
  for (const cand of ranked.sort((a, b) => b.phrase.split(' ').length - a.phrase.split(' ').length)) {
    if (kept.some((k) => k.count === cand.count && ` ${k.phrase} `.includes(` ${cand.phrase} `))) continue;
    kept.push(cand);
  }
  return kept
    .sort((a, b) => b.score - a.score || b.count - a.count || a.phrase.localeCompare(b.phrase))
    .slice(0, limit)
    .map((k) => ({ ...k, score: Math.round(k.score * 100) / 100 }));
}
