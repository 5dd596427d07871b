import { ingestEvents } from '../../events/events.service.js';
import { createRule, deleteRule, listRules, ruleJson, updateRule } from '../../events/rules.service.js';
import { badRequest } from '../../errors.js';
import type { RouteDef } from '../route.js';

const ruleId = (raw: unknown): number => {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw badRequest('The rule id must be a positive integer');
  return id;
};

/** Platform events (micro-survey triggers) and the rules that map them to surveys. */
export const eventsApi: RouteDef[] = [
  {
    method: 'post',
    path: '/api/v1/events',
    policy: 'api:ingest',
    summary: 'Ingest platform events (may trigger micro-surveys)',
    handler: (req, res, deps) => res.json(ingestEvents(deps, req.body)),
  },
  {
    method: 'get',
    path: '/api/v1/event-rules',
    policy: 'api:admin',
    summary: 'List event rules',
    handler: (_req, res, deps) => res.json({ event_rules: listRules(deps).map(ruleJson) }),
  },
  {
    method: 'post',
    path: '/api/v1/event-rules',
    policy: 'api:admin',
    summary: 'Create an event rule',
    handler: (req, res, deps) => res.status(201).json(ruleJson(createRule(deps, req.body))),
  },
  {
    method: 'put',
    path: '/api/v1/event-rules/:id',
    policy: 'api:admin',
    summary: 'Replace an event rule',
    handler: (req, res, deps) => res.json(ruleJson(updateRule(deps, ruleId(req.params.id), req.body))),
  },
  {
    method: 'delete',
    path: '/api/v1/event-rules/:id',
    policy: 'api:admin',
    summary: 'Delete an event rule',
    handler: (req, res, deps) => {
      deleteRule(deps, ruleId(req.params.id));
      res.status(204).end();
    },
  },
];
