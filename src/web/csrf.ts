import type { NextFunction, Request, Response } from 'express';
import { randomToken, safeEqual } from '../auth/crypto.js';
import type { Deps } from '../deps.js';
import { forbidden } from '../errors.js';
import { secureCookies } from './auth.js';
import { formBody, signedCookie } from './request.js';

const CSRF_COOKIE = 'chorus_csrf';

/**
 * Makes res.locals.csrfToken available to every page: the session's token when logged in, else a
 * double-submit token kept in a signed HttpOnly cookie (login and survey forms have no session).
 */
export function provideCsrfToken(deps: Deps) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (res.locals.csrfToken) return next();
    let token = signedCookie(req, CSRF_COOKIE);
    if (!token || token.length < 16) {
      token = randomToken(24);
      res.cookie(CSRF_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies(req, deps),
        signed: true,
        path: '/',
      });
    }
    res.locals.csrfToken = token;
    next();
  };
}

/** Rejects a form post whose `_csrf` field (or x-csrf-token header) does not match. */
export function checkCsrf(req: Request, res: Response, next: NextFunction) {
  const sent = formBody(req)._csrf ?? req.get('x-csrf-token');
  const expected = res.locals.csrfToken as string | undefined;
  // A fresh token minted on this very request means the browser sent no cookie: reject.
  if (typeof sent !== 'string' || !expected || !safeEqual(sent, expected)) {
    return next(
      forbidden('The form expired or was sent from another site. Reload the page and try again.', 'csrf_failed'),
    );
  }
  next();
}
