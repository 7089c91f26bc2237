// Server configuration: defaults, environment variables and an optional JSON config file.
import { readFileSync } from 'node:fs';
import { androidOriginFromFingerprint, type AttestationPolicy } from '@credkit/webauthn';
import { DEFAULT_BUDGET_CAPACITY } from './http/budget-store.js';
import { checkAttestationPolicy, parseAttestationPolicy } from './metadata/policy.js';

export interface AndroidApp {
  packageName: string;
  /** SHA-256 signing-certificate fingerprints, uppercase hex with colons. */
  fingerprints: string[];
}

export interface RateLimitConfig {
  /** Requests per window per client (IP) on sign-in and verify routes. */
  perClient: number;
  /** Requests per window per account (username or credential id) on those routes. */
  perAccount: number;
  /** Window length in milliseconds. */
  windowMs: number;
  /** In-memory store only: budgets one limiter keeps (spent ones are never evicted before their window ends). */
  capacity: number;
}

export interface ServerConfig {
  port: number;
  host: string;
  rpId: string;
  rpName: string;
  /** Allowed web origins (https://example.com). */
  origins: string[];
  androidApps: AndroidApp[];
  /**
   * Related origins (WebAuthn L3 §5.11 Related Origin Requests): other sites that may use this RP ID. Served at
   * /.well-known/webauthn as {"origins": [...]} and accepted in clientDataJSON.origin; not in the Origin check of
   * this server's own state-changing requests.
   */
  relatedOrigins?: string[];
  /** `sqlite:PATH` or `postgres://...`. */
  databaseUrl: string;
  /** PostgreSQL schema to use (created if missing); default `public`. */
  databaseSchema?: string;
  /** PostgreSQL connections this process may open (workers: their share of DATABASE_POOL_SIZE); default 10. */
  databasePoolSize?: number;
  challengeTtlMs: number;
  sessionTtlMs: number;
  /** Restore keys unused for this long expire. */
  restoreKeyTtlMs: number;
  rateLimit: RateLimitConfig;
  /** `redis://...`: keep rate-limit budgets in Redis, shared by every instance (default: each instance's memory). */
  redisUrl?: string;
  /** scrypt cost parameter N (a power of two). */
  scryptCost: number;
  /** Request body limit in bytes. */
  bodyLimit: number;
  /**
   * `Secure` cookies. Default: on unless the RP is localhost with only http origins (the demo); on with any
   * https origin, and with NODE_ENV=production.
   */
  secureCookies?: boolean;
  passkeyEndpoints: { enroll: string; manage: string };
  /** Structured request logs (pino) on stdout. */
  logger: boolean;
  /** Serve `web/` at `/` and `dist/browser/` at `/lib/`. */
  serveStatic: boolean;
  /** Directory holding `web/` and `dist/browser/` (default: the package root). */
  staticRoot?: string;
  /** Graceful shutdown: how long in-flight requests may take to finish before connections are force-closed. */
  shutdownTimeoutMs: number;
  /** Prometheus metrics at `/metrics`. */
  metrics: boolean;
  /**
   * FIDO MDS3 BLOB (MDS_BLOB): a file path or an http(s) URL, read at start and again from its nextUpdate day
   * on; a URL's BLOB is cached in `mdsCache`. Needs `mdsRootCert`.
   */
  mdsBlob?: string;
  /** PEM file with the root certificate(s) the BLOB's signing chain must end at (MDS_ROOT_CERT). */
  mdsRootCert?: string;
  /** Where a BLOB fetched from a URL is kept, and read from when the URL is down at start (MDS_CACHE). */
  mdsCache?: string;
  /**
   * The attestation policy passkey registrations must meet (ATTESTATION_POLICY, parseAttestationPolicy's syntax,
   * or the object in a config file). Needs `mdsBlob`. Default with a BLOB: attestation optional, any
   * authenticator; with `requireAttestation`, registration options ask for attestation "direct".
   */
  attestationPolicy?: AttestationPolicy;
  /**
   * The FIDO Alliance conformance API at the root (`POST /attestation/options`, `/attestation/result`,
   * `/assertion/options`, `/assertion/result`): for certification and `credkit audit` runs on a test deployment
   * only. It has no sessions: anyone may register a passkey for any username. Refused with NODE_ENV=production.
   */
  fidoConformanceApi: boolean;
}

/** One environment variable `loadConfig` reads: drives `credkit serve --help` and the README's table (tested). */
export interface EnvironmentVariable {
  name: string;
  default: string;
  meaning: string;
}

/** Every environment variable the server reads, in the order `serve --help` prints them. */
export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariable[] = [
  { name: 'PORT', default: '8080', meaning: 'port to listen on (0: any free port)' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'address to listen on (0.0.0.0 in a container)' },
  { name: 'RP_ID', default: 'localhost', meaning: 'the WebAuthn relying party ID (a domain)' },
  { name: 'RP_NAME', default: 'credkit', meaning: 'the relying party name authenticators show' },
  { name: 'ORIGINS', default: 'http://localhost:$PORT', meaning: 'comma-separated web origins' },
  {
    name: 'ANDROID_APPS',
    default: '',
    meaning: 'comma-separated package.name:AB:CD:... SHA-256 signing-certificate fingerprints',
  },
  { name: 'DATABASE_URL', default: 'sqlite:./data/credkit.db', meaning: 'sqlite:PATH or postgres://...' },
  { name: 'DATABASE_SCHEMA', default: 'public', meaning: 'PostgreSQL schema (created if missing)' },
  {
    name: 'DATABASE_POOL_SIZE',
    default: '10',
    meaning: 'PostgreSQL connections in total, shared out among the workers',
  },
  { name: 'CHALLENGE_TTL_SECONDS', default: '300', meaning: 'challenge lifetime' },
  { name: 'SESSION_TTL_SECONDS', default: '2592000', meaning: 'session lifetime (30 days)' },
  { name: 'RESTORE_KEY_TTL_DAYS', default: '180', meaning: 'restore keys unused this long expire' },
  {
    name: 'RATE_LIMIT_PER_CLIENT',
    default: '60',
    meaning: 'sign-in and verify requests per window per client',
  },
  {
    name: 'RATE_LIMIT_PER_ACCOUNT',
    default: '10',
    meaning: 'sign-in and verify requests per window per account',
  },
  { name: 'RATE_LIMIT_WINDOW_SECONDS', default: '60', meaning: 'rate-limit window' },
  { name: 'RATE_LIMIT_CAPACITY', default: '100000', meaning: 'budgets each in-memory limiter keeps' },
  { name: 'REDIS_URL', default: '', meaning: 'redis://...: rate-limit budgets shared by every instance' },
  {
    name: 'WORKERS',
    default: 'CPUs',
    meaning: 'worker processes sharing the port (--workers; 1: one process)',
  },
  {
    name: 'SCRYPT_COST',
    default: '131072',
    meaning: 'scrypt N for password hashes (a power of two; r=8, p=1; OWASP: at least 131072)',
  },
  { name: 'COOKIE_SECURE', default: 'auto', meaning: '1/0 forces Secure cookies on or off' },
  { name: 'NODE_ENV', default: '', meaning: 'production turns Secure cookies on' },
  { name: 'LOG', default: '1', meaning: '0 turns the structured (pino) logs off' },
  {
    name: 'SHUTDOWN_TIMEOUT_MS',
    default: '10000',
    meaning: 'on SIGTERM/SIGINT, time in-flight requests get before connections are force-closed',
  },
  { name: 'METRICS', default: '1', meaning: '0 turns the Prometheus /metrics endpoint off' },
  {
    name: 'MDS_BLOB',
    default: '',
    meaning: 'FIDO MDS3 BLOB: file path or http(s) URL, read at start and again at its nextUpdate',
  },
  {
    name: 'MDS_ROOT_CERT',
    default: '',
    meaning: 'PEM file: the root certificate(s) the MDS BLOB must chain to (needed with MDS_BLOB)',
  },
  { name: 'MDS_CACHE', default: './data/mds-blob.jwt', meaning: 'disk cache of a BLOB fetched from a URL' },
  {
    name: 'ATTESTATION_POLICY',
    default: '',
    meaning: 'attestation=required|optional; aaguids=A,B; certification=FIDO_CERTIFIED_L1 (needs MDS_BLOB)',
  },
  {
    name: 'FIDO_CONFORMANCE_API',
    default: '0',
    meaning:
      '1 also serves the FIDO conformance API (/attestation/*, /assertion/*) for certification and credkit audit; test deployments only: anyone may add a passkey to any account (refused with NODE_ENV=production)',
  },
  { name: 'CREDKIT_CONFIG', default: '', meaning: 'JSON config file (--config; variables override it)' },
];

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** ServerConfig's members, all optional: what createServer and createRelyingParty take. */
export type ServerConfigInput = Partial<Omit<ServerConfig, 'rateLimit'>> & {
  rateLimit?: Partial<ServerConfig['rateLimit']>;
};

/** `input` over the defaults (the rate limits member by member), validated. */
export function resolveConfig(input: ServerConfigInput): ServerConfig {
  const base = defaultConfig();
  return validateConfig({
    ...base,
    ...input,
    rateLimit: { ...base.rateLimit, ...input.rateLimit },
  } as ServerConfig);
}

export function defaultConfig(): ServerConfig {
  return {
    port: 8080,
    host: '127.0.0.1',
    rpId: 'localhost',
    rpName: 'credkit',
    origins: ['http://localhost:8080'],
    androidApps: [],
    databaseUrl: 'sqlite:./data/credkit.db',
    challengeTtlMs: 5 * MINUTE,
    sessionTtlMs: 30 * DAY,
    restoreKeyTtlMs: 180 * DAY,
    rateLimit: { perClient: 60, perAccount: 10, windowMs: MINUTE, capacity: DEFAULT_BUDGET_CAPACITY },
    scryptCost: 131072,
    bodyLimit: 64 * 1024,
    passkeyEndpoints: { enroll: '', manage: '' },
    logger: true,
    serveStatic: true,
    shutdownTimeoutMs: 10_000,
    metrics: true,
    fidoConformanceApi: false,
  };
}

/** Parses `package.name:AB:CD:...,other.pkg:01:02:...`; one entry per fingerprint, merged per package. */
export function parseAndroidApps(value: string): AndroidApp[] {
  const apps = new Map<string, string[]>();
  for (const item of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const colon = item.indexOf(':');
    if (colon <= 0) throw new Error(`ANDROID_APPS entry '${item}' is not package.name:FINGERPRINT`);
    const packageName = item.slice(0, colon);
    const fingerprint = item.slice(colon + 1).toUpperCase();
    if (!/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(fingerprint)) {
      throw new Error(
        `ANDROID_APPS fingerprint for ${packageName} is not a SHA-256 fingerprint (32 hex bytes with colons)`,
      );
    }
    apps.set(packageName, [...(apps.get(packageName) ?? []), fingerprint]);
  }
  return [...apps].map(([packageName, fingerprints]) => ({ packageName, fingerprints }));
}

/** Every origin accepted in clientDataJSON: the web origins, the related origins and one per Android signing
 * certificate. */
export function allowedWebAuthnOrigins(config: ServerConfig): string[] {
  return [
    ...config.origins,
    ...(config.relatedOrigins ?? []).filter((origin) => !config.origins.includes(origin)),
    ...config.androidApps.flatMap((app) => app.fingerprints.map(androidOriginFromFingerprint)),
  ];
}

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

/** Reads env vars over the config file over the defaults. Unknown file keys are rejected. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  configFile = env.CREDKIT_CONFIG,
): ServerConfig {
  const config = defaultConfig();
  if (configFile) {
    const file = JSON.parse(readFileSync(configFile, 'utf8')) as Partial<ServerConfig>;
    for (const key of Object.keys(file)) {
      if (
        !(key in config) &&
        ![
          'databaseSchema',
          'databasePoolSize',
          'staticRoot',
          'redisUrl',
          'secureCookies',
          'relatedOrigins',
          'mdsBlob',
          'mdsRootCert',
          'mdsCache',
          'attestationPolicy',
        ].includes(key)
      )
        throw new Error(`unknown config key '${key}' in ${configFile}`);
    }
    Object.assign(config, file);
    const policy: unknown = file.attestationPolicy;
    if (typeof policy === 'string') config.attestationPolicy = parseAttestationPolicy(policy);
  }
  if (env.PORT) config.port = Number(env.PORT);
  if (env.HOST) config.host = env.HOST;
  if (env.RP_ID) config.rpId = env.RP_ID;
  if (env.RP_NAME) config.rpName = env.RP_NAME;
  if (env.ORIGINS)
    config.origins = env.ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  else if (env.PORT && !configFile) config.origins = [`http://localhost:${env.PORT}`];
  if (env.RELATED_ORIGINS)
    config.relatedOrigins = env.RELATED_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (env.ANDROID_APPS) config.androidApps = parseAndroidApps(env.ANDROID_APPS);
  if (env.DATABASE_URL) config.databaseUrl = env.DATABASE_URL;
  if (env.DATABASE_SCHEMA) config.databaseSchema = env.DATABASE_SCHEMA;
  if (env.DATABASE_POOL_SIZE)
    config.databasePoolSize = positiveInt('DATABASE_POOL_SIZE', env.DATABASE_POOL_SIZE);
  if (env.CHALLENGE_TTL_SECONDS)
    config.challengeTtlMs = positiveInt('CHALLENGE_TTL_SECONDS', env.CHALLENGE_TTL_SECONDS) * 1000;
  if (env.SESSION_TTL_SECONDS)
    config.sessionTtlMs = positiveInt('SESSION_TTL_SECONDS', env.SESSION_TTL_SECONDS) * 1000;
  if (env.RESTORE_KEY_TTL_DAYS)
    config.restoreKeyTtlMs = positiveInt('RESTORE_KEY_TTL_DAYS', env.RESTORE_KEY_TTL_DAYS) * DAY;
  if (env.RATE_LIMIT_PER_CLIENT)
    config.rateLimit.perClient = positiveInt('RATE_LIMIT_PER_CLIENT', env.RATE_LIMIT_PER_CLIENT);
  if (env.RATE_LIMIT_PER_ACCOUNT)
    config.rateLimit.perAccount = positiveInt('RATE_LIMIT_PER_ACCOUNT', env.RATE_LIMIT_PER_ACCOUNT);
  if (env.RATE_LIMIT_WINDOW_SECONDS)
    config.rateLimit.windowMs =
      positiveInt('RATE_LIMIT_WINDOW_SECONDS', env.RATE_LIMIT_WINDOW_SECONDS) * 1000;
  if (env.RATE_LIMIT_CAPACITY)
    config.rateLimit.capacity = positiveInt('RATE_LIMIT_CAPACITY', env.RATE_LIMIT_CAPACITY);
  if (env.REDIS_URL) config.redisUrl = env.REDIS_URL;
  if (env.COOKIE_SECURE) config.secureCookies = !['0', 'false'].includes(env.COOKIE_SECURE);
  else if (env.NODE_ENV === 'production') config.secureCookies = true;
  if (env.SCRYPT_COST) config.scryptCost = positiveInt('SCRYPT_COST', env.SCRYPT_COST);
  if (env.LOG === '0' || env.LOG === 'false') config.logger = false;
  if (env.SHUTDOWN_TIMEOUT_MS)
    config.shutdownTimeoutMs = positiveInt('SHUTDOWN_TIMEOUT_MS', env.SHUTDOWN_TIMEOUT_MS);
  if (env.METRICS === '0' || env.METRICS === 'false') config.metrics = false;
  if (env.MDS_BLOB) config.mdsBlob = env.MDS_BLOB;
  if (env.MDS_ROOT_CERT) config.mdsRootCert = env.MDS_ROOT_CERT;
  if (env.MDS_CACHE) config.mdsCache = env.MDS_CACHE;
  if (env.ATTESTATION_POLICY) config.attestationPolicy = parseAttestationPolicy(env.ATTESTATION_POLICY);
  if (env.FIDO_CONFORMANCE_API) {
    if (!['0', '1', 'true', 'false'].includes(env.FIDO_CONFORMANCE_API))
      throw new Error('FIDO_CONFORMANCE_API must be 1 or 0');
    config.fidoConformanceApi = ['1', 'true'].includes(env.FIDO_CONFORMANCE_API);
  }
  // the conformance API lets anyone add a passkey to any account: never in production
  if (config.fidoConformanceApi && env.NODE_ENV === 'production')
    throw new Error(
      'FIDO_CONFORMANCE_API is for test deployments only and cannot run with NODE_ENV=production',
    );
  return validateConfig(config);
}

export function validateConfig(config: ServerConfig): ServerConfig {
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535)
    throw new Error('PORT must be 0-65535');
  if (!/^[a-z0-9.-]+$/i.test(config.rpId)) throw new Error(`RP_ID '${config.rpId}' is not a domain`);
  for (const origin of config.origins) {
    const url = new URL(origin);
    if (url.origin !== origin)
      throw new Error(`ORIGINS entry '${origin}' is not an origin (scheme://host[:port])`);
  }
  for (const origin of config.relatedOrigins ?? []) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    // §5.11: each entry is a web origin; credkit requires it secure (https), as browsers do
    if (!url || url.origin !== origin || url.protocol !== 'https:')
      throw new Error(`RELATED_ORIGINS entry '${origin}' is not an https origin (https://host[:port])`);
  }
  if (!/^sqlite:|^postgres(ql)?:\/\//.test(config.databaseUrl))
    throw new Error('DATABASE_URL must be sqlite:PATH or postgres://...');
  if (config.redisUrl !== undefined && !/^rediss?:\/\//.test(config.redisUrl))
    throw new Error('REDIS_URL must be redis://... or rediss://...');
  if (config.scryptCost & (config.scryptCost - 1)) throw new Error('SCRYPT_COST must be a power of two');
  if (config.mdsBlob !== undefined && !config.mdsRootCert)
    throw new Error('MDS_BLOB needs MDS_ROOT_CERT: the root certificate(s) the BLOB is signed under');
  if (config.mdsRootCert !== undefined && config.mdsBlob === undefined)
    throw new Error('MDS_ROOT_CERT is set without MDS_BLOB');
  if (config.mdsBlob !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(config.mdsBlob)) {
    // a URL: http(s) only; anything else is a file path
    if (!/^https?:\/\//i.test(config.mdsBlob))
      throw new Error('MDS_BLOB must be a file path or an http(s) URL');
  }
  if (config.attestationPolicy !== undefined) {
    // JavaScript callers (createServer, createRelyingParty) may pass the ATTESTATION_POLICY text itself
    const given: unknown = config.attestationPolicy;
    if (typeof given === 'string') config.attestationPolicy = parseAttestationPolicy(given);
    if (config.mdsBlob === undefined)
      throw new Error('ATTESTATION_POLICY needs MDS_BLOB: the policy is judged against the FIDO metadata');
    checkAttestationPolicy(config.attestationPolicy);
  }
  const base = config.origins[0] ?? `https://${config.rpId}`;
  if (!config.passkeyEndpoints.enroll) config.passkeyEndpoints.enroll = `${base}/account.html`;
  if (!config.passkeyEndpoints.manage) config.passkeyEndpoints.manage = `${base}/account.html`;
  return config;
}

/** True when the RP is localhost. */
export function isLocalhost(config: ServerConfig): boolean {
  return config.rpId === 'localhost' || config.rpId.endsWith('.localhost');
}

/**
 * Whether cookies carry `Secure`: as configured, else always but for a localhost RP served over plain http only
 * (an https origin makes them Secure whatever the RP ID).
 */
export function secureCookies(config: ServerConfig): boolean {
  if (config.secureCookies !== undefined) return config.secureCookies;
  return !isLocalhost(config) || config.origins.some((origin) => origin.startsWith('https:'));
}

/** The config values safe to log at start (no database credentials). */
export function describeConfig(config: ServerConfig): Record<string, unknown> {
  const database = config.databaseUrl.startsWith('sqlite:') ? config.databaseUrl : 'postgres';
  const rateLimits = config.redisUrl ? 'redis' : 'memory';
  return {
    rpId: config.rpId,
    origins: allowedWebAuthnOrigins(config),
    database,
    rateLimits,
    ...(config.mdsBlob ? { mds: config.mdsBlob } : {}),
  };
}
