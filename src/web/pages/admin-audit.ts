import { AppError, fieldErrors } from '../../errors.js';
import { AUDIT_PAGE_SIZE, listAudit } from '../../audit/audit.service.js';
import { auditActions } from '../audit-actions.js';
import type { RouteDef } from '../route.js';
import { formatDate, renderPage } from '../views.js';

/** Action names for the filter's suggestions: every named route action plus the CLI's and single sign-on's. */
const KNOWN_ACTIONS = [
  ...new Set([
    ...Object.values(auditActions).map((s) => s.action),
    'theme.status',
    'user.role_change',
    'run.close',
    'run.cancel',
    'run.remind',
    'export.csv',
    'import.teams',
    'import.people',
    'import.services',
    'import.deployments',
    'import.incidents',
    'import.costs',
    'import.responses',
    'database.backup',
  ]),
].sort();

const FILTERS = ['from', 'to', 'actor', 'action'] as const;

/** /admin/audit: the audit log, filtered and paginated, with a CSV export of the same filters. */
export const adminAuditPages: RouteDef[] = [
  {
    method: 'get',
    path: '/admin/audit',
    policy: 'page:admin',
    summary: 'Audit log: who changed what, when and from where',
    handler: (req, res, deps) => {
      const form = Object.fromEntries(FILTERS.map((k) => [k, typeof req.query[k] === 'string' ? req.query[k] : '']));
      const filters = new URLSearchParams(Object.entries(form).filter(([, v]) => v !== ''));
      const common = { title: 'Audit log', form, actions: KNOWN_ACTIONS, pageSize: AUDIT_PAGE_SIZE };
      let result;
      try {
        result = listAudit(deps, req.query, { paged: true });
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 422) throw err;
        return renderPage(
          res,
          'admin/audit',
          { ...common, errors: fieldErrors(err.details), entries: [] },
          { status: 422 },
        );
      }
      const pageLink = (n: number) =>
        `/admin/audit?${new URLSearchParams([...filters, ['page', String(n)]]).toString()}`;
      const csv = new URLSearchParams([...filters, ['format', 'csv'], ['limit', '10000']]);
      renderPage(res, 'admin/audit', {
        ...common,
        entries: result.entries.map((e) => ({
          ...e,
          when: `${formatDate(e.at)} ${e.at.slice(11, 19)}`,
          detailsText: Object.keys(e.details).length ? JSON.stringify(e.details) : '',
        })),
        total: result.total,
        pageNumber: result.page,
        pages: result.pages,
        prev: result.page > 1 ? pageLink(result.page - 1) : null,
        next: result.page < result.pages ? pageLink(result.page + 1) : null,
        csvUrl: `/api/v1/audit?${csv.toString()}`,
        filtered: filters.size > 0,
      });
    },
  },
];
