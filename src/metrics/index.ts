// Prometheus metrics of one process (prom-client). Each process (API, worker, all-in-one) keeps
// its own registry and exports it at /metrics; Prometheus sums across processes. A registry per
// process object instead of prom-client's global default keeps tests and several runtimes in one
// process apart.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Buckets in seconds for check durations and start lateness: 5 ms to 2 min. */
const CHECK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Buckets in seconds for API requests: 0.5 ms to 10 s. */
const HTTP_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/** The metrics this process records, and the registry they are exported from. */
export interface Metrics {
  /** Holds every metric below plus the process metrics (CPU, memory, event loop lag, GC). */
  readonly registry: Registry;
  /** Checks recorded, by monitor type, location id and status code. */
  readonly checks: Counter<'type' | 'location' | 'status'>;
  /** How long the executor ran, by monitor type. */
  readonly checkDuration: Histogram<'type'>;
  /** How late a scheduled check started after its slot. */
  readonly checkLateness: Histogram;
  /** Rows leased per claim statement (0 counts the empty claims). */
  readonly claimBatch: Histogram;
  /** API request durations by route pattern, method and status code. */
  readonly httpDuration: Histogram<'route' | 'method' | 'status'>;
  /** Failed logins (bad credentials) and throttled ones (locked user, too many attempts). */
  readonly loginFailures: Counter<'reason'>;
  /** Access tokens issued. */
  readonly tokensIssued: Counter;
  /** Principals answered from the per-process cache vs looked up in the database. */
  readonly principalLookups: Counter<'source'>;
}

/**
 * A fresh registry with the process metrics and sitewatch's own. `pool` reports the database pool
 * (PostgreSQL: total, idle, waiting clients) when scraped.
 */
export function createMetrics(
  pool: () => { total: number; idle: number; waiting: number } | null = () => null,
): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sitewatch_' });
  const registers = [registry];
  new Gauge({
    name: 'sitewatch_db_pool_connections',
    help: 'Database pool connections by state (PostgreSQL; SQLite has one embedded connection).',
    labelNames: ['state'],
    registers,
    collect() {
      const p = pool();
      if (!p) return;
      this.set({ state: 'total' }, p.total);
      this.set({ state: 'idle' }, p.idle);
      this.set({ state: 'waiting' }, p.waiting);
    },
  });
  return {
    registry,
    checks: new Counter({
      name: 'sitewatch_checks_total',
      help: 'Checks recorded, by monitor type, location and status code.',
      labelNames: ['type', 'location', 'status'],
      registers,
    }),
    checkDuration: new Histogram({
      name: 'sitewatch_check_duration_seconds',
      help: 'Time a check took to run (executor, retry included).',
      labelNames: ['type'],
      buckets: CHECK_BUCKETS,
      registers,
    }),
    checkLateness: new Histogram({
      name: 'sitewatch_check_start_lateness_seconds',
      help: 'How long after its slot a scheduled check started.',
      buckets: CHECK_BUCKETS,
      registers,
    }),
    claimBatch: new Histogram({
      name: 'sitewatch_claim_batch_size',
      help: 'Schedule rows leased per claim statement.',
      buckets: [0, 1, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'sitewatch_http_request_duration_seconds',
      help: 'API request durations by route pattern, method and status.',
      labelNames: ['route', 'method', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    }),
    loginFailures: new Counter({
      name: 'sitewatch_login_failures_total',
      help: 'Refused logins: reason "credentials" (wrong email or password) or "throttled".',
      labelNames: ['reason'],
      registers,
    }),
    tokensIssued: new Counter({
      name: 'sitewatch_tokens_issued_total',
      help: 'Access tokens issued.',
      registers,
    }),
    principalLookups: new Counter({
      name: 'sitewatch_principal_lookups_total',
      help: 'Access-token resolutions: source "cache" or "database".',
      labelNames: ['source'],
      registers,
    }),
  };
}
