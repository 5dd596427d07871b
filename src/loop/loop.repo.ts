import type { Db } from '../db/open.js';
import type { LinkableMetric, ThemeStatus } from './loop.schema.js';
import { perDatabase } from '../db/per-database.js';

/** A theme's closing-the-loop state. */
export interface ThemeStateRow {
  themeKey: string;
  status: ThemeStatus;
  owner: string | null;
  questionKey: string | null;
  surveyKey: string | null;
  metricKey: LinkableMetric | null;
  shippedAt: string | null;
  updatedAt: string;
}

/** A row of loop_updates. */
export interface LoopUpdateRow {
  id: number;
  themeKey: string;
  title: string;
  body: string;
  status: ThemeStatus;
  author: string | null;
  slackChannel: string | null;
  createdAt: string;
}

const STATE_COLUMNS = `theme_key AS themeKey, status, owner, question_key AS questionKey, survey_key AS surveyKey, metric_key AS metricKey,
  shipped_at AS shippedAt, updated_at AS updatedAt`;
const UPDATE_COLUMNS = `id, theme_key AS themeKey, title, body, status, author, slack_channel AS slackChannel, created_at AS createdAt`;

/** SQL of closing the loop: theme_state and loop_updates. */
function build(db: Db) {
  const q = {
    states: db.prepare(`SELECT ${STATE_COLUMNS} FROM theme_state`),
    state: db.prepare(`SELECT ${STATE_COLUMNS} FROM theme_state WHERE theme_key = ?`),
    upsertState:
      db.prepare(`INSERT INTO theme_state (theme_key, status, owner, question_key, survey_key, metric_key, shipped_at, updated_at)
      VALUES (@themeKey, @status, @owner, @questionKey, @surveyKey, @metricKey, @shippedAt, @updatedAt)
      ON CONFLICT (theme_key) DO UPDATE SET status = excluded.status, owner = excluded.owner, question_key = excluded.question_key,
        survey_key = excluded.survey_key,
        metric_key = excluded.metric_key, shipped_at = excluded.shipped_at, updated_at = excluded.updated_at`),
    insertUpdate:
      db.prepare(`INSERT INTO loop_updates (theme_key, title, body, status, author, slack_channel, created_at)
      VALUES (@themeKey, @title, @body, @status, @author, @slackChannel, @createdAt)`),
    recent: db.prepare(`SELECT ${UPDATE_COLUMNS} FROM loop_updates ORDER BY created_at DESC, id DESC LIMIT ?`),
    recentForTheme: db.prepare(
      `SELECT ${UPDATE_COLUMNS} FROM loop_updates WHERE theme_key = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
    ),
    likertSurveys: db
      .prepare(
        `SELECT DISTINCT s.key FROM surveys s
      JOIN survey_questions sq ON sq.survey_id = s.id
      JOIN questions q ON q.id = sq.question_id AND q.key = ? AND q.type = 'likert5'
      ORDER BY s.kind = 'pulse' DESC, s.active DESC, s.id`,
      )
      .pluck(),
    likertQuestions:
      db.prepare(`SELECT s.key AS surveyKey, s.name AS surveyName, q.key AS questionKey, MAX(q.text) AS text
      FROM surveys s JOIN survey_questions sq ON sq.survey_id = s.id
      JOIN questions q ON q.id = sq.question_id AND q.type = 'likert5'
      GROUP BY s.id, q.key ORDER BY s.kind = 'pulse' DESC, s.name, MIN(sq.position)`),
  };
  return {
    states: () => q.states.all() as ThemeStateRow[],
    state: (key: string) => q.state.get(key) as ThemeStateRow | undefined,
    upsertState: (s: ThemeStateRow) => q.upsertState.run(s),
    insertUpdate: (u: Omit<LoopUpdateRow, 'id'>) => Number(q.insertUpdate.run(u).lastInsertRowid),
    recent: (limit: number, themeKey?: string) =>
      (themeKey ? q.recentForTheme.all(themeKey, limit) : q.recent.all(limit)) as LoopUpdateRow[],
    /** Keys of the surveys holding a 5-point question with this key: pulses first, then active ones. */
    likertSurveys: (question: string) => q.likertSurveys.all(question) as string[],
    /** Every 5-point question of every survey, pulses first, in survey order. */
    likertQuestions: () =>
      q.likertQuestions.all() as Array<{ surveyKey: string; surveyName: string; questionKey: string; text: string }>,
  };
}

/** The repository of a database, its statements prepared once per connection. */
export const loopRepo = perDatabase(build);
