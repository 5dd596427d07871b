import type { Db } from '../db/open.js';
import { perDatabase } from '../db/per-database.js';
import type { QuestionTranslations } from '../surveys/question-bank.translations.js';

/** The languages known for a person: the chosen one and the one Slack reports. */
export interface PersonLocales {
  locale: string | null;
  slackLocale: string | null;
}

const parseTranslations = (raw: string | null | undefined): QuestionTranslations => {
  if (!raw) return {};
  const value = JSON.parse(raw) as unknown;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as QuestionTranslations) : {};
};

// Respondents are counted as the results report counts them (results.repo.ts WHO).
const WHO = `COALESCE(r.respondent, '#' || r.id)`;

function build(db: Db) {
  const q = {
    personLocales: db.prepare('SELECT locale, slack_locale AS slackLocale FROM people WHERE id = ?'),
    allLocales: db.prepare(
      'SELECT id, locale, slack_locale AS slackLocale FROM people WHERE locale IS NOT NULL OR slack_locale IS NOT NULL',
    ),
    setLocale: db.prepare('UPDATE people SET locale = ? WHERE email = ? AND locale IS NOT ?'),
    setSlackLocale: db.prepare('UPDATE people SET slack_locale = ? WHERE id = ? AND slack_locale IS NOT ?'),
    translations: db.prepare('SELECT translations FROM questions WHERE id = ?').pluck(),
    setTranslations: db.prepare('UPDATE questions SET translations = ? WHERE id = ?'),
    runTranslations: db.prepare(
      `SELECT q.key, q.translations FROM run_questions rq JOIN questions q ON q.id = rq.question_id WHERE rq.run_id = ?`,
    ),
    setResponseLanguage: db.prepare(
      `INSERT INTO response_languages (response_id, locale) VALUES (?, ?)
       ON CONFLICT (response_id) DO UPDATE SET locale = excluded.locale`,
    ),
    clearResponseLanguage: db.prepare('DELETE FROM response_languages WHERE response_id = ?'),
    responseLanguage: db.prepare('SELECT locale FROM response_languages WHERE response_id = ?').pluck(),
    respondentLanguages: db.prepare(
      `SELECT DISTINCT COALESCE(rl.locale, 'und') AS locale, ${WHO} AS who
       FROM responses r LEFT JOIN response_languages rl ON rl.response_id = r.id
       WHERE r.survey_id = @survey AND r.submitted_at >= @from AND r.submitted_at < @to
         AND (@all = 1 OR r.team_id IN (SELECT value FROM json_each(@teams)))`,
    ),
  };
  return {
    personLocales: (personId: number): PersonLocales =>
      (q.personLocales.get(personId) as PersonLocales | undefined) ?? { locale: null, slackLocale: null },
    /** Every person with a known language, by person id. */
    allPersonLocales: () =>
      new Map(
        (q.allLocales.all() as Array<PersonLocales & { id: number }>).map((r) => [
          r.id,
          { locale: r.locale, slackLocale: r.slackLocale },
        ]),
      ),
    setPersonLocale: (email: string, locale: string | null) => q.setLocale.run(locale, email, locale).changes > 0,
    setSlackLocale: (personId: number, locale: string | null) =>
      q.setSlackLocale.run(locale, personId, locale).changes > 0,
    translations: (questionId: number) => parseTranslations(q.translations.get(questionId) as string | undefined),
    setTranslations: (questionId: number, translations: QuestionTranslations) =>
      q.setTranslations.run(JSON.stringify(translations), questionId),
    /** The translations of each question of a run, by question key. */
    runTranslations: (runId: string) =>
      new Map(
        (q.runTranslations.all(runId) as Array<{ key: string; translations: string }>).map((r) => [
          r.key,
          parseTranslations(r.translations),
        ]),
      ),
    setResponseLanguage: (responseId: number, locale: string | null) =>
      locale ? q.setResponseLanguage.run(responseId, locale) : q.clearResponseLanguage.run(responseId),
    responseLanguage: (responseId: number) => (q.responseLanguage.get(responseId) as string | undefined) ?? null,
    /**
     * Who answered in which language in a window ('und' = not recorded: imports, older answers);
     * teamIds undefined = the whole org. Pseudonyms only, used to count and never returned.
     */
    respondentLanguages: (surveyId: number, from: string, to: string, teamIds?: readonly number[]) =>
      q.respondentLanguages.all({
        survey: surveyId,
        from,
        to,
        all: teamIds ? 0 : 1,
        teams: JSON.stringify(teamIds ?? []),
      }) as Array<{ locale: string; who: string }>,
  };
}

/** All SQL of languages: people's locales, question translations, the language of each response. */
export const i18nRepo = perDatabase(build);
