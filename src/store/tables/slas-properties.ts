// Table types of migration 0005-slas-properties; src/store/schema.ts merges them into Database.
import type { Generated } from 'kysely';

export interface SlaTable {
  id: Generated<number>;
  account_id: number;
  /** One SLA per monitor (unique). */
  monitor_id: number;
  name: string;
  description: string;
  /** Percent, 3 decimals. */
  availability: number;
  uptime: number | null;
  /** Seconds, 2 decimals. */
  response_time: number;
  secondary_response_time: number | null;
  use_fullpage_time: number;
  created_at: number;
}

export interface SlaOperatingPeriodTable {
  id: Generated<number>;
  sla_id: number;
  exclude: number;
  from_day: number;
  from_time: string;
  thru_day: number;
  thru_time: string;
}

export interface SlaExclusionTable {
  id: Generated<number>;
  sla_id: number;
  /** As given, "YYYY-MM-DD HH:MM:SS" in the account's time zone. */
  from_date: string;
  thru_date: string;
  /** UTC epoch ms of the same bounds. */
  from_at: number;
  thru_at: number;
  /** null = all locations. */
  location_id: number | null;
  note: string;
}

export interface PropertyTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  /** Trimmed, lower-cased name: unique per account, so two properties cannot look alike. */
  name_key: string;
}

export interface PropertyValueTable {
  id: Generated<number>;
  property_id: number;
  name: string;
  position: number;
}

/** Tables of this resource group, by table name. */
export interface SlaPropertyTables {
  slas: SlaTable;
  sla_operating_periods: SlaOperatingPeriodTable;
  sla_exclusions: SlaExclusionTable;
  properties: PropertyTable;
  property_values: PropertyValueTable;
}
