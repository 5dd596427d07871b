import type { Db } from '../db/open.js';
import type { QuestionType } from './question-bank.js';
import { perDatabase } from '../db/per-database.js';

/** One version of a question (changing the wording of a key makes a new version). */
export interface Question {
  id: number;
  key: string;
  version: number;
  text: string;
  type: QuestionType;
  dimension: string | null;
  options: string[] | null;
  help: string | null;
}

type Row = Omit<Question, 'options'> & { options: string | null };
const COLS = 'id, key, version, text, type, dimension, options, help';
const toQuestion = (r: Row | undefined): Question | undefined =>
  r ? { ...r, options: r.options ? (JSON.parse(r.options) as string[]) : null } : undefined;

/** All SQL for the versioned question table. Statements are prepared once per database. */
export const questionsRepo = perDatabase(build);

function build(db: Db) {
  const q = {
    latest: db.prepare(`SELECT ${COLS} FROM questions WHERE key = ? ORDER BY version DESC LIMIT 1`),
    byId: db.prepare(`SELECT ${COLS} FROM questions WHERE id = ?`),
    versions: db.prepare(`SELECT ${COLS} FROM questions WHERE key = ? ORDER BY version DESC`),
    insert: db.prepare(
      `INSERT INTO questions (key, version, text, type, dimension, options, help, created_at)
       VALUES (@key, @version, @text, @type, @dimension, @options, @help, @now)`,
    ),
  };
  return {
    latestByKey: (key: string) => toQuestion(q.latest.get(key) as Row | undefined),
    byId: (id: number) => toQuestion(q.byId.get(id) as Row | undefined),
    /** Every version of a key, newest first. */
    versions: (key: string) => (q.versions.all(key) as Row[]).map((r) => toQuestion(r)!),
    insert: (question: Omit<Question, 'id'>, now: string): number =>
      Number(
        q.insert.run({ ...question, options: question.options ? JSON.stringify(question.options) : null, now })
          .lastInsertRowid,
      ),
  };
}
