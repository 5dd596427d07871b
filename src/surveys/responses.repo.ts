import type { Db } from '../db/open.js';
import { perDatabase } from '../db/per-database.js';

/** A stored response header (never the person: `respondent` is a pseudonym or null). */
export interface ResponseRow {
  id: number;
  surveyId: number;
  runId: string | null;
  respondent: string | null;
  teamId: number;
  submittedAt: string;
  source: 'web' | 'slack' | 'import' | 'event';
  externalId: string | null;
}

/** A "you said, we did" update as shown on thank-you pages. */
export interface LoopUpdate {
  id: number;
  themeKey: string;
  title: string;
  body: string;
  status: string;
  createdAt: string;
}

const COLS = `id, survey_id AS surveyId, run_id AS runId, respondent, team_id AS teamId, submitted_at AS submittedAt,
  source, external_id AS externalId`;

/** All SQL for responses, their answers, and the loop updates shown after answering. Statements are prepared once per database. */
export const responsesRepo = perDatabase(build);

function build(db: Db) {
  const q = {
    byRunRespondent: db.prepare(`SELECT ${COLS} FROM responses WHERE run_id = ? AND respondent = ?`),
    byExternal: db.prepare(`SELECT ${COLS} FROM responses WHERE survey_id = ? AND external_id = ?`),
    insert: db.prepare(
      `INSERT INTO responses (survey_id, run_id, respondent, team_id, submitted_at, source, external_id, created_at, updated_at)
       VALUES (@surveyId, @runId, @respondent, @teamId, @submittedAt, @source, @externalId, @now, @now)`,
    ),
    update: db.prepare(
      `UPDATE responses SET respondent = @respondent, team_id = @teamId, submitted_at = @submittedAt, source = @source,
         updated_at = @now WHERE id = @id`,
    ),
    deleteAnswers: db.prepare('DELETE FROM answers WHERE response_id = ?'),
    answers: db.prepare(
      'SELECT question_id AS questionId, value_num AS num, value_text AS text FROM answers WHERE response_id = ? ORDER BY question_id',
    ),
    insertAnswer: db.prepare(
      'INSERT INTO answers (response_id, question_id, value_num, value_text) VALUES (?, ?, ?, ?)',
    ),
    loopUpdates: db.prepare(
      `SELECT id, theme_key AS themeKey, title, body, status, created_at AS createdAt
       FROM loop_updates ORDER BY created_at DESC, id DESC LIMIT ?`,
    ),
  };
  return {
    byRunAndRespondent: (runId: string, respondent: string) =>
      q.byRunRespondent.get(runId, respondent) as ResponseRow | undefined,
    byExternalId: (surveyId: number, externalId: string) =>
      q.byExternal.get(surveyId, externalId) as ResponseRow | undefined,
    insert: (r: Omit<ResponseRow, 'id'>, now: string) => Number(q.insert.run({ ...r, now }).lastInsertRowid),
    update: (id: number, r: Pick<ResponseRow, 'respondent' | 'teamId' | 'submittedAt' | 'source'>, now: string) =>
      q.update.run({ ...r, id, now }),
    /** The stored answers of a response, by question id (used to detect unchanged re-imports). */
    answers: (responseId: number) =>
      q.answers.all(responseId) as Array<{ questionId: number; num: number | null; text: string | null }>,
    replaceAnswers: (
      responseId: number,
      answers: Array<{ questionId: number; num: number | null; text: string | null }>,
    ) => {
      q.deleteAnswers.run(responseId);
      for (const a of answers) q.insertAnswer.run(responseId, a.questionId, a.num, a.text);
    },
    latestLoopUpdates: (limit: number) => q.loopUpdates.all(limit) as LoopUpdate[],
  };
}
