import { isIP } from 'node:net';
import { z } from 'zod';

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
  SLACK_BOT_TOKEN: z.string().trim().startsWith('xoxb-', 'must start with xoxb-').optional(),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: z.string().trim().startsWith('xapp-', 'must start with xapp-').optional(),
  SLACK_API_URL: url,
  GITHUB_WEBHOOK_SECRET: optionalText,
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
  slack: {
    mode: SlackMode;
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
  };
  githubWebhookSecret?: string;
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
    slack: {
      mode,
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    githubWebhookSecret: e.GITHUB_WEBHOOK_SECRET,
    metricsToken: e.CHORUS_METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
  };
}
