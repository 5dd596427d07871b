import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deps } from '../deps.js';
import { notFound, tooMany } from '../errors.js';
import { asksExact, periodModeFor, withPeriodMode } from '../privacy/period-mode.js';
import { readSetting } from '../settings/settings.repo.js';
import { enforce, identify } from './auth.js';
import { checkCsrf, provideCsrfToken } from './csrf.js';
import { errorHandler, wantsJson } from './errors.js';
import { isOperatorRoute, operatorRoutes } from './api/operators.js';
import { startAudit } from './audit-hook.js';
import { httpMetrics } from './http-metrics.js';
import { limitJsonDepth } from './json-depth.js';
import { keepRawBody } from './raw-body.js';
import { principalOf, type Principal, type RouteDef } from './route.js';
import { routeTable } from './routes.js';
import { Views } from './views.js';

const PUBLIC_DIR = resolve(fileURLToPath(new URL('../../public', import.meta.url)));
const CHART_JS_DIR = dirname(createRequire(import.meta.url).resolve('chart.js'));

export interface AppOptions {
  /** Mounted before the body parsers: Bolt's receiver reads the raw body itself. */
  beforeParsers?: RequestHandler[];
  /** Extra routes (tests, the Slack admin button); they go through the same policy checks. */
  extraRoutes?: RouteDef[];
  /** Turns the login / survey-link / bad-token lockouts off (benchmarks that post thousands of forms). */
  rateLimits?: boolean;
}

function limiters(enabled: boolean): Record<NonNullable<RouteDef['rateLimit']>, RequestHandler> {
  const make = (windowMs: number, limit: number, skipSuccessfulRequests: boolean): RequestHandler =>
    enabled
      ? rateLimit({
          windowMs,
          limit,
          skipSuccessfulRequests,
          standardHeaders: 'draft-8',
          legacyHeaders: false,
          handler: (_req, _res, next) => next(tooMany('Too many attempts; wait a few minutes and try again')),
        })
      : (_req, _res, next) => next();
  return {
    // Failed logins only: 10 per 15 minutes per address, then locked out for the rest of the window.
    login: make(15 * 60_000, 10, true),
    // Unknown survey links only (404s): guessing tokens is hopeless, but scanning is still stopped.
    survey_link: make(10 * 60_000, 30, true),
    webhook: make(60_000, 600, false),
  };
}

/**
 * Bad bearer tokens on /api: 30 per 10 minutes per address, then every /api request from that
 * address is refused for the rest of the window. Missing tokens and successes do not count.
 */
function badTokenLimiter(enabled: boolean): RequestHandler {
  if (!enabled) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 10 * 60_000,
    limit: 30,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    requestWasSuccessful: (_req, res) => !(res.statusCode === 401 && res.locals.badToken === true),
    handler: (_req, _res, next) =>
      next(tooMany('Too many requests with a bad token; wait a few minutes and try again')),
  });
}

/** Builds the Express app: security headers, parsers, auth, the route table, error handling. */
export function createApp(deps: Deps, options: AppOptions = {}) {
  const app = express();
  app.locals.views = new Views();
  app.locals.deps = deps;
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(httpMetrics(deps));

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      strictTransportSecurity: deps.config.baseUrl.startsWith('https://'),
    }),
  );
  for (const handler of options.beforeParsers ?? []) app.use(handler);

  app.use('/static/vendor', express.static(CHART_JS_DIR, { maxAge: '1d', index: false }));
  app.use('/static', express.static(PUBLIC_DIR, { maxAge: '1h', index: false }));
  // Health, readiness and metrics answer before cookies, sessions and page context: they need no
  // login and must answer (readyz: 503 naming why) even when the database cannot.
  for (const route of operatorRoutes) app.get(route.path, (req, res) => route.handler(req, res, deps));
  app.get('/favicon.ico', (_req, res) => {
    res.redirect(301, '/static/favicon.svg');
  });

  app.use(cookieParser(deps.keys.cookie));
  // verify keeps the raw bytes: webhook signatures (GitHub X-Hub-Signature-256) are over the exact body.
  app.use(
    express.json({
      limit: deps.config.bodyLimit,
      type: ['application/json', 'application/*+json'],
      verify: (req, _res, buf) => keepRawBody(req, buf),
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: deps.config.bodyLimit, parameterLimit: 2000 }));
  app.use(limitJsonDepth);
  app.use('/api', badTokenLimiter(options.rateLimits ?? true));
  app.use(identify(deps));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api/') || req.path.startsWith('/webhooks/')) return next();
    provideCsrfToken(deps)(req, res, next);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const principal = res.locals.principal as Principal | undefined;
    res.locals.page = {
      demo: deps.config.demo,
      workspace: readSetting<string>(deps.db, 'workspace_name') ?? (deps.config.demo ? 'Acme Engineering' : 'Chorus'),
      user: principal?.kind === 'session' ? { email: principal.email, role: principal.role } : null,
      isAdmin: principal?.kind === 'session' && principal.role === 'admin',
      canManage: principal?.kind === 'session' && (principal.role === 'admin' || principal.role === 'analyst'),
      weeklyWindows: periodModeFor(principal, asksExact(req.query)) === 'weekly',
      exactWindows: principal?.kind === 'session' && periodModeFor(principal, asksExact(req.query)) === 'exact',
      today: deps.now().toISOString(),
      slackMode: deps.config.slack.mode,
      path: req.path,
      query: req.query,
    };
    next();
  });

  const limit = limiters(options.rateLimits ?? true);
  for (const route of [...routeTable, ...(options.extraRoutes ?? [])]) {
    if (isOperatorRoute(route)) continue;
    const chain: RequestHandler[] = [];
    if (route.rateLimit) chain.push(limit[route.rateLimit]);
    chain.push(enforce(route.policy));
    const isForm = route.method !== 'get' && !route.policy.startsWith('api:');
    if (isForm && route.csrf !== 'none') chain.push(checkCsrf);
    chain.push(async (req, res) => {
      // Recorded only when the handler returns without throwing and answers < 400 (audit-hook.ts).
      const recordAudit = startAudit(route, req, res, deps);
      // Survey windows are whole weeks for people, admins included; exact for tokens and for an admin
      // who turns the labelled switch on (privacy/period-mode.ts).
      await withPeriodMode(periodModeFor(principalOf(res), asksExact(req.query)), () => route.handler(req, res, deps));
      recordAudit?.();
    });
    app[route.method](route.path, ...chain);
  }

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(wantsJson(req) ? notFound(`${req.method} ${req.path}`) : notFound('This page'));
  });
  app.use(errorHandler(deps));
  return app;
}
