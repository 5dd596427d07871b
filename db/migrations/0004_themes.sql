-- Friction themes: versioned taxonomy, per-comment tag cache, and closing-the-loop state.

-- Every edit of the taxonomy is a new version (JSON {themes: [...]}); the highest is in force.
CREATE TABLE theme_taxonomy_versions (
  version    INTEGER PRIMARY KEY,
  taxonomy   TEXT NOT NULL,
  author     TEXT,
  created_at TEXT NOT NULL
);

-- One row per free-text comment (a text answer or a friction report), tagged with the taxonomy
-- version in force. Filled incrementally; rebuilt in one transaction when the taxonomy changes.
-- respondent: the pseudonym, or 'response:<id>' / 'report:<id>' when the source is anonymous.
CREATE TABLE theme_comments (
  id          INTEGER PRIMARY KEY,
  response_id INTEGER REFERENCES responses(id) ON DELETE CASCADE,
  question_id INTEGER,
  report_id   INTEGER REFERENCES friction_reports(id) ON DELETE CASCADE,
  respondent  TEXT NOT NULL,
  team_id     INTEGER NOT NULL,
  at          TEXT NOT NULL,
  version     INTEGER NOT NULL,
  n_themes    INTEGER NOT NULL,
  sentiment   REAL NOT NULL
);
CREATE UNIQUE INDEX theme_comments_answer ON theme_comments(response_id, question_id) WHERE response_id IS NOT NULL;
CREATE UNIQUE INDEX theme_comments_report ON theme_comments(report_id) WHERE report_id IS NOT NULL;
CREATE INDEX theme_comments_time ON theme_comments(at, team_id, respondent, n_themes);

-- The themes of each comment, denormalised (time, team, respondent, sentiment) so report
-- aggregates read one covering index.
CREATE TABLE theme_comment_tags (
  comment_id INTEGER NOT NULL REFERENCES theme_comments(id) ON DELETE CASCADE,
  theme_key  TEXT NOT NULL,
  at         TEXT NOT NULL,
  team_id    INTEGER NOT NULL,
  respondent TEXT NOT NULL,
  sentiment  REAL NOT NULL,
  PRIMARY KEY (comment_id, theme_key)
) WITHOUT ROWID;
CREATE INDEX theme_comment_tags_time ON theme_comment_tags(at, team_id, theme_key, respondent, sentiment);

-- Closing the loop: each theme's status, owner, and what it is linked to for before/after.
CREATE TABLE theme_state (
  theme_key    TEXT PRIMARY KEY,
  status       TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'acknowledged', 'planned', 'shipped')),
  owner        TEXT,
  question_key TEXT,                   -- survey question whose favorability it should move
  metric_key   TEXT,                   -- delivery metric it should move (e.g. lead_time_hours)
  shipped_at   TEXT,
  updated_at   TEXT NOT NULL
);

-- Incremental tagging: which responses were last seen (the survey feature bumps updated_at).
CREATE INDEX responses_updated_themes ON responses(updated_at);
CREATE INDEX loop_updates_theme ON loop_updates(theme_key, created_at);
