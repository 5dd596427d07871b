-- Surveys in people's languages (BCP 47 tags, canonical case: 'de', 'pt-BR', 'ja').

-- The language a person chose (API, CSV, admin page) and the one Slack reports for them (directory
-- sync with include_locale). The chosen one wins; either may be NULL.
ALTER TABLE people ADD COLUMN locale TEXT;
ALTER TABLE people ADD COLUMN slack_locale TEXT;

-- A question version's translations: JSON {locale: {"text", "options"?, "help"?}}. Part of the
-- version but not of its identity: rewording a translation does not start a new trend line.
ALTER TABLE questions ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';

-- The language each response was answered in (the form's or the Slack modal's). Answers themselves
-- are stored the same in every language; this only lets results count respondents per language.
CREATE TABLE response_languages (
  response_id INTEGER PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
  locale      TEXT NOT NULL
);
CREATE INDEX response_languages_locale ON response_languages(locale, response_id);
