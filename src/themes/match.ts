import type { Taxonomy, ThemeDef } from './taxonomy.js';
import { stem, tokenize } from './text.js';

/** A pattern compiled to stems; `null` is a gap of up to three words. */
type Compiled = Array<string | null>;

interface CompiledTheme {
  key: string;
  patterns: Compiled[];
  exclude: Compiled[];
}

/** A taxonomy prepared for fast tagging: patterns indexed by their first stem. */
export interface Matcher {
  version: number;
  themes: CompiledTheme[];
  byFirst: Map<string, Array<{ theme: number; pattern: Compiled }>>;
}

const MAX_GAP = 3;

/** Compiles one pattern string ("waiting * review") to stems. */
function compilePattern(pattern: string): Compiled {
  return pattern
    .trim()
    .split(/\s+/)
    .flatMap((word) => (word === '*' ? [null] : tokenize(word).map(stem)));
}

/** Compiles a taxonomy; patterns that reduce to nothing are dropped. */
export function compileTaxonomy(taxonomy: Taxonomy): Matcher {
  const trim = (p: Compiled) => {
    let a = 0;
    let b = p.length;
    while (a < b && p[a] === null) a++;
    while (b > a && p[b - 1] === null) b--;
    return p.slice(a, b);
  };
  const compileAll = (list: string[]) => list.map((x) => trim(compilePattern(x))).filter((p) => p.length > 0);
  const themes = taxonomy.themes.map((th: ThemeDef) => ({
    key: th.key,
    patterns: compileAll([...th.keywords, ...th.phrases]),
    exclude: compileAll(th.exclude),
  }));
  const byFirst = new Map<string, Array<{ theme: number; pattern: Compiled }>>();
  themes.forEach((th, theme) => {
    for (const pattern of th.patterns) {
      const first = pattern[0] as string;
      byFirst.set(first, [...(byFirst.get(first) ?? []), { theme, pattern }]);
    }
  });
  return { version: taxonomy.version, themes, byFirst };
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

/**
 * Theme keys whose patterns occur in `text` (multi-label; order of the taxonomy). A match that
 * overlaps one of the theme's exclude phrases does not count.
 */
export function tagText(text: string, matcher: Matcher): string[] {
  const stems = tokenize(text).map(stem);
  if (stems.length === 0) return [];
  const candidates = new Map<number, Array<[number, number]>>();
  const found = new Set<number>();
  for (let i = 0; i < stems.length; i++) {
    for (const { theme, pattern } of matcher.byFirst.get(stems[i]) ?? []) {
      if (found.has(theme)) continue;
      const end = matchAt(stems, pattern, 0, i);
      if (end <= i) continue;
      if (matcher.themes[theme].exclude.length === 0) found.add(theme);
      else candidates.set(theme, [...(candidates.get(theme) ?? []), [i, end]]);
    }
  }
  for (const [theme, list] of candidates) {
    if (found.has(theme)) continue;
    const masked = new Uint8Array(stems.length);
    for (const ex of matcher.themes[theme].exclude) for (const [a, b] of spans(stems, ex)) masked.fill(1, a, b);
    if (list.some(([a, b]) => !masked.subarray(a, b).includes(1))) found.add(theme);
  }
  return matcher.themes.filter((_, i) => found.has(i)).map((t) => t.key);
}

/**
 * How strongly `text` is about one theme: the number of places its patterns match (outside its
 * exclude phrases). 0 when the theme is unknown or absent. Quotes are chosen by it.
 */
export function matchStrength(text: string, matcher: Matcher, themeKey: string): number {
  const theme = matcher.themes.find((t) => t.key === themeKey);
  if (!theme) return 0;
  const stems = tokenize(text).map(stem);
  const masked = new Uint8Array(stems.length);
  for (const ex of theme.exclude) for (const [a, b] of spans(stems, ex)) masked.fill(1, a, b);
  let n = 0;
  for (const p of theme.patterns) for (const [a, b] of spans(stems, p)) if (!masked.subarray(a, b).includes(1)) n++;
  return n;
}
