import { listPeople, listServices, listTeams } from '../../directory/directory.service.js';
import { mailStatus } from '../../mail/mail.status.js';
import { secretStoredInDatabase } from '../../settings/secret.js';
import type { RouteDef } from '../route.js';
import { renderPage } from '../views.js';
import { adminAccessPages } from './admin-access.js';
import { adminDirectoryPages } from './admin-directory.js';

/** The admin hub: what is configured, and where to change it. */
export const adminPages: RouteDef[] = [
  {
    method: 'get',
    path: '/admin',
    policy: 'page:admin',
    summary: 'Admin overview',
    handler: (_req, res, deps) => {
      const people = listPeople(deps);
      renderPage(res, 'admin/index', {
        title: 'Admin',
        counts: {
          teams: listTeams(deps).length,
          people: people.filter((p) => p.active).length,
          services: listServices(deps).length,
        },
        slack: {
          mode: deps.config.slack.mode,
          off: deps.config.slack.mode === 'off',
          linked: people.filter((p) => p.slackUserId).length,
        },
        mail: mailStatus(deps),
        github: Boolean(deps.config.githubWebhookSecret),
        // A master secret in the database travels with every copy of it (SECURITY.md).
        secretInDatabase: secretStoredInDatabase(deps.db),
        secretFromEnv: Boolean(deps.config.secret),
        baseUrl: deps.config.baseUrl,
      });
    },
  },
  ...adminDirectoryPages,
  ...adminAccessPages,
];
