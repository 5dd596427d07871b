-- Distinct respondents per survey, UTC week, team: what weekly windows (people's view of survey
-- results, src/surveys/results.weekly.ts) judge against the anonymity threshold, week by week.
-- Kept by triggers on responses like answer_counts (0006), so a weekly report reads a short index
-- range instead of computing every response's week. `respondent` is the pseudonym, or '#' + the
-- response id for a fully anonymous survey (as results count them); `responses` counts the
-- person's responses in that team-week, and the row goes when it reaches 0.
CREATE TABLE respondent_weeks (
  survey_id  INTEGER NOT NULL,
  week       TEXT NOT NULL,                -- Monday of the UTC week, 'YYYY-MM-DD'
  team_id    INTEGER NOT NULL,
  respondent TEXT NOT NULL,
  responses  INTEGER NOT NULL,
  PRIMARY KEY (survey_id, week, team_id, respondent)
) WITHOUT ROWID;

INSERT INTO respondent_weeks (survey_id, week, team_id, respondent, responses)
SELECT survey_id, date(substr(submitted_at, 1, 10), 'weekday 0', '-6 days'), team_id, COALESCE(respondent, '#' || id), COUNT(*)
FROM responses GROUP BY 1, 2, 3, 4;

CREATE TRIGGER respondent_weeks_insert AFTER INSERT ON responses BEGIN
  INSERT INTO respondent_weeks (survey_id, week, team_id, respondent, responses)
  VALUES (NEW.survey_id, date(substr(NEW.submitted_at, 1, 10), 'weekday 0', '-6 days'), NEW.team_id, COALESCE(NEW.respondent, '#' || NEW.id), 1)
  ON CONFLICT (survey_id, week, team_id, respondent) DO UPDATE SET responses = responses + 1;
END;

CREATE TRIGGER respondent_weeks_delete AFTER DELETE ON responses BEGIN
  UPDATE respondent_weeks SET responses = responses - 1
  WHERE survey_id = OLD.survey_id AND week = date(substr(OLD.submitted_at, 1, 10), 'weekday 0', '-6 days')
    AND team_id = OLD.team_id AND respondent = COALESCE(OLD.respondent, '#' || OLD.id);
  DELETE FROM respondent_weeks
  WHERE survey_id = OLD.survey_id AND week = date(substr(OLD.submitted_at, 1, 10), 'weekday 0', '-6 days')
    AND team_id = OLD.team_id AND respondent = COALESCE(OLD.respondent, '#' || OLD.id) AND responses <= 0;
END;

-- A response moved to another survey, team, week or pseudonym: out of the old row, into the new.
CREATE TRIGGER respondent_weeks_move AFTER UPDATE OF survey_id, team_id, submitted_at, respondent ON responses
WHEN OLD.survey_id IS NOT NEW.survey_id OR OLD.team_id IS NOT NEW.team_id OR OLD.respondent IS NOT NEW.respondent
  OR date(substr(OLD.submitted_at, 1, 10), 'weekday 0', '-6 days') IS NOT date(substr(NEW.submitted_at, 1, 10), 'weekday 0', '-6 days')
BEGIN
  UPDATE respondent_weeks SET responses = responses - 1
  WHERE survey_id = OLD.survey_id AND week = date(substr(OLD.submitted_at, 1, 10), 'weekday 0', '-6 days')
    AND team_id = OLD.team_id AND respondent = COALESCE(OLD.respondent, '#' || OLD.id);
  DELETE FROM respondent_weeks
  WHERE survey_id = OLD.survey_id AND week = date(substr(OLD.submitted_at, 1, 10), 'weekday 0', '-6 days')
    AND team_id = OLD.team_id AND respondent = COALESCE(OLD.respondent, '#' || OLD.id) AND responses <= 0;
  INSERT INTO respondent_weeks (survey_id, week, team_id, respondent, responses)
  VALUES (NEW.survey_id, date(substr(NEW.submitted_at, 1, 10), 'weekday 0', '-6 days'), NEW.team_id, COALESCE(NEW.respondent, '#' || NEW.id), 1)
  ON CONFLICT (survey_id, week, team_id, respondent) DO UPDATE SET responses = responses + 1;
END;
