-- Core schema: settings, access, directory, surveys.
-- Times are stored as ISO 8601 UTC text ('2026-03-02T14:00:00.000Z') so they sort and compare as text.

CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,            -- JSON
  updated_at TEXT NOT NULL
);

-- Access ---------------------------------------------------------------------------------------
CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  role         TEXT NOT NULL CHECK (role IN ('admin', 'ingest', 'viewer')),
  token_hash   TEXT NOT NULL UNIQUE,   -- sha256 hex of the token; the token itself is never stored
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT,                  -- scrypt; NULL for single-sign-on-only accounts
  role          TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
  created_at    TEXT NOT NULL,
  disabled_at   TEXT
);

CREATE TABLE sessions (
  id_hash    TEXT PRIMARY KEY,         -- sha256 hex of the session id carried in the signed cookie
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Directory ------------------------------------------------------------------------------------
CREATE TABLE teams (
  id         INTEGER PRIMARY KEY,
  key        TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  parent_id  INTEGER REFERENCES teams(id) ON DELETE RESTRICT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX teams_parent ON teams(parent_id);

CREATE TABLE people (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name          TEXT NOT NULL,
  team_id       INTEGER NOT NULL REFERENCES teams(id) ON DELETE RESTRICT,
  slack_user_id TEXT UNIQUE,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX people_team ON people(team_id, active);

CREATE TABLE services (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  team_id    INTEGER NOT NULL REFERENCES teams(id) ON DELETE RESTRICT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX services_team ON services(team_id);

-- Surveys --------------------------------------------------------------------------------------
-- A question key can have several versions: changing the wording creates a new row, so trends
-- start a new line instead of mixing two questions.
CREATE TABLE questions (
  id           INTEGER PRIMARY KEY,
  key          TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  text         TEXT NOT NULL,
  type         TEXT NOT NULL CHECK (type IN ('likert5', 'scale0_10', 'hours_lost', 'choice', 'text')),
  dimension    TEXT,
  options      TEXT,                   -- JSON array for 'choice'
  help         TEXT,
  created_at   TEXT NOT NULL,
  UNIQUE (key, version)
);

CREATE TABLE surveys (
  id                  INTEGER PRIMARY KEY,
  key                 TEXT NOT NULL UNIQUE,
  name                TEXT NOT NULL,
  kind                TEXT NOT NULL DEFAULT 'pulse' CHECK (kind IN ('pulse', 'snapshot', 'event')),
  cadence             TEXT,            -- cron expression (croner syntax) or NULL for manual runs
  timezone            TEXT NOT NULL DEFAULT 'UTC',
  audience            TEXT NOT NULL DEFAULT '[]',   -- JSON array of team keys; [] = everyone
  open_days           INTEGER NOT NULL DEFAULT 5,   -- how long a run stays open
  anonymity_threshold INTEGER NOT NULL DEFAULT 5 CHECK (anonymity_threshold >= 3),
  fully_anonymous     INTEGER NOT NULL DEFAULT 0 CHECK (fully_anonymous IN (0, 1)),
  rotate_count        INTEGER NOT NULL DEFAULT 0,   -- rotating questions asked per run; 0 = all
  reminders           TEXT NOT NULL DEFAULT '[]',   -- JSON array of offsets in hours, at most two
  intro               TEXT,
  active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);

CREATE TABLE survey_questions (
  survey_id   INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE RESTRICT,
  position    INTEGER NOT NULL,
  required    INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0, 1)),
  rotating    INTEGER NOT NULL DEFAULT 0 CHECK (rotating IN (0, 1)),
  PRIMARY KEY (survey_id, question_id)
);

CREATE TABLE runs (
  id          TEXT PRIMARY KEY,        -- 'run_' + random
  survey_id   INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  opens_at    TEXT NOT NULL,
  closes_at   TEXT NOT NULL,
  teams       TEXT NOT NULL DEFAULT '[]', -- JSON array of team keys the run was sent to
  trigger     TEXT NOT NULL DEFAULT 'manual', -- manual | schedule | event
  created_at  TEXT NOT NULL
);
CREATE INDEX runs_survey ON runs(survey_id, opens_at);

CREATE TABLE run_questions (
  run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  question_id INTEGER NOT NULL REFERENCES questions(id),
  position    INTEGER NOT NULL,
  required    INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (run_id, question_id)
);

-- An invitation knows who was asked, never what they answered.
CREATE TABLE invitations (
  id           INTEGER PRIMARY KEY,
  run_id       TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  person_id    INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  team_id      INTEGER NOT NULL REFERENCES teams(id),
  token_hash   TEXT NOT NULL UNIQUE,   -- sha256 hex of the link token
  responded    INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  UNIQUE (run_id, person_id)
);

-- A response is keyed by a pseudonym (HMAC of the person with the server secret), never the person.
CREATE TABLE responses (
  id           INTEGER PRIMARY KEY,
  survey_id    INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  run_id       TEXT REFERENCES runs(id) ON DELETE SET NULL,
  respondent   TEXT,                   -- pseudonym; NULL for fully anonymous surveys
  team_id      INTEGER NOT NULL REFERENCES teams(id),
  submitted_at TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source IN ('web', 'slack', 'import', 'event')),
  external_id  TEXT,                   -- imported `id`, or a derived identity for re-imports
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX responses_one_per_run ON responses(run_id, respondent) WHERE run_id IS NOT NULL AND respondent IS NOT NULL;
CREATE UNIQUE INDEX responses_external ON responses(survey_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX responses_survey_time ON responses(survey_id, submitted_at, team_id);
CREATE INDEX responses_team_time ON responses(team_id, submitted_at);

CREATE TABLE answers (
  response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  question_id INTEGER NOT NULL REFERENCES questions(id),
  value_num   REAL,                    -- likert 1-5, scale 0-10, hours bucket midpoint
  value_text  TEXT,                    -- choice, hours bucket label, free text; NULL + NULL = not applicable
  PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;
CREATE INDEX answers_question ON answers(question_id);

-- Friction reports sent any time (Slack /chorus friction, the "Report friction" shortcut, web, API).
-- They feed the same themes as survey comments.
CREATE TABLE friction_reports (
  id         INTEGER PRIMARY KEY,
  team_id    INTEGER NOT NULL REFERENCES teams(id),
  respondent TEXT,                     -- pseudonym of the reporter, never the person
  text       TEXT NOT NULL,
  category   TEXT,
  source     TEXT NOT NULL CHECK (source IN ('slack_command', 'slack_shortcut', 'web', 'api')),
  created_at TEXT NOT NULL
);
CREATE INDEX friction_reports_team_time ON friction_reports(team_id, created_at);

-- "You said, we did": updates posted on a friction theme, announced in Slack, App Home and on
-- survey thank-you pages.
CREATE TABLE loop_updates (
  id            INTEGER PRIMARY KEY,
  theme_key     TEXT NOT NULL,
  title         TEXT NOT NULL,
  body          TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('new', 'acknowledged', 'planned', 'shipped')),
  author        TEXT,                  -- e-mail of the web user who posted it
  slack_channel TEXT,                  -- channel to announce in; NULL = the configured default
  created_at    TEXT NOT NULL
);
CREATE INDEX loop_updates_time ON loop_updates(created_at);
