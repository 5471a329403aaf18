import type { Generated } from 'kysely';
import type { BlackoutTables } from './tables/blackouts.ts';
import type { EngineTables } from './tables/engine.ts';
import type { ImportSourceTable } from './tables/import-sources.ts';
import type { RecipientTables } from './tables/recipients.ts';
import type { SlaPropertyTables } from './tables/slas-properties.ts';
import type { AlertingTables } from './tables/alerting.ts';
import type { StatusPageTables } from './tables/status-pages.ts';
import type { ScaleTables, ViewVersionTables } from './tables/scale.ts';

// Times are epoch milliseconds in a BIGINT column on both dialects: one representation, exact
// arithmetic in SQL, no driver-specific date parsing. Flags are 0/1 integers for the same reason.

export interface AccountTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  /** IANA zone in which "YYYY-MM-DD HH:MM:SS" request dates are read (docs/compatibility.md §4). */
  timezone: string;
  created_at: number;
}

export interface UserTable {
  id: Generated<number>;
  guid: string;
  account_id: number;
  /** Lower-cased, trimmed: the login name. */
  email: string;
  first_name: string;
  last_name: string;
  role: string;
  work_phone: string;
  home_phone: string;
  password_hash: string;
  disabled: number;
  is_sso_optional: number;
  date_joined: number;
  last_api_access: number | null;
  last_console_access: number | null;
}

export interface AccessTokenTable {
  /** SHA-256 of the token, hex; the token itself is never stored. */
  digest: string;
  user_id: number;
  account_id: number;
  created_at: number;
  expires_at: number;
}

export interface LoginThrottleTable {
  /** `user:<email>`, `ip:<address>` or `account:<id>`. */
  key: string;
  count: number;
  window_start: number;
  locked_until: number;
  lock_level: number;
}

export interface Database
  extends
    BlackoutTables,
    RecipientTables,
    SlaPropertyTables,
    EngineTables,
    AlertingTables,
    StatusPageTables,
    ScaleTables,
    ViewVersionTables {
  accounts: AccountTable;
  users: UserTable;
  access_tokens: AccessTokenTable;
  login_throttle: LoginThrottleTable;
  locations: LocationTable;
  monitors: MonitorTable;
  monitor_locations: MonitorLocationTable;
  monitor_properties: MonitorPropertyTable;
  import_sources: ImportSourceTable;
}

export interface LocationTable {
  id: number;
  /** null: usable by every account; else private to that account. */
  account_id: number | null;
  name: string;
  region: number;
  country: string;
  is_private: number;
  online: number;
  last_seen: number | null;
  /** JSON array of monitor types the location can run. */
  capabilities: string;
  /** `config` (operator file/env) or `worker` (a worker process joined as this location). */
  source: string;
}

export interface MonitorTable {
  id: Generated<number>;
  account_id: number;
  type: string;
  name: string;
  enabled: number;
  interval: number;
  timeout: number;
  mode: string;
  home_location: number | null;
  billing_plancode: string;
  /** JSON of every other field of the monitor's type. */
  config: string;
  /** DéjàClick/SoapUI project XML or a base64 Selenium JAR; null for types without one. */
  script: string | null;
  created_at: number;
  updated_at: number;
}

export interface MonitorLocationTable {
  monitor_id: number;
  location_id: number;
  position: number;
}

export interface MonitorPropertyTable {
  monitor_id: number;
  property_id: number;
  value_id: number;
}
