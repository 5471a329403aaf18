import type { Logger } from 'pino';
import type { SecretBox } from './auth/secret-box.ts';
import type { EgressPolicy } from './checks/egress.ts';
import type { CheckExecutor } from './checks/types.ts';
import type { Trust } from './checks/trust.ts';
import type { Settings } from './config/settings.ts';
import type { Clock } from './domain/clock.ts';
import type { Db } from './store/db.ts';
import type { DialectAdapter } from './store/dialect/types.ts';
import type { Metrics } from './metrics/index.ts';
import type { EventBus } from './store/notify.ts';

/** What the composition root builds once and hands to every service and route. */
export interface Deps {
  /** Validated configuration. */
  settings: Settings;
  /** The database, typed by the store schema. */
  db: Db;
  /** The statements that differ between SQLite and PostgreSQL. */
  dialect: DialectAdapter;
  /** The only source of "now". */
  clock: Clock;
  /** Root logger; components derive children with a `component` field. */
  log: Logger;
  /** Seals secrets that must be stored reversibly (never in clear). */
  secrets: SecretBox;
  /** Which destinations checks may reach (docs/compatibility.md §12). */
  egress: EgressPolicy;
  /** Check executors by monitor type (monitors/registry.ts). */
  executors: ReadonlyMap<string, CheckExecutor>;
  /** CAs every outbound TLS connection trusts: Node's roots plus SITEWATCH_CA_CERTS (checks/trust.ts). */
  trust: Trust;
  /** Events between the processes sharing the database (revocations, wake-ups). */
  bus: EventBus;
  /** This process's Prometheus metrics. */
  metrics: Metrics;
}
