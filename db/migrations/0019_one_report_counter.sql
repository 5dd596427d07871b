-- One report cache, one counter. Reports and survey results are cached in the server process
-- (src/cache/report-cache.ts) under data_version alone (migration 0010). The second counter,
-- results_version (0006), goes: nothing reads it any more, and its triggers only slowed writes.
-- Settings that are bookkeeping, not report inputs (the comment-tagging watermark, the deploy
-- scan cursor, Slack announcement state, the server secret and key scheme, the demo flag), no
-- longer bump data_version, so a scheduler tick or a tagging pass never empties the cache. Every
-- other setting (thresholds, definitions, value assumptions, run lifecycle, any new key) still does.
DROP TRIGGER IF EXISTS results_version_responses_i;
DROP TRIGGER IF EXISTS results_version_responses_u;
DROP TRIGGER IF EXISTS results_version_responses_d;
DROP TRIGGER IF EXISTS results_version_answers_i;
DROP TRIGGER IF EXISTS results_version_answers_u;
DROP TRIGGER IF EXISTS results_version_answers_d;
DROP TRIGGER IF EXISTS results_version_invitations_i;
DROP TRIGGER IF EXISTS results_version_invitations_u;
DROP TRIGGER IF EXISTS results_version_invitations_d;
DROP TRIGGER IF EXISTS results_version_runs_i;
DROP TRIGGER IF EXISTS results_version_runs_u;
DROP TRIGGER IF EXISTS results_version_runs_d;
DROP TRIGGER IF EXISTS results_version_teams_i;
DROP TRIGGER IF EXISTS results_version_teams_u;
DROP TRIGGER IF EXISTS results_version_teams_d;
DROP TRIGGER IF EXISTS results_version_surveys_i;
DROP TRIGGER IF EXISTS results_version_surveys_u;
DROP TRIGGER IF EXISTS results_version_surveys_d;
DROP TRIGGER IF EXISTS results_version_questions_i;
DROP TRIGGER IF EXISTS results_version_questions_u;
DROP TRIGGER IF EXISTS results_version_questions_d;
DROP TRIGGER IF EXISTS results_version_survey_questions_i;
DROP TRIGGER IF EXISTS results_version_survey_questions_u;
DROP TRIGGER IF EXISTS results_version_survey_questions_d;
DROP TRIGGER IF EXISTS results_version_settings_i;
DROP TRIGGER IF EXISTS results_version_settings_u;
DROP TRIGGER IF EXISTS results_version_settings_d;
DROP TABLE IF EXISTS results_version;

DROP TRIGGER IF EXISTS data_version_settings_insert;
DROP TRIGGER IF EXISTS data_version_settings_update;
DROP TRIGGER IF EXISTS data_version_settings_delete;
CREATE TRIGGER data_version_settings_insert AFTER INSERT ON settings
  WHEN NEW.key NOT IN ('themes_sync', 'events.deploy_scan_rowid', 'slack.loop_announce_since', 'slack.announce_channel',
                       'server_secret', 'key_scheme', 'demo_seeded')
  BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_settings_update AFTER UPDATE ON settings
  WHEN NEW.key NOT IN ('themes_sync', 'events.deploy_scan_rowid', 'slack.loop_announce_since', 'slack.announce_channel',
                       'server_secret', 'key_scheme', 'demo_seeded')
    OR OLD.key NOT IN ('themes_sync', 'events.deploy_scan_rowid', 'slack.loop_announce_since', 'slack.announce_channel',
                       'server_secret', 'key_scheme', 'demo_seeded')
  BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_settings_delete AFTER DELETE ON settings
  WHEN OLD.key NOT IN ('themes_sync', 'events.deploy_scan_rowid', 'slack.loop_announce_since', 'slack.announce_channel',
                       'server_secret', 'key_scheme', 'demo_seeded')
  BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
