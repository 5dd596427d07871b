-- Performance: indexes found missing by the benchmark (npm run bench; bench/plans.ts audits plans).

-- Slack App Home lists a person's own recent answers (responses WHERE respondent = ? ORDER BY
-- submitted_at DESC LIMIT n): without this it scans every response of the org (624,000 in the
-- large bench profile) on each App Home open.
CREATE INDEX responses_respondent_time ON responses(respondent, submitted_at) WHERE respondent IS NOT NULL;
