import { IntlMessageFormat } from 'intl-messageformat';
import { de } from './catalogs/de.js';
import { en, type Catalog, type MessageKey } from './catalogs/en.js';
import { es } from './catalogs/es.js';
import { fr } from './catalogs/fr.js';
import { ja } from './catalogs/ja.js';
import { ptBR } from './catalogs/pt-BR.js';
import { SUPPORTED_LOCALES, supportedLocale, type SupportedLocale } from './locales.js';

export type { MessageKey } from './catalogs/en.js';

/** Every catalog by locale (English is the source). */
export const CATALOGS: Record<SupportedLocale, Catalog> = { en, de, fr, es, 'pt-BR': ptBR, ja };

type Values = Record<string, string | number | boolean | null | undefined>;

/** Messages and formats of one locale: `t(key, values)` and `date(iso)`. */
export interface Messages {
  locale: SupportedLocale;
  t: (key: MessageKey, values?: Values) => string;
  /** A date as people of this locale write it ("3 Dec 2026", "3. Dez. 2026", "2026年12月3日"), in UTC. */
  date: (value: string | Date | null | undefined) => string;
}

const compiled = new Map<string, IntlMessageFormat>();
const dateFormats = new Map<SupportedLocale, Intl.DateTimeFormat>();

function format(locale: SupportedLocale, key: MessageKey, values: Values | undefined): string {
  const id = `${locale}\u0000${key}`;
  let message = compiled.get(id);
  if (!message) {
    // Slack links (<url|text>) and placeholders such as <what got in your way> are text, not ICU tags.
    message = new IntlMessageFormat(CATALOGS[locale][key], locale, undefined, { ignoreTag: true });
    compiled.set(id, message);
  }
  const clean: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(values ?? {})) {
    // select arguments take strings; booleans read as yes/no in the catalogs.
    clean[k] = typeof v === 'boolean' ? (v ? 'yes' : 'no') : (v ?? '');
  }
  return String(message.format(clean));
}

function dateFormat(locale: SupportedLocale): Intl.DateTimeFormat {
  let f = dateFormats.get(locale);
  if (!f) {
    // en-GB keeps the day-month order every English page of Chorus uses ("3 Dec 2026").
    f = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    dateFormats.set(locale, f);
  }
  return f;
}

const cache = new Map<SupportedLocale, Messages>();

/** The messages of a locale (any tag: 'de-AT' speaks German; an unsupported one speaks English). */
export function messagesFor(tag: string | null | undefined): Messages {
  const locale = supportedLocale(tag) ?? 'en';
  let m = cache.get(locale);
  if (!m) {
    m = {
      locale,
      t: (key, values) => format(locale, key, values),
      date: (value) => {
        if (value === null || value === undefined || value === '') return '';
        const d = new Date(value);
        return Number.isNaN(d.getTime()) ? '' : dateFormat(locale).format(d);
      },
    };
    cache.set(locale, m);
  }
  return m;
}

/** English: the default of every builder that takes messages. */
export const ENGLISH = messagesFor('en');

/** Every supported locale's messages (tests walk them). */
export const allMessages = (): Messages[] => SUPPORTED_LOCALES.map((l) => messagesFor(l));
