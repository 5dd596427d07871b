import type { Db } from '../db/open.js';
import { runNotCancelled } from './runs.repo.js';

/** A survey as results need it. */
export interface ResultsSurvey {
  id: number;
  key: string;
  name: string;
  anonymityThreshold: number;
  fullyAnonymous: boolean;
}

/** A question of a survey (or one answered in the window although no longer asked). */
export interface ResultsQuestion {
  id: number;
  key: string;
  version: number;
  text: string;
  type: 'likert5' | 'scale0_10' | 'hours_lost' | 'choice' | 'text';
  dimension: string | null;
  position: number;
}

/**
 * One aggregated cell: how many answers a question got with one value. `valueNum` is the numeric
 * value (Likert, scale, hours midpoint), `choice` the option of a choice question, `na` marks
 * "not applicable" and `isText` free-text answers.
 */
export interface AnswerCell {
  teamId?: number;
  questionId: number;
  valueNum: number | null;
  choice: string | null;
  na: number;
  isText: number;
  count: number;
}

/** A window `[from, to)` of ISO instants. */
export interface Span {
  from: string;
  to: string;
}

// A response without a pseudonym (fully anonymous survey) is its own respondent: '#' + its id
// never collides with a pseudonym (hex HMAC).
const WHO = `COALESCE(r.respondent, '#' || r.id)`;
const IN_TEAMS = `r.team_id IN (SELECT value FROM json_each(@teams))`;
const IN_WINDOW = `r.survey_id = @survey AND r.submitted_at >= @from AND r.submitted_at < @to`;
const RUNS_IN_WINDOW = `ru.survey_id = @survey AND ru.opens_at >= @from AND ru.opens_at < @to AND ${runNotCancelled('ru')}`;

const cellSql = (teamFilter: boolean, byTeam: boolean) => `
  SELECT ${byTeam ? 'r.team_id AS teamId, ' : ''}a.question_id AS questionId, a.value_num AS valueNum,
    CASE WHEN a.value_num IS NULL AND a.value_text IS NOT NULL AND a.question_id IN (SELECT value FROM json_each(@choiceIds))
      THEN a.value_text END AS choice,
    (a.value_num IS NULL AND a.value_text IS NULL) AS na,
    (a.value_num IS NULL AND a.value_text IS NOT NULL) AS isText,
    COUNT(*) AS count
  FROM responses r JOIN answers a ON a.response_id = r.id
  WHERE ${IN_WINDOW}${teamFilter ? ` AND ${IN_TEAMS}` : ''}
  GROUP BY ${byTeam ? 'r.team_id, ' : ''}a.question_id, a.value_num, choice, na, isText`;

const countSql = (byTeam: boolean) => `
  SELECT ${byTeam ? 'c.team_id AS teamId, ' : ''}c.question_id AS questionId, CASE WHEN c.kind = 0 THEN c.value_num END AS valueNum,
    CASE WHEN c.kind = 3 THEN c.choice END AS choice, (c.kind = 1) AS na, (c.kind = 2) AS isText, SUM(c.count) AS count
  FROM answer_counts c
  WHERE c.survey_id = @survey AND c.team_id IN (SELECT value FROM json_each(@teams)) AND c.bucket >= @fromBucket AND c.bucket < @toBucket
  GROUP BY ${byTeam ? 'c.team_id, ' : ''}c.question_id, c.kind, c.value_num, c.choice
  HAVING SUM(c.count) <> 0`;

const weekCountSql = (byTeamWeek: boolean) => `
  SELECT ${byTeamWeek ? 'c.team_id AS teamId, substr(c.bucket, 2) AS week, ' : ''}c.question_id AS questionId, CASE WHEN c.kind = 0 THEN c.value_num END AS valueNum,
    CASE WHEN c.kind = 3 THEN c.choice END AS choice, (c.kind = 1) AS na, (c.kind = 2) AS isText, SUM(c.count) AS count
  FROM answer_counts c
  WHERE c.survey_id = @survey AND c.team_id IN (SELECT value FROM json_each(@teams))
    AND c.bucket IN (SELECT 'w' || value FROM json_each(@weeks))
  GROUP BY ${byTeamWeek ? 'c.team_id, c.bucket, ' : ''}c.question_id, c.kind, c.value_num, c.choice
  HAVING SUM(c.count) <> 0`;

/** All SQL behind survey results: aggregates only, never answer rows. */
export function resultsRepo(db: Db) {
  const q = {
    survey: db.prepare(
      `SELECT id, key, name, anonymity_threshold AS anonymityThreshold, fully_anonymous AS fullyAnonymous FROM surveys WHERE key = ?`,
    ),
    surveyQuestions: db.prepare(
      `SELECT q.id, q.key, q.version, q.text, q.type, q.dimension, sq.position
       FROM survey_questions sq JOIN questions q ON q.id = sq.question_id WHERE sq.survey_id = ? ORDER BY sq.position, q.key`,
    ),
    questionsByIds: db.prepare(
      `SELECT id, key, version, text, type, dimension, 1000000 AS position FROM questions
       WHERE id IN (SELECT value FROM json_each(?)) ORDER BY key, version`,
    ),
    choiceIds: db.prepare(`SELECT id FROM questions WHERE type = 'choice'`).pluck(),
    cells: db.prepare(cellSql(false, false)),
    cellsInTeams: db.prepare(cellSql(true, false)),
    cellsByTeam: db.prepare(cellSql(false, true)),
    counts: db.prepare(countSql(false)),
    countsByTeam: db.prepare(countSql(true)),
    respondents: db.prepare(`SELECT COUNT(DISTINCT ${WHO}) AS n FROM responses r WHERE ${IN_WINDOW}`),
    respondentsInTeams: db.prepare(
      `SELECT COUNT(DISTINCT ${WHO}) AS n FROM responses r WHERE ${IN_WINDOW} AND ${IN_TEAMS}`,
    ),
    // Stops after `cap` distinct respondents: enough to tell "at or above k" from "below k".
    respondentsCapped: db.prepare(
      `SELECT COUNT(*) AS n FROM (SELECT DISTINCT ${WHO} FROM responses r WHERE ${IN_WINDOW} AND ${IN_TEAMS} LIMIT @cap)`,
    ),
    weekCells: db.prepare(weekCountSql(false)),
    weekCellsByTeam: db.prepare(weekCountSql(true)),
    // Kept by triggers (migration 0012); a weekly window's bounds are Mondays, so weeks compare as dates.
    respondentWeekPairs: db
      .prepare(
        `SELECT team_id, week, person FROM respondent_weeks
      WHERE survey_id = @survey AND week >= substr(@from, 1, 10) AND week < substr(@to, 1, 10)`,
      )
      .raw(),
    respondentPairs: db.prepare(
      `SELECT DISTINCT r.team_id AS teamId, ${WHO} AS who FROM responses r WHERE ${IN_WINDOW}`,
    ),
    // Participation counts (run, person) pairs: each invitation once, each response to a run once
    // (one per person per run), over the runs that opened in the window and were not cancelled.
    invited: db.prepare(
      `SELECT COUNT(*) AS n FROM runs ru JOIN invitations i ON i.run_id = ru.id
       WHERE ${RUNS_IN_WINDOW} AND i.team_id IN (SELECT value FROM json_each(@teams))`,
    ),
    invitedRespondents: db.prepare(
      `SELECT COUNT(*) AS n FROM runs ru JOIN responses r ON r.run_id = ru.id WHERE ${RUNS_IN_WINDOW} AND ${IN_TEAMS}`,
    ),
    invitedPairs: db.prepare(
      `SELECT i.team_id AS teamId, ru.id || ':' || i.person_id AS who FROM runs ru JOIN invitations i ON i.run_id = ru.id
       WHERE ${RUNS_IN_WINDOW}`,
    ),
    invitedRespondentPairs: db.prepare(
      `SELECT r.team_id AS teamId, ru.id || ':' || ${WHO} AS who FROM runs ru JOIN responses r ON r.run_id = ru.id
       WHERE ${RUNS_IN_WINDOW}`,
    ),
  };
  const params = (surveyId: number, w: Span, teamIds?: readonly number[]) => ({
    survey: surveyId,
    from: w.from,
    to: w.to,
    ...(teamIds ? { teams: JSON.stringify(teamIds) } : {}),
  });
  const n = (row: unknown) => (row as { n: number }).n;
  type Pair = { teamId: number; who: string | number };
  return {
    /** The connection (memo key for what is kept per database). */
    db,
    surveyByKey: (key: string): ResultsSurvey | undefined => {
      const row = q.survey.get(key) as (Omit<ResultsSurvey, 'fullyAnonymous'> & { fullyAnonymous: number }) | undefined;
      return row ? { ...row, fullyAnonymous: row.fullyAnonymous === 1 } : undefined;
    },
    surveyQuestions: (surveyId: number) => q.surveyQuestions.all(surveyId) as ResultsQuestion[],
    questionsByIds: (ids: readonly number[]) => q.questionsByIds.all(JSON.stringify(ids)) as ResultsQuestion[],
    /** ids of every choice question (their answers are counted per option). */
    choiceQuestionIds: () => q.choiceIds.all() as number[],
    /** Answer counts per question and value in the window; teamIds undefined = the whole org. */
    answerCells: (surveyId: number, w: Span, choiceIds: readonly number[], teamIds?: readonly number[]) =>
      (teamIds ? q.cellsInTeams : q.cells).all({
        ...params(surveyId, w, teamIds),
        choiceIds: JSON.stringify(choiceIds),
      }) as AnswerCell[],
    /** Answer counts per team (the team a response was filed under), question and value. */
    answerCellsByTeam: (surveyId: number, w: Span, choiceIds: readonly number[]) =>
      q.cellsByTeam.all({ ...params(surveyId, w), choiceIds: JSON.stringify(choiceIds) }) as Array<
        AnswerCell & { teamId: number }
      >,
    /**
     * Answer counts of whole buckets [fromBucket, toBucket) from the trigger-kept answer_counts
     * table: days as 'd2026-03-02', weeks as 'w' + their Monday (both bounds of one kind).
     */
    bucketCells: (surveyId: number, fromBucket: string, toBucket: string, teamIds: readonly number[]) =>
      q.counts.all({ survey: surveyId, fromBucket, toBucket, teams: JSON.stringify(teamIds) }) as AnswerCell[],
    /** The same per team. */
    bucketCellsByTeam: (surveyId: number, fromBucket: string, toBucket: string, teamIds: readonly number[]) =>
      q.countsByTeam.all({ survey: surveyId, fromBucket, toBucket, teams: JSON.stringify(teamIds) }) as Array<
        AnswerCell & { teamId: number }
      >,
    /** Answer counts of whole UTC weeks (their Mondays, 'YYYY-MM-DD') in these teams. */
    weekCells: (surveyId: number, weeks: readonly string[], teamIds: readonly number[]) =>
      q.weekCells.all({
        survey: surveyId,
        weeks: JSON.stringify(weeks),
        teams: JSON.stringify(teamIds),
      }) as AnswerCell[],
    /** The same per team and week. */
    weekCellsByTeam: (surveyId: number, weeks: readonly string[], teamIds: readonly number[]) =>
      q.weekCellsByTeam.all({
        survey: surveyId,
        weeks: JSON.stringify(weeks),
        teams: JSON.stringify(teamIds),
      }) as Array<AnswerCell & { teamId: number; week: string }>,
    /** Distinct [team id, UTC week's Monday, respondent number] of a week-aligned window, streamed. */
    respondentWeekPairs: (surveyId: number, w: Span) =>
      q.respondentWeekPairs.iterate(params(surveyId, w)) as IterableIterator<[number, string, number]>,
    /** Distinct respondents in the window; teamIds undefined = the whole org. */
    respondents: (surveyId: number, w: Span, teamIds?: readonly number[]) =>
      n(teamIds ? q.respondentsInTeams.get(params(surveyId, w, teamIds)) : q.respondents.get(params(surveyId, w))),
    /** min(distinct respondents, cap): cheap when the group is large. */
    respondentsCapped: (surveyId: number, w: Span, teamIds: readonly number[], cap: number) =>
      n(q.respondentsCapped.get({ ...params(surveyId, w, teamIds), cap })),
    /** Distinct (team, respondent) pairs in the window, for per-subtree distinct counts. */
    respondentPairs: (surveyId: number, w: Span) => q.respondentPairs.all(params(surveyId, w)) as Pair[],
    /** Invitations (each person once per run) of the runs that opened in the window, in these teams. */
    invited: (surveyId: number, w: Span, teamIds: readonly number[]) => n(q.invited.get(params(surveyId, w, teamIds))),
    /** Responses (each person once per run) to the runs that opened in the window, in these teams. */
    invitedRespondents: (surveyId: number, w: Span, teamIds: readonly number[]) =>
      n(q.invitedRespondents.get(params(surveyId, w, teamIds))),
    /** (team, "run:person") of every invitation counted by `invited`, for per-subtree sums. */
    invitedPairs: (surveyId: number, w: Span) => q.invitedPairs.all(params(surveyId, w)) as Pair[],
    /** (team, "run:respondent") of every response counted by `invitedRespondents`. */
    invitedRespondentPairs: (surveyId: number, w: Span) => q.invitedRespondentPairs.all(params(surveyId, w)) as Pair[],
  };
}

export type ResultsRepo = ReturnType<typeof resultsRepo>;
