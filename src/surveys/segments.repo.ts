import type { Db } from '../db/open.js';
import { perDatabase } from '../db/per-database.js';
import type { SegmentFilter } from '../reports/reports.schema.js';
import type { AnswerCell, Span } from './results.repo.js';

/** One response of a window with what segment decisions need: [team id, who, UTC week's Monday, ...attribute values]. */
export type SegmentRow = [number, string | number, string, ...Array<string | null>];

/** An answer cell of a segmented group: its breakdown value (null: no value) and UTC week ('' in exact mode). */
export interface SegmentCell extends AnswerCell {
  grp: string | null;
  week: string;
}

// As in results.repo.ts: a response without a pseudonym is its own respondent.
const WHO = `COALESCE(r.respondent, '#' || r.id)`;
const WEEK = `date(substr(r.submitted_at, 1, 10), 'weekday 0', '-6 days')`;
const IN_WINDOW = `r.survey_id = @survey AND r.submitted_at >= @from AND r.submitted_at < @to`;
/** The snapshot value of one key on a response: a primary-key seek (response_id, key). */
const valueOf = (param: string) =>
  `(SELECT ra.value FROM response_attributes ra WHERE ra.response_id = r.id AND ra.key = @${param})`;
/** A response whose snapshot has key i with one of its values: an index seek on (response_id, key). */
const matches = (i: number) =>
  `EXISTS (SELECT 1 FROM response_attributes ra WHERE ra.response_id = r.id AND ra.key = @k${i}
    AND ra.value IN (SELECT value FROM json_each(@v${i})))`;

function build(db: Db) {
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  /** Statements depend on how many keys a request names: prepared once per shape. */
  const prepared = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const reportable = db.prepare(`SELECT key FROM attribute_keys WHERE reportable = 1 ORDER BY key`).pluck();
  const filterParams = (filter: SegmentFilter) =>
    Object.fromEntries(
      filter.flatMap((c, i) => [
        [`k${i}`, c.key],
        [`v${i}`, JSON.stringify(c.values)],
      ]),
    );
  return {
    /**
     * [response id, who, ...values of `keys`] of every response of the survey (by key) in the
     * window: what the value model needs to filter its hours answers by segment.
     */
    responseValues: (surveyKey: string, w: Span, keys: readonly string[]) =>
      prepared(
        `SELECT r.id, ${WHO}${keys.map((_, i) => `, ${valueOf(`a${i}`)}`).join('')}
         FROM responses r WHERE r.survey_id = (SELECT id FROM surveys WHERE key = @key)
           AND r.submitted_at >= @from AND r.submitted_at < @to`,
      )
        .raw()
        .all({
          key: surveyKey,
          from: w.from,
          to: w.to,
          ...Object.fromEntries(keys.map((key, i) => [`a${i}`, key])),
        }) as Array<[number, string | number, ...Array<string | null>]>,
    /** Attribute keys declared reportable (attribute_keys), sorted. */
    reportableKeys: () => reportable.all() as string[],
    /**
     * Every response of the survey in the window, all teams, with its snapshot values of `keys`
     * (in that order): one row per response, streamed.
     */
    rows: (surveyId: number, w: Span, keys: readonly string[]) =>
      prepared(
        `SELECT r.team_id, ${WHO}, ${WEEK}${keys.map((_, i) => `, ${valueOf(`a${i}`)}`).join('')}
         FROM responses r WHERE ${IN_WINDOW}`,
      )
        .raw()
        .iterate({
          survey: surveyId,
          from: w.from,
          to: w.to,
          ...Object.fromEntries(keys.map((key, i) => [`a${i}`, key])),
        }) as IterableIterator<SegmentRow>,
    /**
     * Answer counts of the responses in these teams (null: all) that match the filter, per
     * breakdown value of `by` (null: none) and UTC week (`weekly` false: one '' bucket).
     */
    cells: (
      surveyId: number,
      w: Span,
      teamIds: readonly number[] | null,
      filter: SegmentFilter,
      by: string | null,
      weekly: boolean,
      choiceIds: readonly number[],
    ) =>
      prepared(
        `SELECT ${by ? 'rb.value' : 'NULL'} AS grp, ${weekly ? WEEK : "''"} AS week,
           a.question_id AS questionId, a.value_num AS valueNum,
           CASE WHEN a.value_num IS NULL AND a.value_text IS NOT NULL AND a.question_id IN (SELECT value FROM json_each(@choiceIds))
             THEN a.value_text END AS choice,
           (a.value_num IS NULL AND a.value_text IS NULL) AS na,
           (a.value_num IS NULL AND a.value_text IS NOT NULL) AS isText,
           COUNT(*) AS count
         FROM responses r${by ? ' LEFT JOIN response_attributes rb ON rb.response_id = r.id AND rb.key = @by' : ''}
           JOIN answers a ON a.response_id = r.id
         WHERE ${IN_WINDOW}${teamIds ? ' AND r.team_id IN (SELECT value FROM json_each(@teams))' : ''}
           ${filter.map((_, i) => `AND ${matches(i)}`).join(' ')}
         GROUP BY grp, week, a.question_id, a.value_num, choice, na, isText`,
      ).all({
        survey: surveyId,
        from: w.from,
        to: w.to,
        choiceIds: JSON.stringify(choiceIds),
        ...(teamIds ? { teams: JSON.stringify(teamIds) } : {}),
        ...(by ? { by } : {}),
        ...filterParams(filter),
      }) as SegmentCell[],
  };
}

/** SQL of segment filters and breakdowns over survey responses (snapshot attributes, migration 0020). */
export const segmentsRepo = perDatabase(build);
