// Table types of migration 0008-status-pages; src/store/schema.ts merges them into Database.
import type { Generated } from 'kysely';

/** A public status page of an account, served at /status/<slug> without a token. */
export interface StatusPageTable {
  id: Generated<number>;
  account_id: number;
  /** Lower-case URL name, unique across all accounts (it is the public address). */
  slug: string;
  title: string;
  description: string;
  created_at: number;
  updated_at: number;
}

/** The monitors a status page shows, in its order. */
export interface StatusPageMonitorTable {
  status_page_id: number;
  monitor_id: number;
  position: number;
}

/** Tables of status pages, by table name. */
export interface StatusPageTables {
  status_pages: StatusPageTable;
  status_page_monitors: StatusPageMonitorTable;
}
