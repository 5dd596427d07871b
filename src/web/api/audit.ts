import { auditCsvRows, listAudit } from '../../audit/audit.service.js';
import { sendReport } from '../report-format.js';
import type { RouteDef } from '../route.js';

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
  },
];
