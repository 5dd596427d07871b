-- Audit log: who changed what, when and from where (src/audit/). One row per change an admin or
-- analyst made through the web pages or the API, per CSV export, and per CLI import / token /
-- account command. `details` is a small JSON object of identifiers and settings: never survey
-- answers, comments or other free text (src/audit/audit.service.ts strips such keys).
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,            -- ISO 8601 UTC instant
  actor      TEXT NOT NULL COLLATE NOCASE, -- a web user's e-mail, 'token:<id>', 'token:bootstrap' or 'cli:<os user>'
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('session', 'token', 'cli')),
  actor_role TEXT,                     -- admin / analyst / viewer / ingest at the time of the change
  action     TEXT NOT NULL,            -- stable dotted name: survey.update, run.open, export.csv, …
  target     TEXT,                     -- what was changed: a survey key, team key, token id, route, …
  details    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  ip         TEXT                      -- client address (X-Forwarded-For only from a loopback proxy); NULL for the CLI
);
CREATE INDEX audit_log_at ON audit_log(at, id);
CREATE INDEX audit_log_actor ON audit_log(actor, at);
CREATE INDEX audit_log_action ON audit_log(action, at);

-- Append-only at the database level too: no code path, CLI or stray script can rewrite history
-- through this connection. (Whoever holds the database file can still drop the triggers; the
-- file itself belongs in backups and under OS permissions, see SECURITY.md.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted');
END;
