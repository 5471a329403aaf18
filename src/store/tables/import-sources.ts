/** One row a `sitewatch import` created, with the source row it came from (migration 0009). */
export interface ImportSourceTable {
  /** The local account the row was imported into. */
  account_id: number;
  /** `monitor`, `recipient`, `notifier_group`, `blackout`, `sla` or `property`. */
  kind: string;
  /** Origin of the source API, e.g. `https://api.alertsite.com`. */
  source_url: string;
  /** The row's id at the source, as text (AlertSite ids are integers, user ids UUIDs). */
  source_id: string;
  /** The local row's id, as text. */
  local_id: string;
  /** SHA-256 of what was last written for it: equal on the next run means unchanged. */
  fingerprint: string;
  /** When it was last created or updated (epoch ms). */
  imported_at: number;
}
