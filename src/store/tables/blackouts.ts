// Table types of migration 0003-blackouts; src/store/schema.ts merges them into Database.
import type { Generated } from 'kysely';

export interface BlackoutTable {
  id: Generated<number>;
  account_id: number;
  /** `Monitor` (no runs), `Alert` (runs, no alerts) or `Notifier` (one recipient silenced). */
  type: string;
  /** Monitor id for Monitor/Alert, recipient id for Notifier. */
  assoc_id: number;
  /** 1 = recurring weekly, 0 = one-time. */
  persistent: number;
  /** One-time bounds as given, "YYYY-MM-DD HH:MM:SS" in the account's time zone. */
  from_date: string | null;
  thru_date: string | null;
  /** The same bounds as UTC epoch ms, for "is it past" and window queries. */
  from_at: number | null;
  thru_at: number | null;
  /** Recurring window: days 1 = Sunday … 7 = Saturday, times "hh:mm", account time zone. */
  start_day: number | null;
  start_time: string | null;
  end_day: number | null;
  end_time: string | null;
  note: string | null;
  /** Email of the user who created it. */
  login: string | null;
  date_added: number;
}

/** Tables of this resource group, by table name. */
export interface BlackoutTables {
  blackouts: BlackoutTable;
}
