// Environment configuration (DESIGN §5, a public contract). Every variable is validated up front;
// a bad value yields one message that names every bad variable (exit code 2, no stack trace).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const optionalText = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s ? s : undefined));

/** An exact host name or IP literal (IPv6 in brackets): no scheme, port, path or wildcard. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])$/;
/** Teams' public-cloud Bot Connector (research/reliability.md: pin the exact host, not *.trafficmanager.net). */
export const TEAMS_SERVICE_HOST = 'smba.trafficmanager.net';
/** The Emulator and the test harness's fake connector. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('de-DE', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}


/** A whole number in [min, max] given as digits only (no signs, exponents or spaces), with a default. */
function wholeNumber(min: number, max: number, fallback: number, unit = '') {
  const message = `must be a whole number${unit} between ${min} and ${max}`;
  return z
    .string()
    .regex(new RegExp(`^\\d{1,${String(max).length}}$`), message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message)
    .default(fallback);
}

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test'], { message: 'must be development, production or test' }).default('development'),
    PORT: z
      .string()
      .regex(/^\d{1,5}$/, 'must be a whole number between 0 and 65535')
      .transform(Number)
      .refine((n) => n <= 65535, 'must be a whole number between 0 and 65535')
      .default(3978),
    DATA_DIR: z.string().min(1, 'must not be empty').default('./var'),
    MicrosoftAppId: optionalText,
    MicrosoftAppPassword: optionalText,
    MicrosoftAppType: z
      .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], { message: 'must be MultiTenant, SingleTenant or UserAssignedMSI' })
      .optional(),
    MicrosoftAppTenantId: optionalText.refine((v) => v === undefined || GUID.test(v), 'must be a tenant id (GUID)'),
    ALLOWED_TENANTS: optionalText
      .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
      .refine((list) => list.every((t) => GUID.test(t)), 'must be a comma-separated list of tenant ids (GUIDs)'),
    LANGUAGE_ENDPOINT: optionalText.refine(
      (v) => v === undefined || /^https?:\/\/[^\s/]+/.test(v),
      'must be an http(s) URL such as https://<name>.cognitiveservices.azure.com',
    ),
    LANGUAGE_KEY: optionalText,
    ROSTER_FILE: optionalText,
    INTERPRETER_RATES_FILE: optionalText,
    SERVICE_URL_HOSTS: optionalText
      .transform((v) => (v ? v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) : undefined))
      .refine((list) => list === undefined || list.every((h) => HOST.test(h)), 'must be a comma-separated list of exact host names such as smba.trafficmanager.net (no scheme, port or wildcard)'),
    BOT_OPENID_METADATA_URL: optionalText.refine(
      (v) => v === undefined || /^https:\/\/[^\s/]+\/\S*$/.test(v) || /^http:\/\/(?:127\.0\.0\.1|localhost)(?::\d{1,5})?\/\S*$/.test(v),
      'must be an https URL of an OpenID metadata document (http only on 127.0.0.1)',
    ),
    RATE_LIMIT_PER_MINUTE: wholeNumber(1, 10000, 60),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { message: 'must be debug, info, warn or error' }).default('info'),
    TZ: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').default('Europe/Berlin'),
    TAB_APP_ID_URI: optionalText.refine((v) => v === undefined || /^api:\/\/[^\s/]+(?:\/[^\s/]+)*$/.test(v), 'must be the Application ID URI, such as api://bot.example.org/<app id>'),
    TAB_JWKS_URL: optionalText.refine((v) => v === undefined || isHttpUrl(v), 'must be an http(s) URL of a JSON Web Key Set'),
    TAB_TOKEN_ISSUERS: optionalText
      .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined))
      .refine((list) => list === undefined || list.every((u) => isHttpUrl(u.replace('{tenantid}', 'x')) && u.includes('{tenantid}')), 'must be a comma-separated list of issuer URLs containing {tenantid}'),
    STORE_KEY_FILE: optionalText,
    STORE_ENCRYPTION: z.enum(['on', 'off'], { message: 'must be on or off' }).optional(),
    STORE: z.enum(['lowdb', 'postgres'], { message: 'must be lowdb or postgres' }).default('lowdb'),
    DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(?:ql)?:\/\/\S+$/.test(v), 'must be a postgres:// connection URL'),
    DATABASE_POOL_MAX: wholeNumber(1, 100, 10),
    OUTBOX_LEASE_SECONDS: wholeNumber(4, 3600, 90, ' of seconds'),
  })
  .superRefine((env, ctx) => {
    if ((env.LANGUAGE_ENDPOINT === undefined) !== (env.LANGUAGE_KEY === undefined)) {
      const missing = env.LANGUAGE_ENDPOINT === undefined ? 'LANGUAGE_ENDPOINT' : 'LANGUAGE_KEY';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'must be set together with the other LANGUAGE_* variable' });
    }
    if (env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required when MicrosoftAppType is SingleTenant' });
    }
    if (env.STORE_ENCRYPTION === 'on' && !env.STORE_KEY_FILE) {
      ctx.addIssue({ code: 'custom', path: ['STORE_KEY_FILE'], message: 'is required when STORE_ENCRYPTION=on' });
    }
    if (env.STORE_ENCRYPTION === 'off' && env.STORE_KEY_FILE) {
      ctx.addIssue({ code: 'custom', path: ['STORE_ENCRYPTION'], message: 'is off, but STORE_KEY_FILE is set: remove one of them' });
    }
    if (env.STORE === 'postgres' && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required when STORE=postgres' });
    }
    if (env.STORE === 'lowdb' && env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['STORE'], message: 'is lowdb, but DATABASE_URL is set: set STORE=postgres or remove DATABASE_URL' });
    }
    if (env.NODE_ENV !== 'production') return;
    // Token keys and issuers only over TLS in production (http is for the tests' local key server).
    if (env.TAB_JWKS_URL && !env.TAB_JWKS_URL.startsWith('https://')) ctx.addIssue({ code: 'custom', path: ['TAB_JWKS_URL'], message: 'must be https in production' });
    if (env.TAB_TOKEN_ISSUERS?.some((u) => !u.startsWith('https://'))) ctx.addIssue({ code: 'custom', path: ['TAB_TOKEN_ISSUERS'], message: 'must be https in production' });
    // Special-category data is never written in plain text in production unless an operator says so.
    if (env.STORE === 'lowdb' && !env.STORE_KEY_FILE && env.STORE_ENCRYPTION !== 'off') {
      ctx.addIssue({ code: 'custom', path: ['STORE_KEY_FILE'], message: 'is required in production (or set STORE_ENCRYPTION=off explicitly)' });
    }
    // Finding 1 of research/reliability.md: an empty app id silently disables authentication.
    if (!env.MicrosoftAppId) ctx.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: 'is required in production' });
    if (!env.MicrosoftAppPassword && env.MicrosoftAppType !== 'UserAssignedMSI') {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required in production' });
    }
    if (env.ALLOWED_TENANTS.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['ALLOWED_TENANTS'], message: 'is required in production (the tenant guard must be on)' });
    }
  });

export type Env = z.output<typeof schema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  dataDir: string;
  auth: { appId?: string; appPassword?: string; appType?: Env['MicrosoftAppType']; tenantId?: string; openIdMetadataUrl?: string };
  /** Messages and invokes per user and minute before the bot answers 429. */
  rateLimitPerMinute: number;
  allowedTenants: string[];
  language?: { endpoint: string; key: string };
  rosterFile?: string;
  /** Overrides data/interpreter-rates.json (a rate table kept outside the deployment). */
  interpreterRatesFile?: string;
  /** Hosts a stored conversation's serviceUrl may point to; anything else is never sent to (token exfiltration). */
  serviceUrlHosts: string[];
  logLevel: Env['LOG_LEVEL'];
  timeZone: string;
  /** Teams tab SSO (figures dashboard): audience, key set and issuer templates of the tokens. */
  tab: TabAuthConfig;
  /** The key file every DATA_DIR file is sealed with; undefined = plain files (development, or STORE_ENCRYPTION=off). */
  storeKeyFile?: string;
  /** Where records live: the JSON files in DATA_DIR (one process) or PostgreSQL (several instances). */
  store: { engine: 'lowdb' } | { engine: 'postgres'; url: string; poolMax: number; outboxLeaseMs: number };
}

export interface TabAuthConfig {
  /** Application ID URI (api://…); without it only the development sign-in opens the tab. */
  appIdUri?: string;
  jwksUrl: string;
  /** Issuer URLs with "{tenantid}" for the token's tenant. */
  issuers: string[];
}

export const ENTRA_JWKS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';
/** v2.0 and v1.0 access tokens. */
export const ENTRA_ISSUERS = ['https://login.microsoftonline.com/{tenantid}/v2.0', 'https://sts.windows.net/{tenantid}/'];

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const KNOWN = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

/** Validate the environment. Values are never echoed (some are secrets); names and rules are. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const raw: Record<string, string> = {};
  for (const name of KNOWN) {
    const value = source[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'config')}: ${issue.message}`);
    throw new ConfigError([...new Set(problems)]);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.DATA_DIR);
  const storeKeyFile = e.STORE_KEY_FILE ? path.resolve(cwd, e.STORE_KEY_FILE) : undefined;
  if (storeKeyFile && !path.relative(dataDir, storeKeyFile).startsWith('..')) {
    // A key beside the data it protects goes into every backup of DATA_DIR with it.
    throw new ConfigError(['STORE_KEY_FILE: must be outside DATA_DIR']);
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    dataDir,
    auth: { appId: e.MicrosoftAppId, appPassword: e.MicrosoftAppPassword, appType: e.MicrosoftAppType, tenantId: e.MicrosoftAppTenantId, openIdMetadataUrl: e.BOT_OPENID_METADATA_URL },
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    allowedTenants: e.ALLOWED_TENANTS,
    language: e.LANGUAGE_ENDPOINT && e.LANGUAGE_KEY ? { endpoint: e.LANGUAGE_ENDPOINT, key: e.LANGUAGE_KEY } : undefined,
    rosterFile: e.ROSTER_FILE ? path.resolve(cwd, e.ROSTER_FILE) : undefined,
    ...(e.INTERPRETER_RATES_FILE ? { interpreterRatesFile: path.resolve(cwd, e.INTERPRETER_RATES_FILE) } : {}),
    serviceUrlHosts: e.SERVICE_URL_HOSTS ?? (e.NODE_ENV === 'production' ? [TEAMS_SERVICE_HOST] : [TEAMS_SERVICE_HOST, ...LOOPBACK_HOSTS]),
    logLevel: e.LOG_LEVEL,
    timeZone: e.TZ,
    tab: { appIdUri: e.TAB_APP_ID_URI, jwksUrl: e.TAB_JWKS_URL ?? ENTRA_JWKS_URL, issuers: e.TAB_TOKEN_ISSUERS ?? ENTRA_ISSUERS },
    storeKeyFile,
    store: e.STORE === 'postgres' ? { engine: 'postgres', url: e.DATABASE_URL!, poolMax: e.DATABASE_POOL_MAX, outboxLeaseMs: e.OUTBOX_LEASE_SECONDS * 1000 } : { engine: 'lowdb' },
  };
}

/**
 * For the entry points (server, console chat, import/export): reads `.env` if present, validates,
 * and on a bad configuration prints the one message and exits with code 2 — no stack trace.
 */
export function loadConfigOrExit(): Config {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(err.message + '\n');
    process.exit(2);
  }
}
