import { z } from 'zod';

/** The languages Chorus speaks to respondents (every page, DM and mail has a catalog in each). */
export const SUPPORTED_LOCALES = ['en', 'de', 'fr', 'es', 'pt-BR', 'ja'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/** The respondent languages other than English: the question bank ships translated into each. */
export const TRANSLATED_LOCALES = SUPPORTED_LOCALES.filter((l): l is Exclude<SupportedLocale, 'en'> => l !== 'en');

/** Each language's own name, for the language picker (written as its speakers write it). */
export const LOCALE_NAMES: Record<SupportedLocale, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  'pt-BR': 'Português (Brasil)',
  ja: '日本語',
};

/**
 * The canonical form of a BCP 47 language tag ('pt-br' → 'pt-BR'), or null when it is not one.
 * Slack's own form ('de-DE', 'pt_BR' in older payloads) is accepted too.
 */
export function canonicalLocale(tag: string): string | null {
  const trimmed = tag.trim().replace(/_/g, '-');
  // Intl accepts private-use and grandfathered oddities; a language subtag first is what people mean.
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(trimmed)) return null;
  try {
    return Intl.getCanonicalLocales(trimmed)[0] ?? null;
  } catch {
    return null;
  }
}

/** A BCP 47 tag, canonicalised; '' and null mean "none". */
export const localeSchema = z
  .string({ message: 'must be a BCP 47 language tag such as de, fr or pt-BR' })
  .trim()
  .max(35, 'must be at most 35 characters')
  .nullish()
  .transform((v, ctx) => {
    if (v === undefined) return undefined;
    if (v === null || v === '') return null;
    const tag = canonicalLocale(v);
    if (!tag) {
      ctx.addIssue({ code: 'custom', message: 'must be a BCP 47 language tag such as de, fr or pt-BR' });
      return z.NEVER;
    }
    return tag;
  });

const language = (tag: string) => tag.split('-')[0].toLowerCase();

/**
 * The supported locale that serves `tag` best: the exact one, else the same language ('de-AT' →
 * 'de', 'pt' or 'pt-PT' → 'pt-BR'), else undefined.
 */
export function supportedLocale(tag: string | null | undefined): SupportedLocale | undefined {
  if (!tag) return undefined;
  const canonical = canonicalLocale(tag);
  if (!canonical) return undefined;
  const exact = SUPPORTED_LOCALES.find((l) => l.toLowerCase() === canonical.toLowerCase());
  if (exact) return exact;
  return SUPPORTED_LOCALES.find((l) => language(l) === language(canonical));
}

/**
 * The tags of an Accept-Language header, best first (q=0 dropped, ties keep their order):
 * `de-CH, fr;q=0.8, *;q=0.1` → ['de-CH', 'fr'].
 */
export function acceptLanguageTags(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 30)
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((t) => t.tag && t.tag !== '*' && t.q > 0 && Number.isFinite(t.q))
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((t) => t.tag);
}

/** The first candidate a supported locale serves, in order; undefined when none does. */
export function firstSupported(candidates: ReadonlyArray<string | null | undefined>): SupportedLocale | undefined {
  for (const c of candidates) {
    const found = supportedLocale(c);
    if (found) return found;
  }
  return undefined;
}

/**
 * The entry of a per-locale map that serves `locale`: the exact tag, else one of the same language
 * (a translation keyed 'pt' serves 'pt-BR'; one keyed 'de-CH' serves 'de' only when no 'de' exists).
 */
export function pickForLocale<T>(byLocale: Record<string, T> | undefined, locale: string): T | undefined {
  if (!byLocale) return undefined;
  const keys = Object.keys(byLocale);
  const exact = keys.find((k) => k.toLowerCase() === locale.toLowerCase());
  if (exact) return byLocale[exact];
  const lang = language(locale);
  const bare = keys.find((k) => k.toLowerCase() === lang);
  if (bare) return byLocale[bare];
  const sibling = keys.find((k) => language(k) === lang);
  return sibling === undefined ? undefined : byLocale[sibling];
}
