import type { Db } from '../db/open.js';
import type { ThemeStatus } from './loop.schema.js';
import { perDatabase } from '../db/per-database.js';

/** A theme's closing-the-loop state. */
export interface ThemeStateRow {
  themeKey: string;
  status: ThemeStatus;
  owner: string | null;
  questionKey: string | null;
  metricKey: string | null;
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

const STATE_COLUMNS = `theme_key AS themeKey, status, owner, question_key AS questionKey, metric_key AS metricKey,
  shipped_at AS shippedAt, updated_at AS updatedAt`;
const UPDATE_COLUMNS = `id, theme_key AS themeKey, title, body, status, author, slack_channel AS slackChannel, created_at AS createdAt`;

/** SQL of closing the loop: theme_state and loop_updates. */
function build(db: Db) {
  const q = {
    states: db.prepare(`SELECT ${STATE_COLUMNS} FROM theme_state`),
    state: db.prepare(`SELECT ${STATE_COLUMNS} FROM theme_state WHERE theme_key = ?`),
    upsertState:
      db.prepare(`INSERT INTO theme_state (theme_key, status, owner, question_key, metric_key, shipped_at, updated_at)
      VALUES (@themeKey, @status, @owner, @questionKey, @metricKey, @shippedAt, @updatedAt)
      ON CONFLICT (theme_key) DO UPDATE SET status = excluded.status, owner = excluded.owner, question_key = excluded.question_key,
        metric_key = excluded.metric_key, shipped_at = excluded.shipped_at, updated_at = excluded.updated_at`),
    insertUpdate:
      db.prepare(`INSERT INTO loop_updates (theme_key, title, body, status, author, slack_channel, created_at)
      VALUES (@themeKey, @title, @body, @status, @author, @slackChannel, @createdAt)`),
    recent: db.prepare(`SELECT ${UPDATE_COLUMNS} FROM loop_updates ORDER BY created_at DESC, id DESC LIMIT ?`),
    recentForTheme: db.prepare(
      `SELECT ${UPDATE_COLUMNS} FROM loop_updates WHERE theme_key = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
    ),
    favorability: db.prepare(`SELECT COUNT(*) AS n, SUM(CASE WHEN a.value_num >= 4 THEN 1 ELSE 0 END) AS favorable,
        COUNT(DISTINCT COALESCE(r.respondent, 'response:' || r.id)) AS respondents
      FROM answers a JOIN questions q ON q.id = a.question_id AND q.key = @question AND q.type = 'likert5'
      JOIN responses r ON r.id = a.response_id
      WHERE a.value_num IS NOT NULL AND r.submitted_at >= @from AND r.submitted_at < @to
        AND (@teams IS NULL OR r.team_id IN (SELECT value FROM json_each(@teams)))`),
  };
  return {
    states: () => q.states.all() as ThemeStateRow[],
    state: (key: string) => q.state.get(key) as ThemeStateRow | undefined,
    upsertState: (s: ThemeStateRow) => q.upsertState.run(s),
    insertUpdate: (u: Omit<LoopUpdateRow, 'id'>) => Number(q.insertUpdate.run(u).lastInsertRowid),
    recent: (limit: number, themeKey?: string) =>
      (themeKey ? q.recentForTheme.all(themeKey, limit) : q.recent.all(limit)) as LoopUpdateRow[],
    /** Likert answers of one question key (every wording) in a window: n, favorable, distinct respondents. */
    favorability: (question: string, from: string, to: string, teamIds: number[] | null) =>
      q.favorability.get({ question, from, to, teams: teamIds ? JSON.stringify(teamIds) : null }) as {
        n: number;
        favorable: number | null;
        respondents: number;
      },
  };
}

/** The repository of a database, its statements prepared once per connection. */
export const loopRepo = perDatabase(build);
