-- Survey results: indexes for the aggregate queries of src/surveys/results.repo.ts.

-- A team's (or subtree's) window: seek survey → each team → the time range, and count distinct
-- respondents from the index alone (respondent is covered; the response id is the rowid).
CREATE INDEX responses_results_team ON responses(survey_id, team_id, submitted_at, respondent);

-- The whole org's window (no team filter) and the per-team (team, respondent) pairs of the org
-- heatmap: one range scan over the window, covered.
CREATE INDEX responses_results_time ON responses(survey_id, submitted_at, team_id, respondent);

-- Response rate: invitations and responses of the runs that opened in the window, per team,
-- without visiting every invitation of those runs.
CREATE INDEX invitations_run_team ON invitations(run_id, team_id, person_id);
CREATE INDEX responses_run_team ON responses(run_id, team_id, respondent) WHERE run_id IS NOT NULL;

-- Answer counts per survey, team, bucket, question and value, kept by triggers: results read
-- these few rows instead of joining every answer of a window (millions in a large org). Each
-- answer is counted in two buckets: its UTC day ('d2026-03-02') and its UTC week ('w' + the
-- Monday, 'w2026-03-02'). A window reads whole weeks, then whole days at its ends, then the
-- partial days at its very edges from the answers themselves.
-- kind: 0 numeric value (Likert, scale, hours midpoint), 1 not applicable, 2 free text, 3 choice.
-- value_num is -1 and choice '' where they do not apply (primary-key columns are never NULL).
CREATE TABLE answer_counts (
  survey_id   INTEGER NOT NULL,
  team_id     INTEGER NOT NULL,
  bucket      TEXT NOT NULL,
  question_id INTEGER NOT NULL,
  kind        INTEGER NOT NULL,
  value_num   REAL NOT NULL,
  choice      TEXT NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (survey_id, team_id, bucket, question_id, kind, value_num, choice)
) WITHOUT ROWID;

INSERT INTO answer_counts (survey_id, team_id, bucket, question_id, kind, value_num, choice, count)
SELECT r.survey_id, r.team_id, CASE g.grain WHEN 'd' THEN 'd' || substr(r.submitted_at, 1, 10) ELSE 'w' || date(substr(r.submitted_at, 1, 10), 'weekday 0', '-6 days') END, a.question_id,
  CASE WHEN a.value_num IS NOT NULL THEN 0 WHEN a.value_text IS NULL THEN 1 WHEN q.type = 'choice' THEN 3 ELSE 2 END,
  COALESCE(a.value_num, -1),
  CASE WHEN a.value_num IS NULL AND a.value_text IS NOT NULL AND q.type = 'choice' THEN a.value_text ELSE '' END,
  COUNT(*)
FROM answers a JOIN responses r ON r.id = a.response_id JOIN questions q ON q.id = a.question_id
  CROSS JOIN (SELECT 'd' AS grain UNION ALL SELECT 'w') g
GROUP BY 1, 2, 3, 4, 5, 6, 7;

CREATE TRIGGER answer_counts_answer_insert AFTER INSERT ON answers BEGIN
  INSERT INTO answer_counts (survey_id, team_id, bucket, question_id, kind, value_num, choice, count)
  SELECT r.survey_id, r.team_id, CASE g.grain WHEN 'd' THEN 'd' || substr(r.submitted_at, 1, 10) ELSE 'w' || date(substr(r.submitted_at, 1, 10), 'weekday 0', '-6 days') END, NEW.question_id,
    CASE WHEN NEW.value_num IS NOT NULL THEN 0 WHEN NEW.value_text IS NULL THEN 1 WHEN q.type = 'choice' THEN 3 ELSE 2 END,
    COALESCE(NEW.value_num, -1),
    CASE WHEN NEW.value_num IS NULL AND NEW.value_text IS NOT NULL AND q.type = 'choice' THEN NEW.value_text ELSE '' END,
    1
  FROM responses r JOIN questions q ON q.id = NEW.question_id CROSS JOIN (SELECT 'd' AS grain UNION ALL SELECT 'w') g WHERE r.id = NEW.response_id
  ON CONFLICT (survey_id, team_id, bucket, question_id, kind, value_num, choice) DO UPDATE SET count = count + excluded.count;
END;

-- When a whole response is deleted its BEFORE DELETE trigger below has already taken its answers
-- out, and the cascaded answer deletes find no response row, so nothing is counted twice.
CREATE TRIGGER answer_counts_answer_delete AFTER DELETE ON answers BEGIN
  INSERT INTO answer_counts (survey_id, team_id, bucket, question_id, kind, value_num, choice, count)
  SELECT r.survey_id, r.team_id, CASE g.grain WHEN 'd' THEN 'd' || substr(r.submitted_at, 1, 10) ELSE 'w' || date(substr(r.submitted_at, 1, 10), 'weekday 0', '-6 days') END, OLD.question_id,
    CASE WHEN OLD.value_num IS NOT NULL THEN 0 WHEN OLD.value_text IS NULL THEN 1 WHEN q.type = 'choice' THEN 3 ELSE 2 END,
    COALESCE(OLD.value_num, -1),
    CASE WHEN OLD.value_num IS NULL AND OLD.value_text IS NOT NULL AND q.type = 'choice' THEN OLD.value_text ELSE '' END,
    -1
  FROM responses r JOIN questions q ON q.id = OLD.question_id CROSS JOIN (SELECT 'd' AS grain UNION ALL SELECT 'w') g WHERE r.id = OLD.response_id
  ON CONFLICT (survey_id, team_id, bucket, question_id, kind, value_num, choice) DO UPDATE SET count = count + excluded.count;
END;

CREATE TRIGGER answer_counts_answer_update AFTER UPDATE ON answers BEGIN
  INSERT INTO answer_counts (survey_id, team_id, bucket, question_id, kind, value_num, choice, count)
  SELECT r.survey_id, r.team_id, CASE g.grain WHEN 'd' THEN 'd' || substr(r.submitted_at, 1, 10) ELSE 'w' || date(substr(r.submitted_at, 1, 10), 'weekday 0', '-6 days') END, OLD.question_id,
    CASE WHEN OLD.value_num IS NOT NULL THEN 0 WHEN OLD.value_text IS NULL THEN 1 WHEN q.type = 'choice' THEN 3 ELSE 2 END,
    COALESCE(OLD.value_num, -1),
    CASE WHEN OLD.value_num IS NULL AND OLD.value_text IS NOT NULL AND q.type = 'choice' THEN OLD.value_text ELSE '' END,
    -1
  FROM responses r JOIN questions q ON q.id = OLD.question_id CROSS JOIN (SELECT 'd' AS grain UNION ALL SELECT 'w') g WHERE r.id = OLD.response_id
  ON CONFLICT (survey_id, team_id, bucket, question_id, kind, value_num, choice) DO UPDATE SET count = count + excluded.count;
  INSERT INTO answer_counts (survey_id, team_id, bucket, question_id, kind, value_num, choice, count)
  SELECT r.survey_id, r.team_id, CASE g.grain WHEN 'd' THEN 'd' || substr(r.submitted_at, 1, 10) ELSE 'w' || date(substr(r.submitted_at, 1, 10), 'weekday 0', '-6 days') END, NEW.question_id,
    CASE WHEN NEW.value_num IS NOT NULL THEN 0 WHEN NEW.value_text IS NULL THEN 1 WHEN q.type = 'choice' THEN 3 ELSE 2 END,
    COALESCE(NEW.value_num, -1),
    CASE WHEN NEW.value_num IS NULL AND NEW.value_text IS NOT NULL AND q.type = 'choice' THEN NEW.value_text ELSE '' END,
    1
  FROM responses r JOIN questions q ON q.id = NEW.question_id CROSS JOIN (SELECT 'd' AS grain UNION ALL SELECT 'w') g WHERE r.id = NEW.response_id
  ON CONFLICT (survey_id, team_id, bucket, question_id, kind, value_num, choice) DO UPDATE SET count = count + excluded.count;
END;

-- A response moved to another team, day or survey (e.g. a resubmission) moves its answers' counts.
CREATE TRIGGER answer_counts_response_move AFTER UPDATE OF survey_id, team_id, submitted_at ON responses
WHEN OLD.survey_id IS NOT NEW.survey_id OR OLD.team_id IS NOT NEW.team_id
  OR substr(OLD.submitted_at, 1, 10) IS NOT substr(NEW.submitted_at, 1, 10)
BEGIN
  INSERT INTO answer_counts (survey_id, team_id, bucket, question_id, kind, value_num, choice, count)
  SELECT OLD.survey_id, OLD.team_id, CASE g.grain WHEN 'd' THEN 'd' || substr(OLD.submitted_at, 1, 10) ELSE 'w' || date(substr(OLD.submitted_at, 1, 10), 'weekday 0', '-6 days') END, a.question_id,
    CASE WHEN a.value_num IS NOT NULL THEN 0 WHEN a.value_text IS NULL THEN 1 WHEN q.type = 'choice' THEN 3 ELSE 2 END,
    COALESCE(a.value_num, -1),
    CASE WHEN a.value_num IS NULL AND a.value_text IS NOT NULL AND q.type = 'choice' THEN a.value_text ELSE '' END,
    -1
  FROM answers a JOIN questions q ON q.id = a.question_id CROSS JOIN (SELECT 'd' AS grain UNION ALL SELECT 'w') g WHERE a.response_id = OLD.id
  ON CONFLICT (survey_id, team_id, bucket, question_id, kind, value_num, choice) DO UPDATE SET count = count + excluded.count;
  INSERT INTO answer_counts (survey_id, team_id, bucket, question_id, kind, value_num, choice, count)
  SELECT NEW.survey_id, NEW.team_id, CASE g.grain WHEN 'd' THEN 'd' || substr(NEW.submitted_at, 1, 10) ELSE 'w' || date(substr(NEW.submitted_at, 1, 10), 'weekday 0', '-6 days') END, a.question_id,
    CASE WHEN a.value_num IS NOT NULL THEN 0 WHEN a.value_text IS NULL THEN 1 WHEN q.type = 'choice' THEN 3 ELSE 2 END,
    COALESCE(a.value_num, -1),
    CASE WHEN a.value_num IS NULL AND a.value_text IS NOT NULL AND q.type = 'choice' THEN a.value_text ELSE '' END,
    1
  FROM answers a JOIN questions q ON q.id = a.question_id CROSS JOIN (SELECT 'd' AS grain UNION ALL SELECT 'w') g WHERE a.response_id = NEW.id
  ON CONFLICT (survey_id, team_id, bucket, question_id, kind, value_num, choice) DO UPDATE SET count = count + excluded.count;
END;

CREATE TRIGGER answer_counts_response_delete BEFORE DELETE ON responses BEGIN
  INSERT INTO answer_counts (survey_id, team_id, bucket, question_id, kind, value_num, choice, count)
  SELECT OLD.survey_id, OLD.team_id, CASE g.grain WHEN 'd' THEN 'd' || substr(OLD.submitted_at, 1, 10) ELSE 'w' || date(substr(OLD.submitted_at, 1, 10), 'weekday 0', '-6 days') END, a.question_id,
    CASE WHEN a.value_num IS NOT NULL THEN 0 WHEN a.value_text IS NULL THEN 1 WHEN q.type = 'choice' THEN 3 ELSE 2 END,
    COALESCE(a.value_num, -1),
    CASE WHEN a.value_num IS NULL AND a.value_text IS NOT NULL AND q.type = 'choice' THEN a.value_text ELSE '' END,
    -1
  FROM answers a JOIN questions q ON q.id = a.question_id CROSS JOIN (SELECT 'd' AS grain UNION ALL SELECT 'w') g WHERE a.response_id = OLD.id
  ON CONFLICT (survey_id, team_id, bucket, question_id, kind, value_num, choice) DO UPDATE SET count = count + excluded.count;
END;

-- A counter bumped by every write that can change a survey result, so results can be cached in
-- memory and invalidated exactly (writes by other processes show in PRAGMA data_version).
CREATE TABLE results_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO results_version (id, n) VALUES (1, 0);
CREATE TRIGGER results_version_responses_i AFTER INSERT ON responses BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_responses_u AFTER UPDATE ON responses BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_responses_d AFTER DELETE ON responses BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_answers_i AFTER INSERT ON answers BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_answers_u AFTER UPDATE ON answers BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_answers_d AFTER DELETE ON answers BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_invitations_i AFTER INSERT ON invitations BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_invitations_u AFTER UPDATE ON invitations BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_invitations_d AFTER DELETE ON invitations BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_runs_i AFTER INSERT ON runs BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_runs_u AFTER UPDATE ON runs BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_runs_d AFTER DELETE ON runs BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_teams_i AFTER INSERT ON teams BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_teams_u AFTER UPDATE ON teams BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_teams_d AFTER DELETE ON teams BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_surveys_i AFTER INSERT ON surveys BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_surveys_u AFTER UPDATE ON surveys BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_surveys_d AFTER DELETE ON surveys BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_questions_i AFTER INSERT ON questions BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_questions_u AFTER UPDATE ON questions BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_questions_d AFTER DELETE ON questions BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_survey_questions_i AFTER INSERT ON survey_questions BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_survey_questions_u AFTER UPDATE ON survey_questions BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_survey_questions_d AFTER DELETE ON survey_questions BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_settings_i AFTER INSERT ON settings WHEN NEW.key = 'anonymity_threshold' BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_settings_u AFTER UPDATE ON settings WHEN NEW.key = 'anonymity_threshold' BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER results_version_settings_d AFTER DELETE ON settings WHEN OLD.key = 'anonymity_threshold' BEGIN UPDATE results_version SET n = n + 1 WHERE id = 1; END;
