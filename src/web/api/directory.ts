import { peopleLocales } from '../../i18n/localize.js';
import { withAttributes } from '../../attributes/attributes.service.js';
import {
  listPeople,
  listServices,
  listTeams,
  upsertPeople,
  upsertServices,
  upsertTeams,
} from '../../directory/directory.service.js';
import type { RouteDef } from '../route.js';

/** JSON API for teams, people and services. */
export const directoryApi: RouteDef[] = [
  {
    method: 'post',
    path: '/api/v1/teams',
    policy: 'api:admin',
    summary: 'Upsert teams',
    handler: (req, res, deps) => res.json(upsertTeams(deps, req.body)),
  },
  {
    method: 'post',
    path: '/api/v1/people',
    policy: 'api:admin',
    summary: 'Upsert people',
    handler: (req, res, deps) => res.json(upsertPeople(deps, req.body)),
  },
  {
    method: 'post',
    path: '/api/v1/services',
    policy: 'api:admin',
    summary: 'Upsert services',
    handler: (req, res, deps) => res.json(upsertServices(deps, req.body)),
  },
  {
    method: 'get',
    path: '/api/v1/teams',
    policy: 'api:read',
    summary: 'List teams',
    handler: (_req, res, deps) =>
      res.json({ teams: listTeams(deps).map((t) => ({ key: t.key, name: t.name, parent: t.parentKey })) }),
  },
  {
    method: 'get',
    path: '/api/v1/services',
    policy: 'api:read',
    summary: 'List services',
    handler: (_req, res, deps) =>
      res.json({ services: listServices(deps).map((s) => ({ name: s.name, team: s.teamKey })) }),
  },
  {
    method: 'get',
    path: '/api/v1/people',
    policy: 'api:admin',
    summary: 'List people (admin only)',
    handler: (_req, res, deps) => {
      const locales = peopleLocales(deps);
      res.json({
        people: withAttributes(deps, listPeople(deps)).map((p) => ({
          email: p.email,
          name: p.name,
          team: p.teamKey,
          slack_user_id: p.slackUserId,
          active: p.active,
          channel: p.channel,
          attributes: p.attributes,
          start_date: p.startDate,
          locale: locales.get(p.id)?.locale ?? null,
          slack_locale: locales.get(p.id)?.slackLocale ?? null,
        })),
      });
    },
  },
];
