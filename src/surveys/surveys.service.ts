import { BatchProblems, parseBatch, type BatchResult } from '../batch.js';
import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { notFound } from '../errors.js';
import { anonymityThreshold } from '../privacy/engine.js';
import { readSetting } from '../settings/settings.repo.js';
import { THRESHOLD_SETTING } from './results.service.js';
import { QUESTION_BANK, requiredByDefault, type BankQuestion } from './question-bank.js';
import { questionsRepo, type Question } from './questions.repo.js';
import { BANK_TRANSLATIONS } from './question-bank.translations.js';
import { i18nRepo } from '../i18n/i18n.repo.js';
import { surveyInput, type SurveyInput, type SurveyQuestionInput } from './surveys.schema.js';
import { surveysRepo, type Survey, type SurveyFields, type SurveyQuestion } from './surveys.repo.js';
import { DAY_MS } from '../units.js';

const DEFAULTS: Omit<SurveyFields, 'key' | 'name'> = {
  kind: 'pulse',
  cadence: null,
  timezone: 'UTC',
  startsOn: null,
  audience: [],
  openDays: 5,
  anonymityThreshold: 5,
  fullyAnonymous: false,
  rotateCount: 0,
  reminders: [],
  intro: null,
  active: true,
};

/** A survey as the API and admin pages show it (snake_case, questions in order). */
export function presentSurvey(survey: Survey, questions: SurveyQuestion[]) {
  return {
    key: survey.key,
    name: survey.name,
    kind: survey.kind,
    cadence: survey.cadence,
    timezone: survey.timezone,
    starts_on: survey.startsOn,
    audience: survey.audience,
    open_days: survey.openDays,
    anonymity_threshold: survey.anonymityThreshold,
    fully_anonymous: survey.fullyAnonymous,
    rotate_count: survey.rotateCount,
    reminders: survey.reminders,
    intro: survey.intro,
    active: survey.active,
    updated_at: survey.updatedAt,
    questions: questions.map((q) => ({
      key: q.key,
      version: q.version,
      text: q.text,
      type: q.type,
      dimension: q.dimension,
      options: q.options,
      help: q.help,
      required: q.required,
      rotating: q.rotating,
      translations: q.translations,
    })),
  };
}

const sameQuestion = (a: Question, b: SurveyQuestionInput) =>
  a.text === b.text &&
  a.type === b.type &&
  (a.dimension ?? null) === (b.dimension ?? null) &&
  JSON.stringify(a.options ?? null) === JSON.stringify(b.options ?? null);

/**
 * The question row for a definition: an existing version with the same wording, type, dimension
 * and options, else a new version of that key (so trends start a new line, metrics.md).
 */
function questionIdFor(deps: Deps, q: SurveyQuestionInput, now: string): number {
  const repo = questionsRepo(deps.db);
  const versions = repo.versions(q.key);
  const same = versions.find((v) => sameQuestion(v, q));
  // Translations belong to a version without being part of its identity: rewording one keeps the trend line.
  const withTranslations = (id: number) => {
    if (q.translations !== undefined) i18nRepo(deps.db).setTranslations(id, q.translations);
    return id;
  };
  if (same) return withTranslations(same.id);
  const latest = versions[0];
  const inserted = repo.insert(
    {
      key: q.key,
      version: (latest?.version ?? 0) + 1,
      text: q.text,
      type: q.type,
      dimension: q.dimension ?? null,
      options: q.options ?? null,
      help: q.help ?? null,
    },
    now,
  );
  return withTranslations(inserted);
}

function mergeFields(input: SurveyInput, existing: Survey | undefined): SurveyFields {
  const base = existing ?? { ...DEFAULTS };
  return {
    key: input.key,
    name: input.name,
    kind: input.kind ?? base.kind,
    cadence: input.cadence === undefined ? base.cadence : input.cadence,
    timezone: input.timezone ?? base.timezone,
    startsOn: input.starts_on === undefined ? base.startsOn : input.starts_on,
    audience: input.audience ?? base.audience,
    openDays: input.open_days ?? base.openDays,
    anonymityThreshold: input.anonymity_threshold ?? base.anonymityThreshold,
    fullyAnonymous: input.fully_anonymous ?? base.fullyAnonymous,
    rotateCount: input.rotate_count ?? base.rotateCount,
    reminders: input.reminders ?? base.reminders,
    intro: input.intro === undefined ? base.intro : input.intro,
    active: input.active ?? base.active,
  };
}

/**
 * Upserts survey definitions by key (`POST /api/v1/surveys`, one object or `{"surveys": [...]}`).
 * Fields left out keep their value. Answers `{accepted, duplicates, surveys}` where duplicates
 * counts surveys that already existed and `surveys` holds each stored definition. Atomic.
 */
export function upsertSurvey(deps: Deps, body: unknown): BatchResult & { surveys: ReturnType<typeof presentSurvey>[] } {
  const items = parseBatch(surveyInput, body, 'surveys');
  const repo = surveysRepo(deps.db);
  const directory = directoryRepo(deps.db);
  const problems = new BatchProblems();
  const merged = items.map((item, i) => {
    const fields = mergeFields(item, repo.byKey(item.key));
    for (const key of item.audience ?? []) {
      if (!directory.teamByKey(key)) problems.add(i, 'audience', `unknown team key "${key}"`);
    }
    if (fields.reminders.some((h) => h >= fields.openDays * 24)) {
      problems.add(i, 'reminders', `reminders must fall inside the ${fields.openDays}-day open window`);
    }
    return fields;
  });
  problems.throwIfAny();

  const now = deps.now().toISOString();
  let duplicates = 0;
  const ids: number[] = [];
  deps.db.transaction(() => {
    items.forEach((item, i) => {
      const existing = repo.byKey(item.key);
      let id: number;
      if (existing) {
        duplicates++;
        repo.update(existing.id, merged[i], now);
        id = existing.id;
      } else id = repo.insert(merged[i], now);
      repo.setQuestions(
        id,
        item.questions.map((q) => ({
          questionId: questionIdFor(deps, q, now),
          required: q.required ?? requiredByDefault(q.type),
          rotating: q.rotating ?? false,
        })),
      );
      ids.push(id);
    });
  })();
  const surveys = [...new Set(ids)].map((id) => presentSurvey(repo.byId(id)!, repo.questions(id)));
  return { accepted: items.length, duplicates, surveys };
}

/** A survey and its questions, or 404. */
export function getSurvey(deps: Deps, key: string): { survey: Survey; questions: SurveyQuestion[] } {
  const repo = surveysRepo(deps.db);
  const survey = repo.byKey(key);
  if (!survey) throw notFound(`Survey "${key}"`);
  return { survey, questions: repo.questions(survey.id) };
}

/** The threshold in force for a survey: the larger of its own and the workspace's (never below 3). */
export const effectiveThreshold = (deps: Deps, survey: Survey): number =>
  anonymityThreshold(survey.anonymityThreshold, readSetting<number>(deps.db, THRESHOLD_SETTING));

/** Every survey definition, pulses first. */
export const listSurveys = (deps: Deps): Survey[] => surveysRepo(deps.db).all();

const fromBank = (keys: string[], rotating: string[] = []) =>
  keys.map((key) => {
    const q = QUESTION_BANK.find((b) => b.key === key) as BankQuestion;
    return { ...q, rotating: rotating.includes(key), translations: BANK_TRANSLATIONS[key] ?? {} };
  });

/** The weekly pulse: 7 items every week plus 1 rotating item (8 per run, about two minutes). */
export const DEFAULT_PULSE = {
  key: 'pulse',
  name: 'Weekly pulse',
  kind: 'pulse' as const,
  cadence: '0 10 * * 1',
  timezone: 'UTC',
  open_days: 5,
  anonymity_threshold: 5,
  rotate_count: 1,
  reminders: [48],
  intro: 'Eight quick questions, about two minutes. Answers are only ever shown for groups of five or more people.',
  questions: fromBank(
    [
      'build_and_test',
      'code_review',
      'deploy_ease',
      'docs_findable',
      'focus_time',
      'recommend',
      'release_confidence',
      'ci_reliability',
      'env_access',
      'hours_lost',
      'friction',
    ],
    ['recommend', 'release_confidence', 'ci_reliability', 'env_access'],
  ),
};

/** The quarterly snapshot: the whole bank, open two weeks. */
const DEFAULT_SNAPSHOT = {
  key: 'snapshot',
  name: 'Quarterly DevEx snapshot',
  kind: 'snapshot' as const,
  cadence: '0 10 1 1,4,7,10 *',
  timezone: 'UTC',
  open_days: 14,
  anonymity_threshold: 5,
  rotate_count: 0,
  reminders: [72, 240],
  intro:
    'A deeper look once a quarter: about eight minutes. Answers are only ever shown for groups of five or more people.',
  questions: fromBank(QUESTION_BANK.map((q) => q.key)),
};

/** Creates the default weekly pulse and quarterly snapshot when the workspace has no surveys. */
export function ensureDefaultSurveys(deps: Deps): boolean {
  if (surveysRepo(deps.db).count() > 0) return false;
  upsertSurvey(deps, { surveys: [DEFAULT_PULSE, DEFAULT_SNAPSHOT] });
  return true;
}

/**
 * What the respondent's form of a survey would show if a run opened now (`runForm`'s shape),
 * for the admin preview: every question, rotating ones included, and the close date a run would get.
 */
export function surveyPreview(deps: Deps, key: string) {
  const { survey, questions } = getSurvey(deps, key);
  const rotating = questions.filter((q) => q.rotating).length;
  return {
    survey: {
      key: survey.key,
      name: survey.name,
      kind: survey.kind,
      intro: survey.intro,
      fullyAnonymous: survey.fullyAnonymous,
      anonymityThreshold: effectiveThreshold(deps, survey),
    },
    closesAt: new Date(deps.now().getTime() + survey.openDays * DAY_MS).toISOString(),
    questions: questions.map((q) => ({
      key: q.key,
      text: q.text,
      type: q.type,
      dimension: q.dimension,
      options: q.options,
      required: q.required,
      help: q.help,
    })),
    /** Rotating questions are asked `perRun` at a time (0 = all of them every run). */
    rotation: { rotating, perRun: survey.rotateCount > 0 && survey.rotateCount < rotating ? survey.rotateCount : 0 },
  };
}
