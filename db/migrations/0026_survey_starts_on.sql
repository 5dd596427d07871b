-- Plain cadences beside cron ("every 2 weeks on tuesday 09:30"): the survey's first day, a local
-- calendar date 'YYYY-MM-DD' in the survey's time zone. No run opens before it, and an
-- every-N-weeks rhythm counts its weeks from it (else from the week the survey was created in).
-- surveys.cadence keeps its TEXT column: plain cadences are stored in their canonical words.
ALTER TABLE surveys ADD COLUMN starts_on TEXT;
