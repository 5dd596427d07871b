-- Custom metrics (definitions' custom_metrics) read platform events by name over a time range, and
-- a duration's end as the first later event of the end name: seek (name, occurred_at) instead of
-- scanning every event of that name (the unique key puts identity between the two).
CREATE INDEX platform_events_name_time ON platform_events(name, occurred_at);
