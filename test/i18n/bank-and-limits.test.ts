import { describe, expect, it } from 'vitest';
import { parse } from '@formatjs/icu-messageformat-parser';
import { CATALOGS, allMessages, messagesFor } from '../../src/i18n/messages.js';
import { localizeQuestion } from '../../src/i18n/localize.js';
import { TRANSLATED_LOCALES, acceptLanguageTags, canonicalLocale, firstSupported } from '../../src/i18n/locales.js';
import { en } from '../../src/i18n/catalogs/en.js';
import { homeView } from '../../src/slack/blocks/home.js';
import { LIMITS } from '../../src/slack/blocks/limits.js';
import { pulseDm, thanksDm } from '../../src/slack/blocks/pulse-dm.js';
import { surveyModal } from '../../src/slack/blocks/survey-modal.js';
import { QUESTION_BANK, requiredByDefault } from '../../src/surveys/question-bank.js';
import { BANK_TRANSLATIONS } from '../../src/surveys/question-bank.translations.js';

/** The argument names a message uses ({k}, {date}, {count, plural, …}). */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: ReturnType<typeof parse>) => {
    for (const n of nodes as Array<{
      value?: unknown;
      options?: Record<string, { value: ReturnType<typeof parse> }>;
    }>) {
      if (typeof n.value === 'string' && 'type' in n && (n as { type: number }).type !== 0) names.add(n.value);
      for (const o of Object.values(n.options ?? {})) walk(o.value);
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return [...names].sort();
}

describe('the built-in question bank in five languages', () => {
  it('has every question in German, French, Spanish, Brazilian Portuguese and Japanese', () => {
    expect(TRANSLATED_LOCALES).toEqual(['de', 'fr', 'es', 'pt-BR', 'ja']);
    expect(QUESTION_BANK.filter((q) => !BANK_TRANSLATIONS[q.key]).map((q) => q.key)).toEqual([]);
    for (const q of QUESTION_BANK) {
      const byLocale = BANK_TRANSLATIONS[q.key];
      expect(Object.keys(byLocale).sort(), q.key).toEqual([...TRANSLATED_LOCALES].sort());
      for (const locale of TRANSLATED_LOCALES) {
        const t = byLocale[locale];
        expect(t.text.trim().length, `${q.key} ${locale}`).toBeGreaterThan(10);
        expect(t.text, `${q.key} ${locale} is not the English`).not.toBe(q.text);
        expect(t.text.length, `${q.key} ${locale} fits the 500-character question text`).toBeLessThanOrEqual(500);
        // The same number of options, in the same order (answers are stored as the English option).
        expect(t.options?.length ?? 0, `${q.key} ${locale} options`).toBe(q.options?.length ?? 0);
        // A question with help has it translated too.
        expect(Boolean(t.help), `${q.key} ${locale} help`).toBe(Boolean(q.help));
        // Questions stay questions, statements stay statements.
        const asks = /[?？]$/.test(t.text.trim()) || /[?？]/.test(t.text);
        expect(asks, `${q.key} ${locale} question mark`).toBe(/\?/.test(q.text));
      }
    }
  });

  it('shows bank items translated only while their English wording is the bank one', () => {
    const bank = QUESTION_BANK.find((q) => q.key === 'focus_time')!;
    expect(localizeQuestion(bank, {}, 'de').text).toBe(BANK_TRANSLATIONS.focus_time.de.text);
    expect(localizeQuestion(bank, {}, 'de-AT').text).toBe(BANK_TRANSLATIONS.focus_time.de.text);
    expect(localizeQuestion({ ...bank, text: 'Our own wording' }, {}, 'de').text).toBe('Our own wording');
    expect(localizeQuestion(bank, { de: { text: 'Eigene Fassung' } }, 'de').text).toBe('Eigene Fassung');
    expect(localizeQuestion(bank, {}, 'en').text).toBe(bank.text);
  });

  it('keeps the answer scales in the English order and direction in every language', () => {
    // Favourable answers are 4–5 and the 0–10 anchors run from "not likely" to "very likely" everywhere.
    const anchors: Record<string, [string, string, string, string]> = {
      de: ['Stimme überhaupt nicht zu', 'Stimme voll und ganz zu', 'Keine', 'Mehr als 8 Stunden'],
      fr: ['Pas du tout d’accord', 'Tout à fait d’accord', 'Aucune', 'Plus de 8 heures'],
      es: ['Totalmente en desacuerdo', 'Totalmente de acuerdo', 'Ninguna', 'Más de 8 horas'],
      'pt-BR': ['Discordo totalmente', 'Concordo totalmente', 'Nenhuma', 'Mais de 8 horas'],
      ja: ['まったくそう思わない', 'とてもそう思う', 'なし', '8時間超'],
    };
    for (const [locale, [low, high, none, most]] of Object.entries(anchors)) {
      const m = messagesFor(locale);
      expect(m.locale).toBe(locale);
      expect([m.t('likert.1'), m.t('likert.5'), m.t('hours.0'), m.t('hours.8+')]).toEqual([low, high, none, most]);
      expect(m.t('scale.low')).toMatch(/^0 = /);
      expect(m.t('scale.high')).toMatch(/^10 = /);
    }
  });
});

/** Values callers pass that English does not need (word order: Japanese puts the date first). */
const EXTRA_VALUES: Partial<Record<keyof typeof en, string[]>> = { 'thanks.again.lead': ['date'] };
/** Values a language shows in the neighbouring message instead (Japanese: the date moves to the lead). */
const MOVED: Record<string, Partial<Record<keyof typeof en, string[]>>> = { ja: { 'thanks.again.rest': ['date'] } };

describe('message catalogs', () => {
  it('translate every English key, with the same ICU arguments, and format with plurals', () => {
    for (const [locale, catalog] of Object.entries(CATALOGS)) {
      expect(Object.keys(catalog).sort(), locale).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en) as Array<keyof typeof en>) {
        const english = argumentsOf(en[key]);
        const translated = argumentsOf(catalog[key]);
        // Every value English shows is shown; a translation uses no value callers do not pass.
        expect(
          english.filter((a) => !translated.includes(a) && !(MOVED[locale]?.[key] ?? []).includes(a)),
          `${locale} ${key} drops`,
        ).toEqual([]);
        expect(
          translated.filter((a) => !english.includes(a) && !(EXTRA_VALUES[key] ?? []).includes(a)),
          `${locale} ${key} adds`,
        ).toEqual([]);
      }
    }
    expect(messagesFor('de').t('form.problems', { count: 1 })).toBe('Bitte prüfe eine Antwort');
    expect(messagesFor('de').t('form.problems', { count: 3 })).toBe('Bitte prüfe 3 Antworten');
    expect(messagesFor('en').t('form.problems', { count: 1 })).toBe('Please check 1 answer');
    expect(messagesFor('fr').t('form.problems', { count: 2 })).toBe('Veuillez vérifier 2 réponses');
    expect(messagesFor('de').t('form.text.max', { max: 2000 })).toBe('Bis zu 2.000 Zeichen.');
    expect(messagesFor('en').t('form.text.max', { max: 2000 })).toBe('Up to 2,000 characters.');
  });

  it('formats dates for the locale', () => {
    const d = '2026-03-07T16:00:00.000Z';
    expect(messagesFor('en').date(d)).toBe('7 Mar 2026');
    expect(messagesFor('de').date(d)).toBe('7. März 2026');
    expect(messagesFor('ja').date(d)).toBe('2026年3月7日');
    expect(messagesFor('pt-BR').date(d)).toMatch(/^7 de mar\.? de 2026$/);
  });
});

describe('language tags', () => {
  it('canonicalises, negotiates and reads Accept-Language', () => {
    expect(canonicalLocale('pt-br')).toBe('pt-BR');
    expect(canonicalLocale('pt_BR')).toBe('pt-BR');
    expect(canonicalLocale('Deutsch!')).toBeNull();
    expect(canonicalLocale('')).toBeNull();
    expect(acceptLanguageTags('de-CH, fr;q=0.8, *;q=0.1, it;q=0')).toEqual(['de-CH', 'fr']);
    expect(firstSupported([null, 'it', 'pt-PT', 'de'])).toBe('pt-BR');
    expect(firstSupported(['zh', undefined])).toBeUndefined();
  });
});

describe('Block Kit limits hold in every language with the translated bank', () => {
  const survey = 'Quarterly developer experience snapshot for the whole platform organisation';
  const closesAt = '2026-03-07T16:00:00.000Z';

  it('the survey modal: title, buttons, labels, options and block count', () => {
    for (const m of allMessages()) {
      const questions = QUESTION_BANK.map((q) => ({
        ...localizeQuestion({ ...q, options: q.options ?? null }, {}, m.locale),
        required: requiredByDefault(q.type),
      }));
      const view = surveyModal({ surveyName: survey, questions }, { runId: 'run_1', locale: m.locale }, m);
      expect(view.title.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
      expect(view.submit!.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
      expect(view.close!.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
      expect(view.submit!.text.endsWith('…'), m.locale).toBe(false);
      expect(view.close!.text.endsWith('…'), m.locale).toBe(false);
      expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.modalBlocks);
      expect(view.private_metadata!.length).toBeLessThanOrEqual(LIMITS.privateMetadata);
      const inputs = view.blocks.filter((b) => b.type === 'input') as any[];
      expect(inputs).toHaveLength(QUESTION_BANK.length);
      for (const b of inputs) {
        expect(b.label.text.length).toBeLessThanOrEqual(LIMITS.label);
        expect(b.label.text.endsWith('…'), `${m.locale} ${b.block_id} label`).toBe(false);
        for (const o of b.element.options ?? []) {
          // Every translated answer label fits whole: nothing is cut to 75 characters.
          expect(o.text.text.length, `${m.locale} ${b.block_id}`).toBeLessThanOrEqual(LIMITS.optionText);
          expect(o.text.text.endsWith('…'), `${m.locale} ${b.block_id} ${o.text.text}`).toBe(false);
          expect(o.value.length).toBeLessThanOrEqual(LIMITS.optionValue);
        }
        if (b.element.placeholder) expect(b.element.placeholder.text.endsWith('…')).toBe(false);
      }
      const context = view.blocks[0] as any;
      expect(context.elements[0].text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
  });

  it('the DM, the thank-you DM and the App Home', () => {
    for (const m of allMessages()) {
      for (const reminder of [0, 1]) {
        const dm = pulseDm(
          {
            runId: 'run_1',
            surveyName: survey,
            closesAt,
            reminder,
            webUrl: `https://chorus.example/s/${'t'.repeat(43)}`,
          },
          m,
        );
        expect(dm.blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
        for (const block of dm.blocks as any[]) {
          for (const t of [block.text, ...(block.elements ?? []).map((e: any) => e.text ?? e)]) {
            if (!t?.text) continue;
            expect(t.text.length).toBeLessThanOrEqual(t.type === 'plain_text' ? LIMITS.buttonText : LIMITS.sectionText);
            expect(t.text.endsWith('…'), `${m.locale} ${t.text}`).toBe(false);
          }
        }
        expect(dm.text).toContain(survey);
      }
      const thanks = thanksDm({ runId: 'run_1', surveyName: survey }, m);
      expect(JSON.stringify(thanks.blocks)).toContain(survey);
      const home = homeView(
        {
          known: true,
          openRuns: Array.from({ length: 30 }, (_, i) => ({
            runId: `run_${i}`,
            surveyName: survey,
            closesAt,
            answered: i % 2 === 0,
          })),
          recentAnswers: [],
          updates: [],
        },
        m,
      );
      expect(home.blocks.length).toBeLessThanOrEqual(LIMITS.homeBlocks);
      for (const b of home.blocks as any[]) {
        if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
        if (b.accessory) expect(b.accessory.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
      }
    }
  });
});
