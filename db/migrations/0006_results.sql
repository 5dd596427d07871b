-- Survey results: indexes for the aggregate queries of src/surveys/results.repo.ts.

-- A team's (or subtree's) window: seek survey → each team → the time range, and count distinct
-- respondents from the index alone (respondent is covered; the response id is the rowid).
CREATE INDEX responses_results_team ON responses(survey_id, team_id, submitted_at, respondent);

-- The whole org's window (no team filter) and the per-team (team, respondent) pairs of the org
-- heatmap: one range scan over the window, covered.
CREATE INDEX responses_results_time ON responses(survey_id, submitted_at, team_id, respondent);
