import type { Request, Response } from 'express';
import { beginLogin, completeLogin, PENDING_LOGIN_MS, type PendingLogin } from '../../auth/oidc.service.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { endSession } from '../../auth/auth.service.js';
import { SESSION_COOKIE, secureCookies, setSessionCookie } from '../auth.js';
import { signedCookie } from '../request.js';
import type { RouteDef } from '../route.js';
import { renderPage } from '../views.js';

/** Carries state, nonce and the PKCE verifier from /auth/oidc/login to the callback (signed, HttpOnly). */
const PENDING_COOKIE = 'chorus_oidc';
const PENDING_PATH = '/auth/oidc';

/** Only same-site relative paths are followed after sign-in (no open redirects). */
export const safeNext = (value: unknown): string =>
  typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : '/';

function readPending(req: Request): PendingLogin | undefined {
  const raw = signedCookie(req, PENDING_COOKIE);
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as PendingLogin;
    const strings = [value.state, value.nonce, value.verifier, value.next];
    return strings.every((s) => typeof s === 'string') && typeof value.startedAt === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A refused or failed sign-in as a page that says why and offers to start again. */
function showFailure(res: Response, deps: Deps, err: unknown): void {
  if (!(err instanceof AppError)) throw err;
  renderPage(
    res,
    'auth/sso-error',
    {
      title: err.status === 403 ? 'Access refused' : 'Sign-in failed',
      refused: err.status === 403,
      message: err.message,
      code: err.code,
    },
    { status: err.status },
  );
}

/** The "Sign in with SSO" link for a login page, keeping where the person was going. */
export const ssoLoginHref = (next: string): string => `${PENDING_PATH}/login?next=${encodeURIComponent(next)}`;

/**
 * Ends the provider's session too when the Chorus session began there: a page that moves on to
 * the provider's end_session_endpoint. Not a redirect, because the logout is a form post and the
 * pages' CSP (form-action 'self') forbids a form's redirect chain from leaving the site.
 */
export function showProviderLogout(res: Response, url: string): void {
  const page = res.locals.page as Record<string, unknown>;
  res.locals.page = { ...page, user: null, isAdmin: false, canManage: false };
  res.set('cache-control', 'no-store');
  renderPage(res, 'auth/signed-out', { title: 'Signing out', providerLogoutUrl: url, headRefresh: url });
}

export const oidcPages: RouteDef[] = [
  {
    method: 'get',
    path: '/auth/oidc/login',
    policy: 'public',
    summary: 'Single sign-on: send the browser to the OpenID provider (state, nonce, PKCE)',
    handler: async (req, res, deps) => {
      try {
        const { url, pending } = await beginLogin(deps, safeNext(req.query.next));
        res.cookie(PENDING_COOKIE, JSON.stringify(pending), {
          httpOnly: true,
          // Lax: the cookie must come back on the provider's top-level redirect to the callback.
          sameSite: 'lax',
          secure: secureCookies(req, deps),
          signed: true,
          path: PENDING_PATH,
          maxAge: PENDING_LOGIN_MS,
        });
        res.set('cache-control', 'no-store');
        res.redirect(303, url);
      } catch (err) {
        showFailure(res, deps, err);
      }
    },
  },
  {
    method: 'get',
    path: '/auth/oidc/callback',
    policy: 'public',
    summary: 'Single sign-on: the OpenID provider returns here; code exchange and ID token checks',
    handler: async (req, res, deps) => {
      const pending = readPending(req);
      // One use: a replayed callback finds no pending sign-in.
      res.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
      res.set('cache-control', 'no-store');
      try {
        const search = new URL(req.originalUrl, 'http://callback.invalid').search;
        const signIn = await completeLogin(deps, pending, search, req.ip ?? null);
        const previous = signedCookie(req, SESSION_COOKIE);
        if (previous) endSession(deps, previous);
        setSessionCookie(req, res, deps, signIn.sessionId);
        res.redirect(303, safeNext(signIn.next));
      } catch (err) {
        showFailure(res, deps, err);
      }
    },
  },
];
