-- Replay protection for POST /slack/events. Slack signs every request once (v0 HMAC over the
-- timestamp and body, timestamp within ±5 minutes), so a signature seen twice is a replay. Each
-- verified signature is kept ~10 minutes (twice the window, then purged): a restart does not
-- reopen the window, and the table stays a few thousand rows at most.
CREATE TABLE slack_seen_signatures (
  signature TEXT PRIMARY KEY,          -- 'v0=<hex>' as sent in x-slack-signature
  seen_at   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX slack_seen_signatures_time ON slack_seen_signatures(seen_at);
