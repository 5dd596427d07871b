import type { Db } from '../db/open.js';

/** One hours-lost answer with the group it belongs to (never who gave it). */
export interface HoursAnswer {
  responseId: number;
  teamId: number;
  /** Pseudonym, or a per-response stand-in for fully anonymous surveys; only used for counting. */
  respondent: string;
  value: number;
  /** Monday of the answer's UTC week. */
  week: string;
}

export interface QuestionInfo {
  key: string;
  text: string;
  type: string;
  dimension: string | null;
}

export interface ShareRow {
  id: number;
  tokenHash: string;
  report: string;
  windowFrom: string;
  windowTo: string;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

const SHARE_COLS = `id, token_hash AS tokenHash, report, window_from AS windowFrom, window_to AS windowTo,
  created_by AS createdBy, created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt`;

/** All SQL the report builders run themselves (hours answers, question metadata, share links). */
export function reportsRepo(db: Db) {
  const q = {
    hours: db.prepare(
      `SELECT r.id AS responseId, r.team_id AS teamId, COALESCE(r.respondent, 'response:' || r.id) AS respondent, a.value_num AS value,
         date(substr(r.submitted_at, 1, 10), 'weekday 0', '-6 days') AS week
       FROM answers a
       JOIN responses r ON r.id = a.response_id
       JOIN surveys s ON s.id = r.survey_id
       JOIN questions qu ON qu.id = a.question_id
       WHERE s.key = ? AND qu.key = ? AND a.value_num IS NOT NULL
         AND r.submitted_at >= ? AND r.submitted_at < ?`,
    ),
    // The newest version of each question key (a reworded question keeps its key).
    questions: db.prepare(
      `SELECT q.key, q.text, q.type, q.dimension FROM questions q
       WHERE q.version = (SELECT MAX(version) FROM questions q2 WHERE q2.key = q.key)
       ORDER BY q.key`,
    ),
    surveyThreshold: db.prepare('SELECT anonymity_threshold FROM surveys WHERE key = ?').pluck(),
    insertShare: db.prepare(
      `INSERT INTO report_shares (token_hash, report, window_from, window_to, created_by, created_at, expires_at)
       VALUES (@tokenHash, @report, @windowFrom, @windowTo, @createdBy, @createdAt, @expiresAt)`,
    ),
    shareByHash: db.prepare(`SELECT ${SHARE_COLS} FROM report_shares WHERE token_hash = ?`),
    activeShares: db.prepare(
      `SELECT ${SHARE_COLS} FROM report_shares WHERE revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC`,
    ),
    revokeShare: db.prepare('UPDATE report_shares SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
  };
  return {
    hoursAnswers: (survey: string, question: string, from: string, to: string) =>
      q.hours.all(survey, question, from, to) as HoursAnswer[],
    questions: () => q.questions.all() as QuestionInfo[],
    /** The survey's own anonymity threshold, or undefined for an unknown survey. */
    surveyThreshold: (survey: string) => q.surveyThreshold.get(survey) as number | undefined,
    insertShare: (row: Omit<ShareRow, 'id' | 'revokedAt'>) => Number(q.insertShare.run(row).lastInsertRowid),
    shareByHash: (hash: string) => q.shareByHash.get(hash) as ShareRow | undefined,
    activeShares: (now: string) => q.activeShares.all(now) as ShareRow[],
    revokeShare: (id: number, now: string) => q.revokeShare.run(now, id).changes > 0,
  };
}
