-- Report inputs added since the one report counter (0019): segment attributes and reportable keys
-- (0020), response languages (0025), pull requests (0027) and the PagerDuty service mapping
-- (0028) bump data_version on every write like every other input, so a cached report never
-- outlives a change to what it read.

CREATE TRIGGER data_version_attribute_keys_insert AFTER INSERT ON attribute_keys BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_attribute_keys_update AFTER UPDATE ON attribute_keys BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_attribute_keys_delete AFTER DELETE ON attribute_keys BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER data_version_response_attributes_insert AFTER INSERT ON response_attributes BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_response_attributes_update AFTER UPDATE ON response_attributes BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_response_attributes_delete AFTER DELETE ON response_attributes BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER data_version_friction_report_attributes_insert AFTER INSERT ON friction_report_attributes BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_friction_report_attributes_update AFTER UPDATE ON friction_report_attributes BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_friction_report_attributes_delete AFTER DELETE ON friction_report_attributes BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER data_version_response_languages_insert AFTER INSERT ON response_languages BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_response_languages_update AFTER UPDATE ON response_languages BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_response_languages_delete AFTER DELETE ON response_languages BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER data_version_pull_requests_insert AFTER INSERT ON pull_requests BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_pull_requests_update AFTER UPDATE ON pull_requests BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_pull_requests_delete AFTER DELETE ON pull_requests BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER data_version_pull_request_heads_insert AFTER INSERT ON pull_request_heads BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_pull_request_heads_update AFTER UPDATE ON pull_request_heads BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_pull_request_heads_delete AFTER DELETE ON pull_request_heads BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER data_version_pull_request_reviews_insert AFTER INSERT ON pull_request_reviews BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_pull_request_reviews_update AFTER UPDATE ON pull_request_reviews BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_pull_request_reviews_delete AFTER DELETE ON pull_request_reviews BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER data_version_pagerduty_services_insert AFTER INSERT ON pagerduty_services BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_pagerduty_services_update AFTER UPDATE ON pagerduty_services BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER data_version_pagerduty_services_delete AFTER DELETE ON pagerduty_services BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;
