-- People attributes (role, location, employment, level … from HR), a start date for tenure, and a
-- snapshot of both on every response and friction report, taken when it is stored, so a promotion
-- or a move does not rewrite last quarter's results (as responses.team_id already does for teams).

-- attributes: JSON object {snake_case key: string value}, at most 20 keys; start_date: 'YYYY-MM-DD'.
ALTER TABLE people ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}';
ALTER TABLE people ADD COLUMN start_date TEXT;

-- The attributes a response carried when stored, one row per key. The derived key 'tenure'
-- ('<6m', '6-12m', '1-2y', '2-5y', '5y+', from start_date at submitted_at) is stored here too.
-- Segment filters and breakdowns seek (key, value) and join on the response id.
CREATE TABLE response_attributes (
  response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  value       TEXT NOT NULL,
  PRIMARY KEY (response_id, key)
) WITHOUT ROWID;
CREATE INDEX response_attributes_key ON response_attributes(key, value, response_id);

-- The same snapshot for friction reports (they feed the themes like survey comments).
CREATE TABLE friction_report_attributes (
  report_id INTEGER NOT NULL REFERENCES friction_reports(id) ON DELETE CASCADE,
  key       TEXT NOT NULL,
  value     TEXT NOT NULL,
  PRIMARY KEY (report_id, key)
) WITHOUT ROWID;
CREATE INDEX friction_report_attributes_key ON friction_report_attributes(key, value, report_id);

-- Which attribute keys may slice reports. Keys not listed here (or listed with reportable = 0)
-- are kept on people and snapshots but never used for a filter or a breakdown.
CREATE TABLE attribute_keys (
  key        TEXT PRIMARY KEY,
  label      TEXT,
  reportable INTEGER NOT NULL DEFAULT 0 CHECK (reportable IN (0, 1)),
  updated_at TEXT NOT NULL
);
