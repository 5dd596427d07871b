import { z } from 'zod';
import { auditCsvRows, listAudit } from '../../audit/audit.service.js';
import { sendReport } from '../report-format.js';
import type { RouteDef } from '../route.js';

const when = (what: string) =>
  z
    .string()
    .optional()
    .describe(`${what}: an ISO date (2026-03-02, its midnight UTC) or instant (2026-03-02T14:00:00Z)`);

const entry = z.object({
  id: z.number().int(),
  at: z.string().describe('When, ISO 8601 UTC'),
  actor: z
    .string()
    .describe("A web user's e-mail, `token:<id>`, `token:bootstrap` (CHORUS_API_TOKEN) or `cli:<os user>`"),
  actor_kind: z.enum(['session', 'token', 'cli']),
  actor_role: z.string().nullable(),
  action: z.string().describe('Stable dotted name: survey.update, run.open, token.create, export.csv, …'),
  target: z.string().nullable().describe('What was changed: a survey key, team key, `token:<id>`, a route, …'),
  details: z.record(z.string(), z.unknown()).describe('Identifiers, counts and settings; never answers or free text'),
  ip: z.string().nullable().describe('Client address; null for the CLI'),
});

/** GET /api/v1/audit: the audit log, newest first, as JSON or CSV. Read-only: no route edits it. */
export const auditApi: RouteDef[] = [
  {
    method: 'get',
    path: '/api/v1/audit',
    policy: 'api:admin',
    summary: 'The audit log: who changed what, when and from where (?from=&to=&actor=&action=; JSON or CSV)',
    handler: (req, res, deps) => {
      const { entries, total, query } = listAudit(deps, req.query);
      sendReport(req, res, { entries, total, limit: query.limit }, (r) => auditCsvRows(r.entries), 'audit-log');
    },
    openapi: {
      description:
        'Every change an admin or analyst made through the web pages or the API, every CSV export, and the CLI ' +
        'token, user and import commands, newest first. Append-only: no route changes or deletes an entry.',
      query: z.object({
        from: when('Entries at or after'),
        to: when('Entries before'),
        actor: z.string().optional().describe('Exact actor (case-insensitive)'),
        action: z.string().optional().describe('An action name, or a prefix: `survey` matches `survey.update`'),
        limit: z.number().int().min(1).max(10_000).optional().describe('At most this many entries (default 1000)'),
      }),
      response: z.object({
        entries: z.array(entry),
        total: z.number().int().describe('Entries matching the filters (may exceed limit)'),
        limit: z.number().int(),
      }),
      csv: true,
    },
  },
];
