-- Closing the loop, privacy review: a theme's before/after favorability reads one question of one
-- survey (the theme's survey), through the same results pipeline as every report, and its ship
-- date is a whole UTC week so moving it by milliseconds cannot add or drop one respondent.
ALTER TABLE theme_state ADD COLUMN survey_key TEXT;

-- Ship dates already stored move to the Monday 00:00 UTC of their week.
UPDATE theme_state
   SET shipped_at = date(substr(shipped_at, 1, 10), 'weekday 0', '-6 days') || 'T00:00:00.000Z'
 WHERE shipped_at IS NOT NULL;
