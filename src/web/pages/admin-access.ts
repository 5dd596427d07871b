import type { Response } from 'express';
import { createApiToken, createUser, listTokens, listUsers, revokeToken } from '../../auth/auth.service.js';
import type { Deps } from '../../deps.js';
import { AppError, fieldErrors } from '../../errors.js';
import { noteAudit } from '../audit-hook.js';
import { formBody } from '../request.js';
import type { RouteDef } from '../route.js';
import { renderPage } from '../views.js';

function showAccess(res: Response, deps: Deps, extra: Record<string, unknown> = {}, status = 200) {
  renderPage(
    res,
    'admin/access',
    {
      title: 'Tokens and accounts',
      tokens: listTokens(deps),
      users: listUsers(deps),
      bootstrapToken: Boolean(deps.config.apiToken),
      ...extra,
    },
    { status },
  );
}

const formErrors = (err: unknown): Record<string, string> => {
  if (err instanceof AppError && err.status === 422) return fieldErrors(err.details);
  throw err;
};

/** API tokens (created once, stored hashed, revocable) and local web accounts. */
export const adminAccessPages: RouteDef[] = [
  {
    method: 'get',
    path: '/admin/access',
    policy: 'page:admin',
    summary: 'Tokens and accounts',
    handler: (_req, res, deps) => showAccess(res, deps),
  },
  {
    method: 'post',
    path: '/admin/tokens',
    policy: 'page:admin',
    summary: 'Create an API token',
    handler: (req, res, deps) => {
      try {
        const form = formBody(req);
        const created = createApiToken(deps, { name: form.name || 'token', role: form.role });
        noteAudit(res, { target: `token:${created.id}` });
        // The plain token is shown once, on this response only; it is never stored.
        res.set('Cache-Control', 'no-store');
        showAccess(res, deps, { newToken: created });
      } catch (err) {
        showAccess(res, deps, { tokenErrors: formErrors(err), tokenForm: formBody(req) }, 422);
      }
    },
  },
  {
    method: 'post',
    path: '/admin/tokens/:id/revoke',
    policy: 'page:admin',
    summary: 'Revoke an API token',
    handler: (req, res, deps) => {
      const id = Number(req.params.id);
      if (!Number.isInteger(id) || !revokeToken(deps, id))
        return showAccess(res, deps, { notice: 'That token was already revoked or does not exist.' }, 404);
      showAccess(res, deps, { notice: `Token #${id} revoked.` });
    },
  },
  {
    method: 'post',
    path: '/admin/users',
    policy: 'page:admin',
    summary: 'Create or update a web account',
    handler: (req, res, deps) => {
      const form = formBody(req);
      try {
        const user = createUser(deps, { email: form.email, password: form.password, role: form.role });
        showAccess(res, deps, {
          notice: `${user.created ? 'Created' : 'Updated'} ${user.role} account ${user.email}.`,
        });
      } catch (err) {
        showAccess(res, deps, { userErrors: formErrors(err), userForm: { email: form.email, role: form.role } }, 422);
      }
    },
  },
];
