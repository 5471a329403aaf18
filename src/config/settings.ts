import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { parseLocations, type LocationConfig } from './locations.ts';
import { ConfigError } from './settings-error.ts';

export { ConfigError };

/** Everything sitewatch reads from its environment, validated once at start. */
export interface Settings {
  /** TCP port of the HTTP API (PORT, default 8080). */
  port: number;
  /** Interface to bind (HOST, default 0.0.0.0). */
  host: string;
  /** Folder for the embedded SQLite database (SITEWATCH_DATA_DIR, default ./data). */
  dataDir: string;
  /** postgres://… selects PostgreSQL; empty means embedded SQLite (DATABASE_URL). */
  databaseUrl: string | null;
  /** PostgreSQL schema holding sitewatch's tables (SITEWATCH_DB_SCHEMA, default public). */
  databaseSchema: string;
  /** Absolute lifetime of an access token (SITEWATCH_TOKEN_TTL_SECONDS, default 3600). */
  tokenTtlSeconds: number;
  /** Live tokens a user may hold; issuing one more evicts the oldest (SITEWATCH_TOKENS_PER_USER, 100). */
  tokensPerUser: number;
  /** First-start administrator (SITEWATCH_ADMIN_EMAIL / SITEWATCH_ADMIN_PASSWORD). */
  adminEmail: string;
  adminPassword: string | null;
  login: LoginLimits;
  /** Requests a minute one access token may make; 0 switches the limit off (SITEWATCH_API_RATE_LIMIT). */
  apiRateLimitPerMinute: number;
  /** Largest request body accepted (SITEWATCH_BODY_LIMIT_BYTES, default 5 MiB). */
  bodyLimitBytes: number;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (login limits per address):
   * false (default: the socket's peer), true (any), a hop count, or a list of addresses/CIDRs
   * (SITEWATCH_TRUST_PROXY).
   */
  trustProxy: boolean | number | string[];
  /** pino level (LOG_LEVEL, default info). */
  logLevel: string;
  /** argon2id cost; the floor is m=19 MiB, t=2, p=1 (SITEWATCH_ARGON2_MEMORY_KIB, SITEWATCH_ARGON2_TIME). */
  argon2: { memoryKib: number; timeCost: number };
  /** 32-byte key sealing stored secrets (SITEWATCH_SECRET_KEY, base64); null: a key file in the data dir. */
  secretKey: Buffer | null;
  /** Outbound destinations checks may reach (docs/compatibility.md §12): SITEWATCH_EGRESS_ALLOW / _DENY CIDR lists. */
  egress: { allow: string[]; deny: string[] };
  /** Locations checks run from (SITEWATCH_LOCATIONS: JSON array or file; default one "Local", id 10). */
  locations: LocationConfig[];
  /** The check engine (scheduler, runs, results storage). */
  engine: EngineSettings;
  /**
   * PEM files or folders of CA certificates every outbound TLS connection trusts besides Node's
   * roots (SITEWATCH_CA_CERTS, comma-separated paths; default none).
   */
  caCerts: string[];
  /**
   * SMTP relay for e-mail alerts (SITEWATCH_SMTP_URL, smtp:// or smtps://, user and password in
   * the URL, `?requireTLS=true` to insist on STARTTLS) and their sender (SITEWATCH_MAIL_FROM);
   * null when SITEWATCH_SMTP_URL is unset: e-mail deliveries then fail "SMTP not configured".
   */
  smtp: { url: string; from: string } | null;
  /** How long POST /test-notifiers waits for the receiver (SITEWATCH_TEST_ALERT_TIMEOUT_SECONDS, default 10). */
  testAlertTimeoutSeconds: number;
  /** The alert outbox dispatcher (delivery retries and their limits). */
  outbox: OutboxSettings;
  /** Seconds a public status page answer is served from memory (SITEWATCH_STATUS_PAGE_CACHE_SECONDS, 30). */
  statusPageCacheSeconds: number;
  /** MiB of serialized monitor lists kept per process until the account's monitors change (SITEWATCH_LIST_CACHE_MB, 64; 0 = off). */
  listCacheMb: number;
  /** Bearer token /metrics requires; null leaves /metrics open (SITEWATCH_METRICS_TOKEN). */
  metricsToken: string | null;
  /**
   * How long a resolved access token's principal may be reused in this process without a database
   * read; revocations reach every process at once (LISTEN/NOTIFY). 0 switches the cache off
   * (SITEWATCH_AUTH_CACHE_SECONDS, default 60).
   */
  principalCacheSeconds: number;
}

/** How the outbox dispatcher delivers alerts (README "Alerting"). */
export interface OutboxSettings {
  /** Deliveries in flight at once per process (SITEWATCH_OUTBOX_CONCURRENCY, default 50). */
  concurrency: number;
  /** Deadline of one delivery attempt (SITEWATCH_OUTBOX_ATTEMPT_TIMEOUT_SECONDS, default 15). */
  attemptTimeoutSeconds: number;
  /** Attempts before a delivery is marked failed (SITEWATCH_OUTBOX_MAX_ATTEMPTS, default 8). */
  maxAttempts: number;
  /** First retry delay; doubles per attempt, with jitter (SITEWATCH_OUTBOX_BACKOFF_BASE_MS, default 2000). */
  backoffBaseMs: number;
  /** Longest retry delay (SITEWATCH_OUTBOX_BACKOFF_MAX_SECONDS, default 600). */
  backoffMaxSeconds: number;
  /** Pause between claims when nothing is due (SITEWATCH_OUTBOX_POLL_MS, default 500). */
  pollMs: number;
}

function outboxSettings(env: Env): OutboxSettings {
  return {
    concurrency: int(env, 'SITEWATCH_OUTBOX_CONCURRENCY', 50, 1, 10_000),
    attemptTimeoutSeconds: int(env, 'SITEWATCH_OUTBOX_ATTEMPT_TIMEOUT_SECONDS', 15, 1, 600),
    maxAttempts: int(env, 'SITEWATCH_OUTBOX_MAX_ATTEMPTS', 8, 1, 100),
    backoffBaseMs: int(env, 'SITEWATCH_OUTBOX_BACKOFF_BASE_MS', 2000, 1, 3_600_000),
    backoffMaxSeconds: int(env, 'SITEWATCH_OUTBOX_BACKOFF_MAX_SECONDS', 600, 1, 86_400),
    pollMs: int(env, 'SITEWATCH_OUTBOX_POLL_MS', 500, 10, 60_000),
  };
}

/** What `serve` runs: the API and the engine (`all`), or the API only (`api`) beside `worker` processes. */
export type ProcessRole = 'all' | 'api';

/** The check engine's knobs (README "Configuration"). */
export interface EngineSettings {
  /** SITEWATCH_ROLE: `all` (default) runs the engine inside `serve`; `api` leaves checks to workers. */
  role: ProcessRole;
  /** Checks running at once per process (SITEWATCH_ENGINE_CONCURRENCY, default 200). */
  concurrency: number;
  /** Due rows leased per claim statement (SITEWATCH_ENGINE_CLAIM_BATCH, default 100). */
  claimBatch: number;
  /** Results written per completion transaction (SITEWATCH_ENGINE_COMPLETE_BATCH, default 500). */
  completeBatch: number;
  /** Longest wait before a partial batch of results is written (SITEWATCH_ENGINE_FLUSH_MS, default 200). */
  flushMs: number;
  /** Pause between claims when nothing is due (SITEWATCH_ENGINE_POLL_MS, default 250). */
  pollMs: number;
  /** Lease length, extended while a run lasts (SITEWATCH_ENGINE_LEASE_SECONDS, default 60). */
  leaseSeconds: number;
  /** On SIGTERM, how long in-flight checks may finish (SITEWATCH_ENGINE_DRAIN_SECONDS, default 30). */
  drainSeconds: number;
  /** Raw results are deleted after this many days (SITEWATCH_RESULT_RETENTION_DAYS, default 30). */
  resultRetentionDays: number;
  /** Hourly rollups are deleted after this many days (SITEWATCH_ROLLUP_RETENTION_DAYS, default 400). */
  rollupRetentionDays: number;
  /**
   * How often an engine process heartbeats its locations; three missed beats show them offline
   * (SITEWATCH_HEARTBEAT_MS, default 30000).
   */
  heartbeatMs: number;
}

function engineSettings(env: Env): EngineSettings {
  const role = str(env, 'SITEWATCH_ROLE', 'all').toLowerCase();
  if (role !== 'all' && role !== 'api')
    throw new ConfigError(
      `SITEWATCH_ROLE must be "all" or "api" (run checks with \`sitewatch worker\`), got "${role}"`,
    );
  const resultRetentionDays = int(env, 'SITEWATCH_RESULT_RETENTION_DAYS', 30, 1, 3650);
  return {
    role,
    concurrency: int(env, 'SITEWATCH_ENGINE_CONCURRENCY', 200, 1, 10_000),
    claimBatch: int(env, 'SITEWATCH_ENGINE_CLAIM_BATCH', 100, 1, 5000),
    completeBatch: int(env, 'SITEWATCH_ENGINE_COMPLETE_BATCH', 500, 1, 10_000),
    flushMs: int(env, 'SITEWATCH_ENGINE_FLUSH_MS', 200, 1, 10_000),
    pollMs: int(env, 'SITEWATCH_ENGINE_POLL_MS', 250, 10, 60_000),
    leaseSeconds: int(env, 'SITEWATCH_ENGINE_LEASE_SECONDS', 60, 5, 3600),
    drainSeconds: int(env, 'SITEWATCH_ENGINE_DRAIN_SECONDS', 30, 0, 3600),
    resultRetentionDays,
    // Rollups answer history beyond the raw retention, so they may not go before the raw results.
    rollupRetentionDays: int(
      env,
      'SITEWATCH_ROLLUP_RETENTION_DAYS',
      Math.max(400, resultRetentionDays),
      resultRetentionDays,
      36_500,
    ),
    heartbeatMs: int(env, 'SITEWATCH_HEARTBEAT_MS', 30_000, 100, 600_000),
  };
}

/** Brute-force limits on POST /access-tokens (docs/compatibility.md §2). */
export interface LoginLimits {
  /** Consecutive failures for one username before it is locked (SITEWATCH_LOGIN_MAX_FAILURES, 10). */
  maxFailures: number;
  /** First lock window; doubles per lock (SITEWATCH_LOGIN_LOCK_SECONDS, 60). */
  lockSeconds: number;
  /** Longest lock window (SITEWATCH_LOGIN_LOCK_MAX_SECONDS, 900). */
  lockMaxSeconds: number;
  /** Attempts per client IP per minute (SITEWATCH_LOGIN_IP_PER_MINUTE, 60). */
  ipPerMinute: number;
  /**
   * Failed attempts per username per hour, existing or not (SITEWATCH_LOGIN_USER_PER_HOUR, 100;
   * SITEWATCH_LOGIN_ACCOUNT_PER_HOUR is read as an older name for it).
   */
  userPerHour: number;
  /** Most login counters kept; the least recently used go first (SITEWATCH_LOGIN_MAX_COUNTERS, 100000). */
  maxCounters: number;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return def;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function str(env: Env, name: string, def: string): string {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? def : raw;
}

function secretKey(raw: string | undefined): Buffer | null {
  if (!raw?.trim()) return null;
  const key = Buffer.from(raw.trim(), 'base64');
  if (key.length !== 32)
    throw new ConfigError('SITEWATCH_SECRET_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
  return key;
}

function trustProxy(env: Env): boolean | number | string[] {
  const raw = env.SITEWATCH_TRUST_PROXY?.trim().toLowerCase();
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return int(env, 'SITEWATCH_TRUST_PROXY', 0, 1, 100);
  return cidrs(env, 'SITEWATCH_TRUST_PROXY');
}

function cidrs(env: Env, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw.split(',').map((part) => {
    const cidr = part.trim();
    const [net, bits, extra] = cidr.split('/');
    const family = isIP(net ?? '');
    const max = family === 6 ? 128 : 32;
    if (
      !family ||
      extra !== undefined ||
      (bits !== undefined && (!/^\d+$/.test(bits) || Number(bits) > max))
    ) {
      throw new ConfigError(
        `${name} must be a comma-separated list of CIDRs (like 127.0.0.0/8,::1/128), got "${cidr}"`,
      );
    }
    return bits === undefined ? `${net}/${max}` : cidr;
  });
}

function smtpSettings(env: Env): { url: string; from: string } | null {
  const url = env.SITEWATCH_SMTP_URL?.trim();
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('SITEWATCH_SMTP_URL must be a URL like smtp://user:pass@mail.example.com:587');
  }
  if ((parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') || parsed.hostname === '') {
    throw new ConfigError(
      `SITEWATCH_SMTP_URL must start with smtp:// or smtps:// and name a host, got "${parsed.protocol}//…"`,
    );
  }
  const from = str(env, 'SITEWATCH_MAIL_FROM', 'sitewatch@localhost');
  // A bare address or "Name <address>"; nodemailer would otherwise send whatever it was given.
  if (!/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(from)) {
    throw new ConfigError(`SITEWATCH_MAIL_FROM must be an e-mail address, got "${from}"`);
  }
  return { url, from };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and validates the environment; throws ConfigError naming the first bad variable. */
export function loadSettings(env: Env = process.env, cwd = process.cwd()): Settings {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL must start with postgres:// or postgresql:// (leave it unset for SQLite)',
    );
  }
  const databaseSchema = str(env, 'SITEWATCH_DB_SCHEMA', 'public');
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) {
    throw new ConfigError('SITEWATCH_DB_SCHEMA must be a lower-case SQL identifier');
  }
  const adminEmail = str(env, 'SITEWATCH_ADMIN_EMAIL', 'admin@example.com').toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError(`SITEWATCH_ADMIN_EMAIL must be an email address, got "${adminEmail}"`);
  }
  const adminPassword = env.SITEWATCH_ADMIN_PASSWORD ?? null;
  if (adminPassword !== null && (adminPassword.length < 8 || adminPassword.length > 256)) {
    throw new ConfigError('SITEWATCH_ADMIN_PASSWORD must be 8 to 256 characters');
  }
  const logLevel = str(env, 'LOG_LEVEL', 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const dataDir = str(env, 'SITEWATCH_DATA_DIR', './data');
  const lockSeconds = int(env, 'SITEWATCH_LOGIN_LOCK_SECONDS', 60, 1, 86_400);
  return {
    port: int(env, 'PORT', 8080, 0, 65_535),
    host: str(env, 'HOST', '0.0.0.0'),
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    databaseUrl,
    databaseSchema,
    tokenTtlSeconds: int(env, 'SITEWATCH_TOKEN_TTL_SECONDS', 3600, 1, 31 * 86_400),
    tokensPerUser: int(env, 'SITEWATCH_TOKENS_PER_USER', 100, 1, 10_000),
    adminEmail,
    adminPassword,
    login: {
      maxFailures: int(env, 'SITEWATCH_LOGIN_MAX_FAILURES', 10, 1, 1000),
      lockSeconds,
      lockMaxSeconds: int(env, 'SITEWATCH_LOGIN_LOCK_MAX_SECONDS', 900, lockSeconds, 86_400),
      ipPerMinute: int(env, 'SITEWATCH_LOGIN_IP_PER_MINUTE', 60, 1, 1_000_000),
      userPerHour: int(
        env,
        env.SITEWATCH_LOGIN_USER_PER_HOUR
          ? 'SITEWATCH_LOGIN_USER_PER_HOUR'
          : 'SITEWATCH_LOGIN_ACCOUNT_PER_HOUR',
        100,
        1,
        1_000_000,
      ),
      maxCounters: int(env, 'SITEWATCH_LOGIN_MAX_COUNTERS', 100_000, 100, 100_000_000),
    },
    apiRateLimitPerMinute: int(env, 'SITEWATCH_API_RATE_LIMIT', 1200, 0, 10_000_000),
    bodyLimitBytes: int(env, 'SITEWATCH_BODY_LIMIT_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    trustProxy: trustProxy(env),
    logLevel,
    argon2: {
      memoryKib: int(env, 'SITEWATCH_ARGON2_MEMORY_KIB', 19_456, 19_456, 4 * 1024 * 1024),
      timeCost: int(env, 'SITEWATCH_ARGON2_TIME', 2, 2, 100),
    },
    locations: parseLocations(env.SITEWATCH_LOCATIONS),
    secretKey: secretKey(env.SITEWATCH_SECRET_KEY),
    egress: { allow: cidrs(env, 'SITEWATCH_EGRESS_ALLOW'), deny: cidrs(env, 'SITEWATCH_EGRESS_DENY') },
    engine: engineSettings(env),
    caCerts: (env.SITEWATCH_CA_CERTS ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => (isAbsolute(p) ? p : resolve(cwd, p))),
    smtp: smtpSettings(env),
    testAlertTimeoutSeconds: int(env, 'SITEWATCH_TEST_ALERT_TIMEOUT_SECONDS', 10, 1, 120),
    outbox: outboxSettings(env),
    statusPageCacheSeconds: int(env, 'SITEWATCH_STATUS_PAGE_CACHE_SECONDS', 30, 0, 3600),
    listCacheMb: int(env, 'SITEWATCH_LIST_CACHE_MB', 64, 0, 65536),
    metricsToken: env.SITEWATCH_METRICS_TOKEN?.trim() || null,
    principalCacheSeconds: int(env, 'SITEWATCH_AUTH_CACHE_SECONDS', 60, 0, 3600),
  };
}
