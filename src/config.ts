import { isIP } from 'node:net';
import { z } from 'zod';
import { mailConfigFrom, type MailConfig } from './mail/mail.config.js';

/** Thrown at boot when an environment variable is missing or malformed. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const optionalText = z.string().trim().min(1).optional();
const url = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s) URL')
  .optional();

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  CHORUS_DB: optionalText,
  CHORUS_API_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  CHORUS_SECRET: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  CHORUS_BASE_URL: url,
  CHORUS_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 10mb, 512kb or 1048576b')
    .default('10mb'),
  CHORUS_TRUSTED_PROXY_HEADER: optionalText,
  CHORUS_TRUSTED_PROXIES: z
    .string()
    .default('127.0.0.1/8,::1')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine(
      (list) => list.length > 0 && list.every(isAddressOrCidr),
      'must be comma-separated IP addresses or CIDR ranges',
    ),
  CHORUS_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  CHORUS_LOCAL_LOGIN: z.enum(['true', 'false'], { message: 'must be true or false' }).default('true'),
  CHORUS_OIDC_ISSUER: url,
  CHORUS_OIDC_CLIENT_ID: optionalText,
  CHORUS_OIDC_CLIENT_SECRET: optionalText,
  CHORUS_OIDC_ROLES_CLAIM: optionalText,
  CHORUS_OIDC_ADMIN_GROUPS: optionalText,
  CHORUS_OIDC_ANALYST_GROUPS: optionalText,
  CHORUS_OIDC_ALLOW_VIEWERS: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
  CHORUS_OIDC_SCOPES: optionalText,
  SLACK_BOT_TOKEN: z.string().trim().startsWith('xoxb-', 'must start with xoxb-').optional(),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: z.string().trim().startsWith('xapp-', 'must start with xapp-').optional(),
  SLACK_API_URL: url,
  GITHUB_WEBHOOK_SECRET: optionalText,
  GITLAB_WEBHOOK_SECRET: optionalText,
  PAGERDUTY_WEBHOOK_SECRET: optionalText,
  CHORUS_SMTP_URL: optionalText,
  CHORUS_MAIL_FROM: optionalText,
  CHORUS_MAIL_UPDATES_TO: optionalText,
  CHORUS_METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** An IPv4/IPv6 address, or one with a /prefix in range for its family. */
function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

export type SlackMode = 'off' | 'http' | 'socket';

/** Single sign-on with OpenID Connect (all of issuer, client id and secret, or none). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Claim holding the groups, e.g. `groups`, or a dotted path such as `realm_access.roles`. */
  rolesClaim: string;
  adminGroups: string[];
  analystGroups: string[];
  /** False: people in neither group are refused instead of becoming viewers. */
  allowViewers: boolean;
  /** Space-separated scopes requested; always includes `openid`. */
  scopes: string;
}

export interface Config {
  port: number;
  host: string;
  /** Absolute or relative path of the SQLite file, or ':memory:'. */
  dbPath: string;
  /** True when CHORUS_DB was unset: the demo workspace is created and labelled "demo". */
  demo: boolean;
  apiToken?: string;
  /** Unset: generated once and kept in the database (see secrets.ts). */
  secret?: string;
  baseUrl: string;
  bodyLimit: string;
  trustedProxyHeader?: string;
  /** Socket peer addresses (IPs or CIDR ranges) whose trustedProxyHeader is believed; default loopback. */
  trustedProxies: string[];
  secureCookies: 'auto' | 'true' | 'false';
  /** False (CHORUS_LOCAL_LOGIN=false): e-mail and password sign-in is refused; SSO only. */
  localLogin: boolean;
  oidc?: OidcConfig;
  slack: {
    mode: SlackMode;
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
  };
  githubWebhookSecret?: string;
  /** Compared with X-Gitlab-Token on POST /webhooks/gitlab; unset = GitLab webhooks off (503). */
  gitlabWebhookSecret?: string;
  /** Signs POST /webhooks/pagerduty (X-PagerDuty-Signature v1=HMAC-SHA256); unset = PagerDuty webhooks off (503). */
  pagerdutyWebhookSecret?: string;
  /** E-mail (CHORUS_SMTP_URL + CHORUS_MAIL_FROM); undefined = e-mail off. See mail/mail.config.ts. */
  mail?: MailConfig;
  /** When set, GET /metrics needs it as a bearer token. */
  metricsToken?: string;
  logLevel: string;
}

/** Reads and validates the environment; the only reader of process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in schema.shape && v !== undefined && v !== ''),
  );
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  let mode: SlackMode = 'off';
  if (e.SLACK_BOT_TOKEN && e.SLACK_APP_TOKEN) mode = 'socket';
  else if (e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET) mode = 'http';
  else if (e.SLACK_BOT_TOKEN) {
    throw new ConfigError(
      'SLACK_SIGNING_SECRET',
      'SLACK_BOT_TOKEN is set: also set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)',
    );
  } else if (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN) {
    throw new ConfigError('SLACK_BOT_TOKEN', 'is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set');
  }
  const oidc = oidcFrom(e);
  if (e.CHORUS_LOCAL_LOGIN === 'false' && !oidc && !e.CHORUS_TRUSTED_PROXY_HEADER) {
    throw new ConfigError(
      'CHORUS_LOCAL_LOGIN',
      'is false, so nobody could sign in: also set CHORUS_OIDC_ISSUER (single sign-on) or CHORUS_TRUSTED_PROXY_HEADER',
    );
  }
  const mail = mailConfigFrom(e.CHORUS_SMTP_URL, e.CHORUS_MAIL_FROM, e.CHORUS_MAIL_UPDATES_TO, (variable, message) => {
    throw new ConfigError(variable, message);
  });
  const hostForUrl = e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST;
  return {
    port: e.PORT,
    host: e.HOST,
    dbPath: e.CHORUS_DB ?? 'db/demo.sqlite',
    demo: !e.CHORUS_DB,
    apiToken: e.CHORUS_API_TOKEN,
    secret: e.CHORUS_SECRET,
    baseUrl: (e.CHORUS_BASE_URL ?? `http://${hostForUrl}:${e.PORT}`).replace(/\/+$/, ''),
    bodyLimit: e.CHORUS_BODY_LIMIT,
    trustedProxyHeader: e.CHORUS_TRUSTED_PROXY_HEADER?.toLowerCase(),
    trustedProxies: e.CHORUS_TRUSTED_PROXIES,
    secureCookies: e.CHORUS_SECURE_COOKIES,
    localLogin: e.CHORUS_LOCAL_LOGIN === 'true',
    oidc,
    slack: {
      mode,
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    githubWebhookSecret: e.GITHUB_WEBHOOK_SECRET,
    gitlabWebhookSecret: e.GITLAB_WEBHOOK_SECRET,
    pagerdutyWebhookSecret: e.PAGERDUTY_WEBHOOK_SECRET,
    mail,
    metricsToken: e.CHORUS_METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
  };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;
const groupList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);

/** The OpenID Connect settings: all of issuer, client id and secret, or none of them. */
function oidcFrom(e: z.infer<typeof schema>): OidcConfig | undefined {
  const required = {
    CHORUS_OIDC_ISSUER: e.CHORUS_OIDC_ISSUER,
    CHORUS_OIDC_CLIENT_ID: e.CHORUS_OIDC_CLIENT_ID,
    CHORUS_OIDC_CLIENT_SECRET: e.CHORUS_OIDC_CLIENT_SECRET,
  };
  const set = Object.entries(required).filter(([, v]) => v);
  const optional = [
    'CHORUS_OIDC_ROLES_CLAIM',
    'CHORUS_OIDC_ADMIN_GROUPS',
    'CHORUS_OIDC_ANALYST_GROUPS',
    'CHORUS_OIDC_ALLOW_VIEWERS',
    'CHORUS_OIDC_SCOPES',
  ] as const;
  if (set.length === 0) {
    const stray = optional.find((name) => e[name] !== undefined);
    if (stray) throw new ConfigError('CHORUS_OIDC_ISSUER', `is required when ${stray} is set`);
    return undefined;
  }
  const missing = Object.entries(required).find(([, v]) => !v);
  if (missing) {
    throw new ConfigError(
      missing[0],
      `is required for single sign-on (${set.map(([k]) => k).join(', ')} ${set.length === 1 ? 'is' : 'are'} set)`,
    );
  }
  const issuer = new URL(e.CHORUS_OIDC_ISSUER!);
  // Plain http only to a provider on this machine (development, tests); anything else must be TLS.
  if (issuer.protocol !== 'https:' && !LOOPBACK.test(issuer.hostname)) {
    throw new ConfigError('CHORUS_OIDC_ISSUER', 'must be an https:// URL (http:// only for 127.0.0.1 or localhost)');
  }
  const scopes = (e.CHORUS_OIDC_SCOPES ?? 'openid email profile').split(/[\s,]+/).filter(Boolean);
  if (!scopes.includes('openid')) throw new ConfigError('CHORUS_OIDC_SCOPES', 'must include openid');
  return {
    issuer: e.CHORUS_OIDC_ISSUER!,
    clientId: e.CHORUS_OIDC_CLIENT_ID!,
    clientSecret: e.CHORUS_OIDC_CLIENT_SECRET!,
    rolesClaim: e.CHORUS_OIDC_ROLES_CLAIM ?? 'groups',
    adminGroups: groupList(e.CHORUS_OIDC_ADMIN_GROUPS),
    analystGroups: groupList(e.CHORUS_OIDC_ANALYST_GROUPS),
    allowViewers: e.CHORUS_OIDC_ALLOW_VIEWERS !== 'false',
    scopes: scopes.join(' '),
  };
}
