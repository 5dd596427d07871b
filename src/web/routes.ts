import { deliveryApi } from './api/delivery.js';
import { directoryApi } from './api/directory.js';
import { attributesApi } from './api/attributes.js';
import { eventsApi } from './api/events.js';
import { githubWebhook } from './api/github-webhook.js';
import { gitlabWebhook } from './api/gitlab-webhook.js';
import { flowApi } from './api/flow.js';
import { incidentsApi } from './api/incidents.js';
import { pagerdutyApi } from './api/pagerduty.js';
import { customMetricsApi } from './api/custom-metrics.js';
import { deliveryAdminPages } from './pages/delivery-admin.js';
import { deliveryPages } from './pages/delivery.js';
import { surveysApi } from './api/surveys.js';
import { cadenceApi } from './api/cadence.js';
import { adminPages } from './pages/admin.js';
import { adminSlackPages } from './pages/admin-slack.js';
import { authPages } from './pages/auth.js';
import { oidcPages } from './pages/oidc.js';
import { surveyFormPages } from './pages/survey-form.js';
import { surveyPages } from './pages/surveys.js';
import { surveyRunPages } from './pages/survey-runs.js';
import { reportsApi } from './api/reports.js';
import { leadershipPages } from './pages/leadership.js';
import { reportPages } from './pages/reports.js';
import { resultsApi } from './api/results.js';
import { driversApi } from './api/drivers.js';
import { resultsPages } from './pages/results.js';
import { themesApi } from './api/themes.js';
import { themesPages } from './pages/themes.js';
import { openapiApi } from './api/openapi.js';
import { auditApi } from './api/audit.js';
import { operatorRoutes } from './api/operators.js';
import { adminAuditPages } from './pages/admin-audit.js';
import type { RouteDef } from './route.js';

/**
 * The route table: every HTTP route of Chorus with its access policy. Feature adapters add their
 * lists here; the access test enumerates this table.
 */
export const routeTable: RouteDef[] = [
  ...operatorRoutes,
  ...authPages,
  ...oidcPages,
  ...directoryApi,
  ...attributesApi,
  ...adminPages,
  ...surveysApi,
  ...cadenceApi,
  ...surveyPages,
  ...surveyRunPages,
  ...surveyFormPages,
  ...deliveryApi,
  ...githubWebhook,
  ...gitlabWebhook,
  ...flowApi,
  ...incidentsApi,
  ...pagerdutyApi,
  ...customMetricsApi,
  ...deliveryPages,
  ...deliveryAdminPages,
  ...eventsApi,
  ...adminSlackPages,
  ...reportsApi,
  ...reportPages,
  ...leadershipPages,
  ...resultsApi,
  ...driversApi,
  ...resultsPages,
  ...themesApi,
  ...themesPages,
  ...auditApi,
  ...adminAuditPages,
  ...openapiApi,
];
