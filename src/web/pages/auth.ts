import type { Request, Response } from 'express';
import { checkLogin, endSession, startSession } from '../../auth/auth.service.js';
import { loginInput } from '../../auth/auth.schema.js';
import type { Deps } from '../../deps.js';
import { fieldErrors, zodDetails } from '../../errors.js';
import { SESSION_COOKIE, setSessionCookie } from '../auth.js';
import type { RouteDef } from '../route.js';
import { formBody, signedCookie } from '../request.js';
import { renderPage } from '../views.js';
import { providerLogoutUrl } from '../../auth/oidc.service.js';
import { showProviderLogout, ssoLoginHref } from './oidc.js';

/** Only same-site relative paths are followed after login (no open redirects). */
const safeNext = (value: unknown): string =>
  typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : '/';

function showLogin(req: Request, res: Response, deps: Deps, extra: Record<string, unknown> = {}, status = 200) {
  const next = safeNext(req.query.next ?? formBody(req).next);
  renderPage(
    res,
    'auth/login',
    {
      title: 'Log in',
      next,
      demoLogin: deps.config.demo ? { email: 'admin@demo.chorus', password: 'demo-admin' } : null,
      localLogin: deps.config.localLogin,
      sso: deps.config.oidc
        ? {
            href: ssoLoginHref(next),
            provider: new URL(deps.config.oidc.issuer).host,
          }
        : null,
      ...extra,
    },
    { status },
  );
}

export const authPages: RouteDef[] = [
  {
    method: 'get',
    path: '/login',
    policy: 'public',
    summary: 'Login form',
    handler: (req, res, deps) => showLogin(req, res, deps),
  },
  {
    method: 'post',
    path: '/login',
    policy: 'public',
    rateLimit: 'login',
    summary: 'Log in with e-mail and password',
    handler: (req, res, deps) => {
      if (!deps.config.localLogin) {
        return showLogin(
          req,
          res,
          deps,
          { formError: 'Password sign-in is turned off here. Use single sign-on.' },
          403,
        );
      }
      const parsed = loginInput.safeParse(req.body ?? {});
      if (!parsed.success) {
        return showLogin(
          req,
          res,
          deps,
          { errors: fieldErrors(zodDetails(parsed.error)), email: formBody(req).email },
          422,
        );
      }
      const user = checkLogin(deps, parsed.data.email, parsed.data.password);
      if (!user) {
        return showLogin(
          req,
          res,
          deps,
          { formError: 'That e-mail and password do not match an account.', email: parsed.data.email },
          401,
        );
      }
      const { sessionId } = startSession(deps, user.id);
      setSessionCookie(req, res, deps, sessionId);
      res.redirect(303, safeNext(formBody(req).next));
    },
  },
  {
    method: 'post',
    path: '/logout',
    policy: 'public',
    summary: 'End the session',
    handler: async (req, res, deps) => {
      const sid = signedCookie(req, SESSION_COOKIE);
      // Asked before the session ends: the provider's logout needs the ID token kept with it.
      const atProvider = sid ? await providerLogoutUrl(deps, sid) : undefined;
      if (sid) endSession(deps, sid);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      if (atProvider) return showProviderLogout(res, atProvider);
      res.redirect(303, '/login');
    },
  },
];
