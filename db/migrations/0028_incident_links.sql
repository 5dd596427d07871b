-- Incident links you can see, and PagerDuty incidents.
-- linked_deployment_ref is the deployment an incident counts against: the one it names
-- (deployment_ref, link = 'explicit'), else, when definitions' incident_link_hours is set, the latest
-- successful production deployment of the same service that finished within that many hours before
-- the incident opened (link = 'inferred'). deployments.caused_incident reads this column, so a
-- deployment counts once however many incidents point at it. Kept current at write time and when
-- the definitions change (docs/metrics.md "Incident links").
ALTER TABLE incidents ADD COLUMN linked_deployment_ref TEXT;
ALTER TABLE incidents ADD COLUMN link TEXT CHECK (link IN ('explicit', 'inferred'));
UPDATE incidents SET linked_deployment_ref = deployment_ref,
  link = CASE WHEN deployment_ref IS NOT NULL THEN 'explicit' END;
CREATE INDEX incidents_linked ON incidents(linked_deployment_ref) WHERE linked_deployment_ref IS NOT NULL;

-- Where a PagerDuty service's incidents go when its name is not a Chorus service name: set on the
-- admin delivery page or PUT /api/v1/pagerduty/services. pagerduty_service matches the PagerDuty
-- service id or its name (summary), case-insensitively.
CREATE TABLE pagerduty_services (
  pagerduty_service TEXT PRIMARY KEY COLLATE NOCASE,
  service_id        INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
