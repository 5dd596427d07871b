-- Distinct respondents per survey, UTC week, team: what weekly windows (people's view of survey
-- results, src/surveys/results.weekly.ts) judge against the anonymity threshold, week by week.
-- Kept by triggers on responses like answer_counts (0006), so a weekly report reads a short index
-- range of integers instead of computing every response's week and comparing pseudonyms.
-- A respondent is the pseudonym, or '#' + the response id for a fully anonymous survey (as results
-- count them), numbered once in respondent_keys. `responses` counts the person's responses in that
-- team-week; the row goes when it reaches 0.
CREATE TABLE respondent_keys (
  id         INTEGER PRIMARY KEY,
  respondent TEXT NOT NULL UNIQUE
);

CREATE TABLE respondent_weeks (
  survey_id  INTEGER NOT NULL,
  week       TEXT NOT NULL,                -- Monday of the UTC week, 'YYYY-MM-DD'
  team_id    INTEGER NOT NULL,
  person     INTEGER NOT NULL,             -- respondent_keys.id
  responses  INTEGER NOT NULL,
  PRIMARY KEY (survey_id, week, team_id, person)
) WITHOUT ROWID;

INSERT INTO respondent_keys (respondent) SELECT DISTINCT COALESCE(respondent, '#' || id) FROM responses;
INSERT INTO respondent_weeks (survey_id, week, team_id, person, responses)
SELECT r.survey_id, date(substr(r.submitted_at, 1, 10), 'weekday 0', '-6 days'), r.team_id, k.id, COUNT(*)
FROM responses r JOIN respondent_keys k ON k.respondent = COALESCE(r.respondent, '#' || r.id)
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER respondent_weeks_insert AFTER INSERT ON responses BEGIN
  INSERT OR IGNORE INTO respondent_keys (respondent) VALUES (COALESCE(NEW.respondent, '#' || NEW.id));
  INSERT INTO respondent_weeks (survey_id, week, team_id, person, responses)
  VALUES (NEW.survey_id, date(substr(NEW.submitted_at, 1, 10), 'weekday 0', '-6 days'), NEW.team_id,
    (SELECT id FROM respondent_keys WHERE respondent = COALESCE(NEW.respondent, '#' || NEW.id)), 1)
  ON CONFLICT (survey_id, week, team_id, person) DO UPDATE SET responses = responses + 1;
END;

CREATE TRIGGER respondent_weeks_delete AFTER DELETE ON responses BEGIN
  UPDATE respondent_weeks SET responses = responses - 1
  WHERE survey_id = OLD.survey_id AND week = date(substr(OLD.submitted_at, 1, 10), 'weekday 0', '-6 days') AND team_id = OLD.team_id
    AND person = (SELECT id FROM respondent_keys WHERE respondent = COALESCE(OLD.respondent, '#' || OLD.id));
  DELETE FROM respondent_weeks
  WHERE survey_id = OLD.survey_id AND week = date(substr(OLD.submitted_at, 1, 10), 'weekday 0', '-6 days') AND team_id = OLD.team_id
    AND person = (SELECT id FROM respondent_keys WHERE respondent = COALESCE(OLD.respondent, '#' || OLD.id)) AND responses <= 0;
END;

-- A response moved to another survey, team, week or pseudonym: out of the old row, into the new.
CREATE TRIGGER respondent_weeks_move AFTER UPDATE OF survey_id, team_id, submitted_at, respondent ON responses
WHEN OLD.survey_id IS NOT NEW.survey_id OR OLD.team_id IS NOT NEW.team_id OR OLD.respondent IS NOT NEW.respondent
  OR date(substr(OLD.submitted_at, 1, 10), 'weekday 0', '-6 days') IS NOT date(substr(NEW.submitted_at, 1, 10), 'weekday 0', '-6 days')
BEGIN
  UPDATE respondent_weeks SET responses = responses - 1
  WHERE survey_id = OLD.survey_id AND week = date(substr(OLD.submitted_at, 1, 10), 'weekday 0', '-6 days') AND team_id = OLD.team_id
    AND person = (SELECT id FROM respondent_keys WHERE respondent = COALESCE(OLD.respondent, '#' || OLD.id));
  DELETE FROM respondent_weeks
  WHERE survey_id = OLD.survey_id AND week = date(substr(OLD.submitted_at, 1, 10), 'weekday 0', '-6 days') AND team_id = OLD.team_id
    AND person = (SELECT id FROM respondent_keys WHERE respondent = COALESCE(OLD.respondent, '#' || OLD.id)) AND responses <= 0;
  INSERT OR IGNORE INTO respondent_keys (respondent) VALUES (COALESCE(NEW.respondent, '#' || NEW.id));
  INSERT INTO respondent_weeks (survey_id, week, team_id, person, responses)
  VALUES (NEW.survey_id, date(substr(NEW.submitted_at, 1, 10), 'weekday 0', '-6 days'), NEW.team_id,
    (SELECT id FROM respondent_keys WHERE respondent = COALESCE(NEW.respondent, '#' || NEW.id)), 1)
  ON CONFLICT (survey_id, week, team_id, person) DO UPDATE SET responses = responses + 1;
END;
