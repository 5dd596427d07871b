-- Slack pulse bot: persistent outbox, DM channel cache, event dedup, cadence slots, platform
-- events with micro-survey rules and per-person cooldowns.

-- One row per message Chorus ever intends to send to Slack. `dedupe_key` makes enqueueing
-- idempotent ('invite:<run>:<person>', 'reminder1:<run>:<person>', 'loop:<update>'), so the
-- scanners can INSERT OR IGNORE as often as they like. Sending is claim → send → mark sent:
--   pending  → sending (claimed_at, claimed_by)  → sent (channel, ts)
--   sending  → in_doubt (the call failed in a way that may have posted) → reconciled against the
--              DM history by the message metadata carrying `dedupe_key`, never blindly resent.
CREATE TABLE slack_outbox (
  id             INTEGER PRIMARY KEY,
  dedupe_key     TEXT NOT NULL UNIQUE,
  kind           TEXT NOT NULL CHECK (kind IN ('invite', 'reminder', 'loop_update')),
  run_id         TEXT REFERENCES runs(id) ON DELETE CASCADE,
  person_id      INTEGER REFERENCES people(id) ON DELETE CASCADE,
  loop_update_id INTEGER REFERENCES loop_updates(id) ON DELETE CASCADE,
  target         TEXT,                 -- Slack user id (DMs) or channel id/name (announcements)
  status         TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'sending', 'in_doubt', 'sent', 'skipped', 'failed')),
  attempts       INTEGER NOT NULL DEFAULT 0,
  not_before     TEXT NOT NULL,        -- earliest send time (quiet hours, 429 Retry-After, backoff)
  claimed_at     TEXT,
  claimed_by     TEXT,                 -- worker instance id
  channel        TEXT,                 -- the channel the message went to (DM 'D…' for people)
  ts             TEXT,                 -- Slack message ts once sent: lets us chat.update it later
  last_error     TEXT,                 -- Slack error code only, never message content
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX slack_outbox_due ON slack_outbox(status, not_before);
CREATE INDEX slack_outbox_run_person ON slack_outbox(run_id, person_id);

-- conversations.open is Tier 3: the DM channel of a person is looked up once and kept.
CREATE TABLE slack_dm_channels (
  slack_user_id TEXT PRIMARY KEY,
  channel_id    TEXT NOT NULL,
  created_at    TEXT NOT NULL
);

-- Slack retries events it thinks were not acknowledged (x-slack-retry-num): handle each event_id once.
CREATE TABLE slack_event_dedup (
  event_id    TEXT PRIMARY KEY,
  received_at TEXT NOT NULL
);
CREATE INDEX slack_event_dedup_time ON slack_event_dedup(received_at);

-- A cadence slot is claimed once per survey, so restarts and second instances never open it twice.
CREATE TABLE schedule_slots (
  survey_id  INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  slot_at    TEXT NOT NULL,            -- the cron occurrence (UTC)
  run_id     TEXT REFERENCES runs(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (survey_id, slot_at)
);

-- Event name → micro-survey. sample_rate in [0, 1]; quiet hours are local 'HH:MM' in `timezone`.
CREATE TABLE event_rules (
  id             INTEGER PRIMARY KEY,
  event_name     TEXT NOT NULL,
  survey_key     TEXT NOT NULL,
  sample_rate    REAL NOT NULL DEFAULT 1 CHECK (sample_rate >= 0 AND sample_rate <= 1),
  cooldown_hours REAL NOT NULL DEFAULT 168 CHECK (cooldown_hours >= 0),
  quiet_start    TEXT,
  quiet_end      TEXT,
  timezone       TEXT NOT NULL DEFAULT 'UTC',
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX event_rules_name ON event_rules(event_name, active);

-- Platform events (POST /api/v1/events, deployments with a known author). `outcome` records what
-- the rules did, for the admin page; metadata is kept as the sender gave it.
CREATE TABLE platform_events (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  identity    TEXT NOT NULL,           -- 'email:<lowercased>' or 'slack:<U…>'
  person_id   INTEGER REFERENCES people(id) ON DELETE SET NULL,
  occurred_at TEXT NOT NULL,
  metadata    TEXT NOT NULL DEFAULT '{}',
  outcome     TEXT,                    -- fired:<run> | sampled_out | cooldown | no_rule | unknown_person | stale | error
  created_at  TEXT NOT NULL,
  UNIQUE (name, identity, occurred_at)
);
CREATE INDEX platform_events_time ON platform_events(created_at);

-- Per-person cooldown of a rule: when it last fired for them.
CREATE TABLE event_cooldowns (
  rule_id       INTEGER NOT NULL REFERENCES event_rules(id) ON DELETE CASCADE,
  person_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  last_fired_at TEXT NOT NULL,
  PRIMARY KEY (rule_id, person_id)
);
