import { z } from 'zod';
import type { QuestionTranslations } from '../surveys/question-bank.translations.js';
import { canonicalLocale } from './locales.js';

const wording = (max: number) =>
  z.string({ message: 'is required' }).trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

const translationInput = z.object(
  {
    text: wording(500),
    options: z.array(wording(200), { message: 'must be a list of option texts' }).max(20).nullish(),
    help: z.string({ message: 'must be text' }).trim().max(500, 'must be at most 500 characters').nullish(),
  },
  { message: 'must be an object {"text", "options"}' },
);

/**
 * A question's `translations`: `{locale: {text, options?, help?}}`, keyed by BCP 47 tags (stored
 * canonical: 'pt-br' → 'pt-BR'). Whether `options` fit the question is checked with the question.
 */
export const questionTranslationsInput = z
  .record(z.string(), translationInput, { message: 'must be an object {locale: {"text", "options"}}' })
  .transform((value, ctx): QuestionTranslations => {
    const out: QuestionTranslations = {};
    for (const [tag, t] of Object.entries(value)) {
      const locale = canonicalLocale(tag);
      if (!locale) {
        ctx.addIssue({
          code: 'custom',
          path: [tag],
          message: 'must be keyed by a BCP 47 language tag such as de or pt-BR',
        });
        continue;
      }
      if (locale === 'en') {
        ctx.addIssue({
          code: 'custom',
          path: [tag],
          message: 'English is the question itself; translate into other languages',
        });
        continue;
      }
      if (out[locale]) {
        ctx.addIssue({ code: 'custom', path: [tag], message: `names the language ${locale} twice` });
        continue;
      }
      out[locale] = {
        text: t.text,
        ...(t.options ? { options: t.options } : {}),
        ...(t.help ? { help: t.help } : {}),
      };
    }
    return out;
  });

/**
 * Problems of a question's translations against the question: a choice question's translations
 * must list the same number of distinct options; other types take no options.
 */
export function translationProblems(q: {
  options?: string[] | null;
  translations?: QuestionTranslations;
}): Array<{ path: (string | number)[]; message: string }> {
  const problems: Array<{ path: (string | number)[]; message: string }> = [];
  for (const [locale, t] of Object.entries(q.translations ?? {})) {
    const path = ['translations', locale, 'options'];
    const count = q.options?.length ?? 0;
    if (!count && t.options?.length) problems.push({ path, message: 'the question has no options to translate' });
    else if (count && t.options?.length !== count) {
      problems.push({
        path,
        message: `must list ${count} options, in the order of the question's options (got ${t.options?.length ?? 0})`,
      });
    } else if (t.options && new Set(t.options).size !== t.options.length) {
      problems.push({ path, message: 'options must be distinct' });
    }
  }
  return problems;
}
