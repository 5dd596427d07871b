import type { Db } from '../db/open.js';
import type { Question } from './questions.repo.js';
import type { QuestionTranslations } from './question-bank.translations.js';
import { perDatabase } from '../db/per-database.js';

/** A survey definition. */
export interface Survey {
  id: number;
  key: string;
  name: string;
  kind: 'pulse' | 'snapshot' | 'event';
  cadence: string | null;
  timezone: string;
  /** First day runs may open, YYYY-MM-DD in `timezone`; every-N-weeks cadences count from it. */
  startsOn: string | null;
  /** Team keys; [] = everyone. */
  audience: string[];
  openDays: number;
  anonymityThreshold: number;
  fullyAnonymous: boolean;
  rotateCount: number;
  /** Offsets in hours after a run opens. */
  reminders: number[];
  intro: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A question as placed in a survey. */
export interface SurveyQuestion extends Question {
  questionId: number;
  position: number;
  required: boolean;
  rotating: boolean;
  /** {locale: {text, options, help}} of this question version. */
  translations: QuestionTranslations;
}

/** What is written for a survey (ids and timestamps aside). */
export type SurveyFields = Omit<Survey, 'id' | 'createdAt' | 'updatedAt'>;

const COLS = `id, key, name, kind, cadence, timezone, starts_on AS startsOn, audience, open_days AS openDays,
  anonymity_threshold AS anonymityThreshold, fully_anonymous AS fullyAnonymous, rotate_count AS rotateCount,
  reminders, intro, active, created_at AS createdAt, updated_at AS updatedAt`;

type Row = Omit<Survey, 'audience' | 'reminders' | 'fullyAnonymous' | 'active'> & {
  audience: string;
  reminders: string;
  fullyAnonymous: number;
  active: number;
};
const toSurvey = (r: Row | undefined): Survey | undefined =>
  r && {
    ...r,
    audience: JSON.parse(r.audience) as string[],
    reminders: JSON.parse(r.reminders) as number[],
    fullyAnonymous: r.fullyAnonymous === 1,
    active: r.active === 1,
  };

type QRow = Omit<SurveyQuestion, 'options' | 'required' | 'rotating' | 'translations'> & {
  options: string | null;
  translations: string;
  required: number;
  rotating: number;
};
const toSurveyQuestion = (r: QRow): SurveyQuestion => ({
  ...r,
  options: r.options ? (JSON.parse(r.options) as string[]) : null,
  required: r.required === 1,
  rotating: r.rotating === 1,
  translations: JSON.parse(r.translations || '{}') as QuestionTranslations,
});

/** All SQL for surveys and their question lists. Statements are prepared once per database. */
export const surveysRepo = perDatabase(build);

function build(db: Db) {
  const q = {
    all: db.prepare(`SELECT ${COLS} FROM surveys ORDER BY kind = 'pulse' DESC, name`),
    byKey: db.prepare(`SELECT ${COLS} FROM surveys WHERE key = ?`),
    byId: db.prepare(`SELECT ${COLS} FROM surveys WHERE id = ?`),
    count: db.prepare('SELECT COUNT(*) FROM surveys').pluck(),
    insert: db.prepare(
      `INSERT INTO surveys (key, name, kind, cadence, timezone, starts_on, audience, open_days, anonymity_threshold,
         fully_anonymous, rotate_count, reminders, intro, active, created_at, updated_at)
       VALUES (@key, @name, @kind, @cadence, @timezone, @startsOn, @audience, @openDays, @anonymityThreshold,
         @fullyAnonymous, @rotateCount, @reminders, @intro, @active, @now, @now)`,
    ),
    update: db.prepare(
      `UPDATE surveys SET name = @name, kind = @kind, cadence = @cadence, timezone = @timezone, starts_on = @startsOn, audience = @audience,
         open_days = @openDays, anonymity_threshold = @anonymityThreshold, fully_anonymous = @fullyAnonymous,
         rotate_count = @rotateCount, reminders = @reminders, intro = @intro, active = @active, updated_at = @now
       WHERE id = @id`,
    ),
    questions: db.prepare(
      `SELECT q.id, q.id AS questionId, q.key, q.version, q.text, q.type, q.dimension, q.options, q.help,
              sq.position, sq.required, sq.rotating, q.translations
       FROM survey_questions sq JOIN questions q ON q.id = sq.question_id
       WHERE sq.survey_id = ? ORDER BY sq.position`,
    ),
    clearQuestions: db.prepare('DELETE FROM survey_questions WHERE survey_id = ?'),
    addQuestion: db.prepare(
      'INSERT INTO survey_questions (survey_id, question_id, position, required, rotating) VALUES (?, ?, ?, ?, ?)',
    ),
  };
  const params = (s: SurveyFields, now: string) => ({
    ...s,
    audience: JSON.stringify(s.audience),
    reminders: JSON.stringify(s.reminders),
    fullyAnonymous: s.fullyAnonymous ? 1 : 0,
    active: s.active ? 1 : 0,
    now,
  });
  return {
    all: () => (q.all.all() as Row[]).map((r) => toSurvey(r)!),
    byKey: (key: string) => toSurvey(q.byKey.get(key) as Row | undefined),
    byId: (id: number) => toSurvey(q.byId.get(id) as Row | undefined),
    count: () => q.count.get() as number,
    insert: (s: SurveyFields, now: string) => Number(q.insert.run(params(s, now)).lastInsertRowid),
    update: (id: number, s: SurveyFields, now: string) => q.update.run({ ...params(s, now), id }),
    questions: (surveyId: number) => (q.questions.all(surveyId) as QRow[]).map(toSurveyQuestion),
    /** Replaces the survey's question list (caller holds the transaction). */
    setQuestions: (surveyId: number, list: Array<{ questionId: number; required: boolean; rotating: boolean }>) => {
      q.clearQuestions.run(surveyId);
      list.forEach((item, i) =>
        q.addQuestion.run(surveyId, item.questionId, i + 1, item.required ? 1 : 0, item.rotating ? 1 : 0),
      );
    },
  };
}
