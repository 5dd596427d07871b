import type { Deps } from '../deps.js';
import { readSetting, writeSetting } from '../settings/settings.repo.js';
import { bankQuestion } from '../surveys/question-bank.js';
import {
  BANK_TRANSLATIONS,
  type QuestionTranslation,
  type QuestionTranslations,
} from '../surveys/question-bank.translations.js';
import { i18nRepo } from './i18n.repo.js';
import type { Messages } from './messages.js';
import { acceptLanguageTags, firstSupported, pickForLocale, supportedLocale, type SupportedLocale } from './locales.js';

/** Setting: the language of respondents nothing else tells Chorus about (default English). */
const DEFAULT_LOCALE_SETTING = 'i18n.default_locale';

/** The workspace's default respondent language. */
export function workspaceLocale(deps: Deps): SupportedLocale {
  return supportedLocale(readSetting<string>(deps.db, DEFAULT_LOCALE_SETTING)) ?? 'en';
}

/** Sets the workspace's default respondent language (one of the supported ones). */
export function setWorkspaceLocale(deps: Deps, locale: SupportedLocale): void {
  writeSetting(deps.db, DEFAULT_LOCALE_SETTING, locale, deps.now());
}

/** What can tell Chorus a respondent's language, strongest first after `chosen`. */
export interface LocaleHints {
  /** The language picked on the form (`?lang=`), when the respondent chose one. */
  chosen?: string | null;
  personId?: number | null;
  /** The browser's Accept-Language header (web form only). */
  acceptLanguage?: string;
}

/**
 * The language to speak to a respondent: the one they picked on the form, else the person's own
 * locale, else Slack's locale for them, else the browser's Accept-Language, else the workspace
 * default. Each step counts only when Chorus speaks it ('de-AT' → German; 'it' → the next step).
 */
export function respondentLocale(deps: Deps, hints: LocaleHints): SupportedLocale {
  const person = hints.personId ? i18nRepo(deps.db).personLocales(hints.personId) : null;
  return (
    firstSupported([hints.chosen, person?.locale, person?.slackLocale, ...acceptLanguageTags(hints.acceptLanguage)]) ??
    workspaceLocale(deps)
  );
}

/** A question in whatever shape the caller has, with the fields translation touches. */
interface Translatable {
  key: string;
  text: string;
  options?: string[] | null;
  help?: string | null;
}

/**
 * The translation of a question for a locale: the survey's own, else the built-in bank's when the
 * question is the bank item unchanged (same key and English wording). undefined = show English.
 */
function translationFor(
  q: Translatable,
  stored: QuestionTranslations | undefined,
  locale: string,
): QuestionTranslation | undefined {
  if (locale === 'en') return undefined;
  const own = pickForLocale(stored, locale);
  if (own) return own;
  const bank = bankQuestion(q.key);
  if (bank && bank.text === q.text) return pickForLocale(BANK_TRANSLATIONS[q.key], locale);
  return undefined;
}

/**
 * A question as shown in `locale`: text and help translated, `options` kept as stored (answers are
 * stored the same in every language) and `optionLabels` holding what to show for each option.
 */
export function localizeQuestion<Q extends Translatable>(
  q: Q,
  stored: QuestionTranslations | undefined,
  locale: string,
): Q & { optionLabels: string[] | null } {
  const tr = translationFor(q, stored, locale);
  const options = q.options ?? null;
  const labels = tr?.options && options && tr.options.length === options.length ? tr.options : options;
  return {
    ...q,
    text: tr?.text ?? q.text,
    help: tr ? (tr.help ?? (q.help ? q.help : null)) : (q.help ?? null),
    optionLabels: labels,
  };
}

/** Every question of a run, shown in `locale`. */
export function localizeRunQuestions<Q extends Translatable>(
  deps: Deps,
  runId: string,
  questions: readonly Q[],
  locale: string,
): Array<Q & { optionLabels: string[] | null }> {
  const stored = locale === 'en' ? new Map<string, QuestionTranslations>() : i18nRepo(deps.db).runTranslations(runId);
  return questions.map((q) => localizeQuestion(q, stored.get(q.key), locale));
}

/** Each person's chosen and Slack language, by person id (only people with either). */
export const peopleLocales = (deps: Deps) => i18nRepo(deps.db).allPersonLocales();

/**
 * A validation message of the survey service (written in English) in the respondent's language:
 * the ones a respondent can meet on the form or in the modal; anything else, in another language,
 * as "is not a valid answer".
 */
export function answerErrorText(message: string, m: Messages, maxText: number): string {
  if (m.locale === 'en') return message;
  if (message === 'Please answer this question') return m.t('form.error.required');
  if (message === 'Please choose an answer, or "Not applicable"') return m.t('form.error.likert');
  if (/^must be at most [\d,]+ characters$/.test(message)) return m.t('form.error.tooLong', { max: maxText });
  return m.t('form.error.invalid');
}
