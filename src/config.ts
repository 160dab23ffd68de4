// Every setting, read from the environment and validated once at boot.
import path from 'node:path';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Label on the staff sign-in button. */
  label: string;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** When set, no embedded PostgreSQL is started. */
  databaseUrl: string | undefined;
  /** Port for the embedded PostgreSQL (ignored with DATABASE_URL). */
  pgPort: number;
  baseUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  oidc: OidcConfig | undefined;
  /** Secure cookies: on when BASE_URL is https. */
  secureCookies: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Whether to load the demo content on start. */
  seedDemo: boolean;
  /** Start background jobs (pg-boss). */
  jobs: boolean;
  tileUrl: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid setting ${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `expected a number from ${min} to ${max}, got ${n}`);
  return n;
}

function urlVar(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(name, `not a valid URL`);
  }
  if (!protocols.includes(u.protocol)) {
    throw new ConfigError(name, `expected a URL starting with ${protocols.map((p) => p + '//').join(' or ')}`);
  }
  return raw;
}

function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

export function loadConfig(env: Env = process.env): Config {
  const port = intVar(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1';
  const dataDir = path.resolve(env.DATA_DIR && env.DATA_DIR !== '' ? env.DATA_DIR : './data');
  const databaseUrl = urlVar(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const pgPort = intVar(env, 'PG_PORT', 54329, 1024, 65535);
  const baseUrl = (urlVar(env, 'BASE_URL', ['http:', 'https:']) ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`).replace(/\/$/, '');
  const smtpUrl = urlVar(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  const mailFrom = env.MAIL_FROM && env.MAIL_FROM !== '' ? env.MAIL_FROM : 'H22 <no-reply@h22.localhost>';
  if (!/^[^<>]*<?[^\s@<>]+@[^\s@<>]+>?$/.test(mailFrom)) throw new ConfigError('MAIL_FROM', 'expected an e-mail address');

  const issuer = urlVar(env, 'OIDC_ISSUER', ['http:', 'https:']);
  let oidc: OidcConfig | undefined;
  if (issuer) {
    const clientId = env.OIDC_CLIENT_ID;
    const clientSecret = env.OIDC_CLIENT_SECRET;
    if (!clientId) throw new ConfigError('OIDC_CLIENT_ID', 'required when OIDC_ISSUER is set');
    if (!clientSecret) throw new ConfigError('OIDC_CLIENT_SECRET', 'required when OIDC_ISSUER is set');
    oidc = { issuer, clientId, clientSecret, label: env.OIDC_LABEL || 'Stadens inloggning (SSO)' };
  }
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;
  const logLevel = (env.LOG_LEVEL && env.LOG_LEVEL !== '' ? env.LOG_LEVEL : 'warn') as Config['logLevel'];
  if (!levels.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `expected one of ${levels.join(', ')}`);

  return {
    port,
    host,
    dataDir,
    databaseUrl,
    pgPort,
    baseUrl,
    smtpUrl,
    mailFrom,
    oidc,
    secureCookies: baseUrl.startsWith('https:'),
    logLevel,
    seedDemo: boolVar(env, 'SEED_DEMO', true),
    jobs: boolVar(env, 'JOBS', true),
    tileUrl: env.TILE_URL && env.TILE_URL !== '' ? env.TILE_URL : 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  };
}
