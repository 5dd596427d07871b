import type { Db } from '../db/open.js';

/** [response id, question id, numeric answer] — one answered item of one response. */
export type ResponseAnswer = [number, number, number];

// The UTC week (its Monday) of a response, computed as respondent_weeks does (migration 0012).
const WEEK = `date(substr(r.submitted_at, 1, 10), 'weekday 0', '-6 days')`;

/** All SQL behind key drivers: numeric answers per response, never who gave them. */
export function driversRepo(db: Db) {
  const answers = db
    .prepare(
      `SELECT a.response_id, a.question_id, a.value_num
       FROM responses r JOIN answers a ON a.response_id = r.id
       WHERE r.survey_id = @survey AND r.submitted_at >= @from AND r.submitted_at < @to
         AND r.team_id IN (SELECT value FROM json_each(@teams))
         AND (@weeks IS NULL OR ${WEEK} IN (SELECT value FROM json_each(@weeks)))
         AND a.question_id IN (SELECT value FROM json_each(@questions))
         AND a.value_num IS NOT NULL
       ORDER BY a.response_id`,
    )
    .raw();
  return {
    /**
     * The numeric answers ("not applicable" and skipped items have none) to `questionIds` of the
     * responses in `[from, to)` filed under `teamIds`, grouped by response (ordered by its id).
     * `weeks` (Mondays, 'YYYY-MM-DD') limits them to those UTC weeks; null = every week.
     */
    answersByResponse: (
      surveyId: number,
      w: { from: string; to: string },
      teamIds: readonly number[],
      questionIds: readonly number[],
      weeks: readonly string[] | null,
    ) =>
      answers.iterate({
        survey: surveyId,
        from: w.from,
        to: w.to,
        teams: JSON.stringify(teamIds),
        questions: JSON.stringify(questionIds),
        weeks: weeks ? JSON.stringify(weeks) : null,
      }) as IterableIterator<ResponseAnswer>,
  };
}
