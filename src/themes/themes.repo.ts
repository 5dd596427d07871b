import type { Db } from '../db/open.js';
import type { CommentRow, TagRow } from './aggregate.js';
import { perDatabase } from '../db/per-database.js';

/** A comment read from its source, ready to be tagged. */
export interface SourceComment {
  responseId: number | null;
  questionId: number | null;
  reportId: number | null;
  respondent: string;
  teamId: number;
  at: string;
  text: string;
}

/** A cached comment with its tags. */
export interface TaggedComment extends Omit<SourceComment, 'text'> {
  version: number;
  themes: string[];
  sentiment: number;
}

/** Window + optional team filter of every report query (teams null = whole org). */
export interface Scope {
  from: string;
  to: string;
  teamIds: number[] | null;
}

const ANSWER_COLUMNS = `a.response_id AS responseId, a.question_id AS questionId, NULL AS reportId,
  COALESCE(r.respondent, 'response:' || r.id) AS respondent, r.team_id AS teamId, r.submitted_at AS at, a.value_text AS text`;
const REPORT_COLUMNS = `NULL AS responseId, NULL AS questionId, f.id AS reportId,
  COALESCE(f.respondent, 'report:' || f.id) AS respondent, f.team_id AS teamId, f.created_at AS at, f.text AS text`;
const TEXT_ANSWER = `JOIN answers a ON a.response_id = r.id
  JOIN questions q ON q.id = a.question_id AND q.type = 'text'
  WHERE a.value_text IS NOT NULL AND trim(a.value_text) <> ''`;
const TEAM = (alias: string) => `(@teams IS NULL OR ${alias}.team_id IN (SELECT value FROM json_each(@teams)))`;
const RANGE = (alias: string) => `${alias}.at >= @from AND ${alias}.at < @to`;
/**
 * The Monday (YYYY-MM-DD) of a comment's UTC week. A trend period is the month of that Monday, so
 * every week belongs to exactly one period and no period splits a week.
 */
const WEEK = (alias: string) => `date(substr(${alias}.at, 1, 10), 'weekday 0', '-6 days')`;
const COMMENT_TEXT = `COALESCE(a.value_text, f.text)`;
const COMMENT_SOURCES = `LEFT JOIN answers a ON a.response_id = c.response_id AND a.question_id = c.question_id
  LEFT JOIN friction_reports f ON f.id = c.report_id`;

/** SQL of the themes feature: taxonomy versions, the comment tag cache and report aggregates. */
function build(db: Db) {
  const q = {
    latestTaxonomy: db.prepare('SELECT version, taxonomy FROM theme_taxonomy_versions ORDER BY version DESC LIMIT 1'),
    insertTaxonomy: db.prepare(
      'INSERT INTO theme_taxonomy_versions (version, taxonomy, author, created_at) VALUES (?, ?, ?, ?)',
    ),
    maxResponse: db.prepare('SELECT COALESCE(MAX(id), 0) FROM responses').pluck(),
    maxReport: db.prepare('SELECT COALESCE(MAX(id), 0) FROM friction_reports').pluck(),
    staleVersion: db.prepare('SELECT 1 FROM theme_comments WHERE version <> ? LIMIT 1').pluck(),
    changedResponses: db.prepare('SELECT id FROM responses WHERE id > ? OR updated_at >= ?').pluck(),
    answersOfResponse: db.prepare(`SELECT ${ANSWER_COLUMNS} FROM responses r ${TEXT_ANSWER} AND r.id = ?`),
    allAnswers: db.prepare(`SELECT ${ANSWER_COLUMNS} FROM responses r ${TEXT_ANSWER}`),
    reportsAfter: db.prepare(`SELECT ${REPORT_COLUMNS} FROM friction_reports f WHERE f.id > ?`),
    deleteForResponse: db.prepare('DELETE FROM theme_comments WHERE response_id = ?'),
    deleteForReport: db.prepare('DELETE FROM theme_comments WHERE report_id = ?'),
    deleteAll: db.prepare('DELETE FROM theme_comments'),
    insertComment:
      db.prepare(`INSERT INTO theme_comments (response_id, question_id, report_id, respondent, team_id, at, version, n_themes, sentiment)
      VALUES (@responseId, @questionId, @reportId, @respondent, @teamId, @at, @version, @nThemes, @sentiment)`),
    insertTag: db.prepare(`INSERT INTO theme_comment_tags (comment_id, theme_key, at, team_id, respondent, sentiment)
      VALUES (?, ?, ?, ?, ?, ?)`),
    commentRows: db
      .prepare(
        `SELECT respondent, team_id, substr(${WEEK('c')}, 1, 7), ${WEEK('c')} FROM theme_comments c WHERE ${RANGE('c')}`,
      )
      .raw(),
    tagRows: db
      .prepare(
        `SELECT theme_key, respondent, team_id, substr(${WEEK('c')}, 1, 7), sentiment, comment_id, ${WEEK('c')} FROM theme_comment_tags c
      WHERE ${RANGE('c')} AND ${TEAM('c')} ORDER BY at DESC`,
      )
      .raw(),
    commentsByIds:
      db.prepare(`SELECT c.id AS id, ${COMMENT_TEXT} AS text, c.n_themes AS themes, c.sentiment AS sentiment
      FROM theme_comments c ${COMMENT_SOURCES} WHERE c.id IN (SELECT value FROM json_each(?))`),
    commentTexts:
      db.prepare(`SELECT c.id AS id, c.respondent AS respondent, ${COMMENT_TEXT} AS text, ${WEEK('c')} AS week FROM theme_comments c ${COMMENT_SOURCES}
      WHERE ${RANGE('c')} AND c.team_id IN (SELECT value FROM json_each(@teams)) AND (c.n_themes = 0) = @untagged
      ORDER BY c.at DESC LIMIT @limit`),
  };
  const withValues = new Map<number, ReturnType<Db['prepare']>>();
  /** Comment rows plus the snapshot value of each of `n` keys (@k0…) from their response or friction report. */
  const commentRowsWithValues = (n: number) => {
    let st = withValues.get(n);
    if (!st) {
      const values = Array.from(
        { length: n },
        (_, i) => `, COALESCE(
          (SELECT ra.value FROM response_attributes ra WHERE ra.response_id = c.response_id AND ra.key = @k${i}),
          (SELECT fa.value FROM friction_report_attributes fa WHERE fa.report_id = c.report_id AND fa.key = @k${i}))`,
      ).join('');
      st = db
        .prepare(
          `SELECT c.respondent, c.team_id, substr(${WEEK('c')}, 1, 7), ${WEEK('c')}, c.id${values}
           FROM theme_comments c WHERE ${RANGE('c')}`,
        )
        .raw();
      withValues.set(n, st);
    }
    return st;
  };
  const params = (s: Scope) => ({ from: s.from, to: s.to, teams: s.teamIds ? JSON.stringify(s.teamIds) : null });

  return {
    latestTaxonomy: () => q.latestTaxonomy.get() as { version: number; taxonomy: string } | undefined,
    insertTaxonomy: (version: number, json: string, author: string | null, now: string) =>
      q.insertTaxonomy.run(version, json, author, now),
    watermarks: () => ({ responseId: Number(q.maxResponse.get()), reportId: Number(q.maxReport.get()) }),
    hasStaleVersion: (version: number) => q.staleVersion.get(version) !== undefined,
    changedResponseIds: (afterId: number, since: string) => q.changedResponses.all(afterId, since) as number[],
    answersOfResponse: (id: number) => q.answersOfResponse.all(id) as SourceComment[],
    allAnswers: () => q.allAnswers.iterate() as IterableIterator<SourceComment>,
    reportsAfter: (id: number) => q.reportsAfter.all(id) as SourceComment[],
    deleteForResponse: (id: number) => q.deleteForResponse.run(id),
    deleteForReport: (id: number) => q.deleteForReport.run(id),
    deleteAll: () => q.deleteAll.run(),
    /** Stores one tagged comment and its tags. */
    insertTagged: (c: TaggedComment) => {
      const at = new Date(c.at).toISOString();
      const id = Number(q.insertComment.run({ ...c, at, nThemes: c.themes.length }).lastInsertRowid);
      for (const theme of c.themes) q.insertTag.run(id, theme, at, c.teamId, c.respondent, c.sentiment);
    },
    /** [respondent, team id, period (month of the week's Monday), week's Monday] of every comment in the window, all teams. */
    commentRows: (s: Scope) => q.commentRows.iterate(params({ ...s, teamIds: null })) as IterableIterator<CommentRow>,
    /**
     * [respondent, team id, period, week's Monday, comment id, ...values of `keys`] of every comment in
     * the window, all teams: the attributes stored with its response or friction report.
     */
    commentRowsWithValues: (s: Scope, keys: readonly string[]) =>
      commentRowsWithValues(keys.length).iterate({
        from: s.from,
        to: s.to,
        ...Object.fromEntries(keys.map((key, i) => [`k${i}`, key])),
      }) as IterableIterator<[string, number, string, string, number, ...Array<string | null>]>,
    /** [theme, respondent, team id, period, sentiment, comment id, week's Monday] in scope, newest first. */
    tagRows: (s: Scope) => q.tagRows.iterate(params(s)) as IterableIterator<TagRow>,
    /** Text, theme count and sentiment of the given comments. */
    commentsByIds: (ids: number[]) =>
      q.commentsByIds.all(JSON.stringify(ids)) as Array<{
        id: number;
        text: string;
        themes: number;
        sentiment: number;
      }>,
    /** Most recent comment texts (untagged or tagged) from the allowed teams. */
    commentTexts: (s: Scope & { teamIds: number[] }, untagged: boolean, limit: number) =>
      q.commentTexts.all({ ...params(s), untagged: untagged ? 1 : 0, limit }) as Array<{
        id: number;
        respondent: string;
        text: string;
        week: string;
      }>,
  };
}

/** The repository of a database, its statements prepared once per connection. */
export const themesRepo = perDatabase(build);
