import type { NextFunction, Request, Response } from 'express';
import { BlockList, isIP } from 'node:net';
import { findSession, roleForToken, sessionUserByEmail } from '../auth/auth.service.js';
import type { Deps } from '../deps.js';
import { forbidden, unauthorized } from '../errors.js';
import { signedCookie } from './request.js';
import type { Policy, Principal } from './route.js';
import { DAY_MS } from '../units.js';

export const SESSION_COOKIE = 'chorus_session';

const PAGE_RANK = { viewer: 1, analyst: 2, admin: 3 } as const;

/**
 * Whether a socket peer address is one of `entries` (IPs or CIDR ranges, validated by config.ts).
 * IPv4-mapped IPv6 peers (`::ffff:127.0.0.1`, a dual-stack listener) match their IPv4 entries.
 */
export function addressMatcher(entries: string[]): (address: string | undefined) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    if (!address) return false;
    const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
    if (mapped) return list.check(mapped[1], 'ipv4');
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * Reads the bearer token or session cookie into res.locals.principal (never rejects). With
 * CHORUS_TRUSTED_PROXY_HEADER set, a request without a session whose socket peer is one of
 * CHORUS_TRUSTED_PROXIES is the user that header names, checked again on every request: no session
 * is started and no cookie set, so a disabled account or a proxy that stops vouching takes effect
 * at once. The header from any other peer is ignored (a client could have set it).
 */
export function identify(deps: Deps) {
  const fromTrustedProxy = addressMatcher(deps.config.trustedProxies);
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const role = match ? roleForToken(deps, match[1]) : undefined;
      res.locals.badToken = !role;
      if (role) res.locals.principal = { kind: 'token', role } satisfies Principal;
      return next();
    }
    const sid = signedCookie(req, SESSION_COOKIE);
    if (sid !== undefined) {
      const session = findSession(deps, sid);
      if (session) {
        res.locals.principal = {
          kind: 'session',
          role: session.role,
          userId: session.userId,
          email: session.email,
        } satisfies Principal;
        res.locals.csrfToken = session.csrfToken;
        return next();
      }
    }
    const ssoHeader = deps.config.trustedProxyHeader;
    // The socket peer, not req.ip: X-Forwarded-For is whatever the client (or a proxy) wrote.
    const ssoEmail = ssoHeader && fromTrustedProxy(req.socket.remoteAddress) ? req.get(ssoHeader) : undefined;
    if (ssoEmail) {
      const user = sessionUserByEmail(deps, ssoEmail);
      // Forms then use the signed double-submit CSRF cookie, as before login (csrf.ts).
      if (user)
        res.locals.principal = {
          kind: 'session',
          role: user.role,
          userId: user.id,
          email: user.email,
        } satisfies Principal;
    }
    next();
  };
}

/** Whether cookies get the Secure flag: behind TLS (or when forced by CHORUS_SECURE_COOKIES). */
export function secureCookies(req: Request, deps: Deps): boolean {
  if (deps.config.secureCookies !== 'auto') return deps.config.secureCookies === 'true';
  return req.secure || deps.config.baseUrl.startsWith('https://');
}

export function setSessionCookie(req: Request, res: Response, deps: Deps, sessionId: string): void {
  res.cookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(req, deps),
    signed: true,
    path: '/',
    maxAge: 14 * DAY_MS,
  });
}

/** Enforces a route's policy; API policies answer JSON errors, page policies redirect to /login. */
export function enforce(policy: Policy) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (policy === 'public') return next();
    const principal = res.locals.principal as Principal | undefined;
    if (policy.startsWith('api:')) {
      if (!principal) return next(res.locals.badToken ? unauthorized('The bearer token is not valid') : unauthorized());
      if (principal.kind === 'session') {
        // Sessions may read JSON twins of the pages they can see; writes need a token.
        if (policy === 'api:read' && req.method === 'GET') return next();
        if (policy === 'api:admin' && req.method === 'GET' && principal.role === 'admin') return next();
        return next(forbidden('This route needs an API token with the right role'));
      }
      if (principal.role === 'admin') return next();
      if (policy === 'api:ingest' && principal.role === 'ingest') return next();
      if (policy === 'api:read' && principal.role === 'viewer') return next();
      return next(forbidden(`This route needs the ${policy.slice(4)} role; the token has ${principal.role}`));
    }
    const needed = policy.slice(5) as keyof typeof PAGE_RANK;
    if (!principal || principal.kind !== 'session') {
      if (req.method === 'GET') {
        // A short page body too, so a client that does not follow redirects still learns where it is.
        const target = `/login?next=${encodeURIComponent(req.originalUrl)}`;
        const demo = (res.locals.page as { demo?: boolean } | undefined)?.demo;
        res
          .status(303)
          .location(target)
          .type('html')
          .send(
            `<!doctype html><title>Log in · Chorus${demo ? ' (demo)' : ''}</title><p>Please <a href="${target}">log in</a>${demo ? ' to the Chorus demo workspace' : ''}.</p>`,
          );
        return;
      }
      return next(unauthorized('Please log in'));
    }
    const rank = PAGE_RANK[principal.role as keyof typeof PAGE_RANK] ?? 0;
    if (rank < PAGE_RANK[needed]) return next(forbidden(`This page needs the ${needed} role`));
    next();
  };
}
