-- Delivery data: deployments with their commits, incidents, daily cost, deployment windows and
-- GitHub webhook bookkeeping. Times are ISO 8601 UTC text (toISOString) so they sort as text.
--
-- Built for millions of rows: everything a DORA report needs per deployment or commit is kept
-- current at write time (a commit's first successful production deployment and its lead time,
-- whether a deployment caused an incident, whether it is rework), so a report is a range scan
-- over one index plus a GROUP BY, never a join over all history.

CREATE TABLE deployments (
  id              INTEGER PRIMARY KEY,
  external_id     TEXT NOT NULL UNIQUE,           -- the `id` the sender gave (or gh-…)
  service_id      INTEGER NOT NULL REFERENCES services(id) ON DELETE RESTRICT,
  team_id         INTEGER NOT NULL REFERENCES teams(id) ON DELETE RESTRICT,
  environment     TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('success', 'failure', 'rolled_back')),
  version         TEXT,
  head_sha        TEXT,                           -- the deployed sha (GitHub), to attach a later push
  started_at      TEXT,
  finished_at     TEXT NOT NULL,
  failure_reason  TEXT,                           -- as sent; grouped/aliased at report time
  unplanned       INTEGER NOT NULL DEFAULT 0 CHECK (unplanned IN (0, 1)),
  author          TEXT,                           -- e-mail of who shipped it (event-triggered surveys)
  source          TEXT NOT NULL DEFAULT 'api',    -- api | import | github | demo
  -- Maintained at write time:
  caused_incident INTEGER NOT NULL DEFAULT 0,     -- some incident names this deployment as its cause
  incident_reason TEXT,                           -- reason of the earliest such incident with a reason
  rework          INTEGER NOT NULL DEFAULT 0,     -- unplanned, or a success ≤ 24 h after a failed one (production only)
  version_key     INTEGER,                        -- deployment_versions.id of (service, version); NULL without a version
  failure_key     TEXT,                           -- failed only: lower(trim(own reason, else incident reason)); '' = none
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
-- Covering indexes for the DORA aggregates per team, service and org (scope + environment +
-- window, then every column the report reads), so a report never touches the table rows.
-- Integers and short keys only: COUNT(DISTINCT version_key) and GROUP BY failure_key stay cheap.
CREATE INDEX deployments_team_env_time ON deployments(team_id, environment, finished_at, status, caused_incident, rework, version_key, failure_key);
CREATE INDEX deployments_service_env_time ON deployments(service_id, environment, finished_at, status, caused_incident, rework, version_key, failure_key);
CREATE INDEX deployments_env_time ON deployments(environment, finished_at, status, caused_incident, rework, version_key, failure_key);
CREATE INDEX deployments_head_sha ON deployments(head_sha) WHERE head_sha IS NOT NULL;

-- One row per (service, version) ever deployed: "versions released" counts these ids.
CREATE TABLE deployment_versions (
  id         INTEGER PRIMARY KEY,
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  version    TEXT NOT NULL,
  UNIQUE (service_id, version)
);

-- A commit counts once: at its first successful production deployment over all history.
CREATE TABLE commits (
  id                  INTEGER PRIMARY KEY,
  sha                 TEXT NOT NULL UNIQUE,
  committed_at        TEXT,                       -- NULL until known (a GitHub deployment before its push)
  first_deployment_id INTEGER REFERENCES deployments(id) ON DELETE SET NULL,
  first_deployed_at   TEXT,
  first_team_id       INTEGER,
  first_service_id    INTEGER,
  lead_hours          REAL                        -- first_deployed_at − committed_at
);
CREATE INDEX commits_first_team ON commits(first_team_id, first_deployed_at, lead_hours);
CREATE INDEX commits_first_service ON commits(first_service_id, first_deployed_at, lead_hours);
CREATE INDEX commits_first_time ON commits(first_deployed_at, lead_hours);

CREATE TABLE deployment_commits (
  deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
  commit_id     INTEGER NOT NULL REFERENCES commits(id) ON DELETE CASCADE,
  PRIMARY KEY (deployment_id, commit_id)
) WITHOUT ROWID;
CREATE INDEX deployment_commits_commit ON deployment_commits(commit_id, deployment_id);

CREATE TABLE incidents (
  id             INTEGER PRIMARY KEY,
  external_id    TEXT NOT NULL UNIQUE,
  team_id        INTEGER NOT NULL REFERENCES teams(id) ON DELETE RESTRICT,
  service_id     INTEGER REFERENCES services(id) ON DELETE SET NULL,
  opened_at      TEXT NOT NULL,
  resolved_at    TEXT,
  severity       TEXT,
  deployment_ref TEXT,                            -- external_id of the causing deployment (may arrive later)
  reason         TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX incidents_team_time ON incidents(team_id, opened_at);
CREATE INDEX incidents_service_time ON incidents(service_id, opened_at);
CREATE INDEX incidents_time ON incidents(opened_at);
CREATE INDEX incidents_deployment ON incidents(deployment_ref) WHERE deployment_ref IS NOT NULL;

-- Daily cost and utilization per team (and namespace); identified by (team, date, namespace).
CREATE TABLE costs (
  id                  INTEGER PRIMARY KEY,
  team_id             INTEGER NOT NULL REFERENCES teams(id) ON DELETE RESTRICT,
  date                TEXT NOT NULL,              -- YYYY-MM-DD
  namespace           TEXT NOT NULL DEFAULT '',
  cost                REAL NOT NULL,
  cpu_requested       REAL,
  cpu_used            REAL,
  memory_requested_gb REAL,
  memory_used_gb      REAL,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  UNIQUE (team_id, date, namespace)
);
CREATE INDEX costs_date ON costs(date, team_id);

-- Deployment windows of a team or a service: local weekdays + start/end time in an IANA zone.
CREATE TABLE deployment_windows (
  id         INTEGER PRIMARY KEY,
  team_id    INTEGER REFERENCES teams(id) ON DELETE CASCADE,
  service_id INTEGER REFERENCES services(id) ON DELETE CASCADE,
  weekdays   TEXT NOT NULL,                       -- JSON array of ISO weekdays, 1 = Monday … 7 = Sunday
  start_time TEXT NOT NULL,                       -- HH:MM local, inclusive
  end_time   TEXT NOT NULL,                       -- HH:MM local, exclusive (before start = overnight)
  timezone   TEXT NOT NULL,
  label      TEXT,
  created_at TEXT NOT NULL,
  CHECK ((team_id IS NULL) <> (service_id IS NULL))
);
CREATE INDEX deployment_windows_team ON deployment_windows(team_id);
CREATE INDEX deployment_windows_service ON deployment_windows(service_id);

-- GitHub: each delivery once (X-GitHub-Delivery), and the pushes that carry commits.
CREATE TABLE webhook_deliveries (
  delivery_id TEXT PRIMARY KEY,
  event       TEXT NOT NULL,
  outcome     TEXT NOT NULL,
  received_at TEXT NOT NULL
);

CREATE TABLE github_pushes (
  after_sha    TEXT PRIMARY KEY,                  -- the head sha the push produced
  repository   TEXT NOT NULL,
  ref          TEXT,
  pusher_email TEXT,
  commit_shas  TEXT NOT NULL,                     -- JSON array of the push's commit shas
  received_at  TEXT NOT NULL
);
