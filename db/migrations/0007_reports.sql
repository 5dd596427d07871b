-- Reports: read-only share links for the leadership page.
-- The link token itself is never stored, only its sha256; a link can be revoked before it expires.
CREATE TABLE report_shares (
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  report      TEXT NOT NULL DEFAULT 'leadership',
  window_from TEXT NOT NULL,            -- the window the link shows
  window_to   TEXT NOT NULL,
  created_by  TEXT,                     -- e-mail of the web user who made it
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  revoked_at  TEXT
);
CREATE INDEX report_shares_expiry ON report_shares(expires_at);
