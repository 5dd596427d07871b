import type { Taxonomy, ThemeDef } from './taxonomy.js';
import { stem, tokenize } from './text.js';

/** A pattern compiled to stems; `null` is a gap of up to three words. */
type Compiled = Array<string | null>;

interface CompiledTheme {
  key: string;
  patterns: Compiled[];
  exclude: Compiled[];
}

/** A taxonomy prepared for fast tagging. */
export interface Matcher {
  version: number;
  themes: CompiledTheme[];
}

const MAX_GAP = 3;

/** Compiles one pattern string ("waiting * review") to stems. */
export function compilePattern(pattern: string): Compiled {
  return pattern
    .trim()
    .split(/\s+/)
    .flatMap((word) => (word === '*' ? [null] : tokenize(word).map(stem)));
}

/** Compiles a taxonomy; patterns that reduce to nothing are dropped. */
export function compileTaxonomy(taxonomy: Taxonomy): Matcher {
  const compileAll = (list: string[]) => list.map(compilePattern).filter((p) => p.some((s) => s !== null));
  return {
    version: taxonomy.version,
    themes: taxonomy.themes.map((th: ThemeDef) => ({
      key: th.key,
      patterns: compileAll([...th.keywords, ...th.phrases]),
      exclude: compileAll(th.exclude),
    })),
  };
}

/** End index (exclusive) of `p` matched at `ti`, or -1. */
function matchAt(tokens: string[], p: Compiled, pi: number, ti: number): number {
  if (pi === p.length) return ti;
  const part = p[pi];
  if (part === null) {
    for (let gap = 0; gap <= MAX_GAP && ti + gap <= tokens.length; gap++) {
      const end = matchAt(tokens, p, pi + 1, ti + gap);
      if (end >= 0) return end;
    }
    return -1;
  }
  return tokens[ti] === part ? matchAt(tokens, p, pi + 1, ti + 1) : -1;
}

/** Every [start, end) span where the pattern matches. */
function spans(tokens: string[], p: Compiled): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < tokens.length; i++) {
    const end = matchAt(tokens, p, 0, i);
    if (end > i) out.push([i, end]);
  }
  return out;
}

/** Theme keys whose patterns occur in `text` (multi-label; order of the taxonomy). */
export function tagText(text: string, matcher: Matcher): string[] {
  const stems = tokenize(text).map(stem);
  if (stems.length === 0) return [];
  const out: string[] = [];
  for (const theme of matcher.themes) {
    let tokens = stems;
    if (theme.exclude.length) {
      tokens = stems.slice();
      for (const ex of theme.exclude) for (const [a, b] of spans(stems, ex)) for (let i = a; i < b; i++) tokens[i] = '\u0000';
    }
    if (theme.patterns.some((p) => spans(tokens, p).length > 0)) out.push(theme.key);
  }
  return out;
}
