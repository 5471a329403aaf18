// Table types of migration 0011-scale; src/store/schema.ts merges them into Database.
import type { Generated } from 'kysely';

/** A test on demand waiting for (or answered by) a worker of its location. */
export interface TestRequestTable {
  id: Generated<number>;
  account_id: number;
  location_id: number;
  /** The CheckInput to run, as JSON (config secrets stay sealed). */
  input: string;
  /** What is tested ("<type> <url or host>"), stored on the result. */
  target: string;
  requested_at: number;
  /** Past this the request is abandoned: the API call has answered with a timeout. */
  expires_at: number;
  /** The worker that took it; null while pending. */
  claimed_by: string | null;
  /** The check_results row (kind 'test') once answered. */
  result_id: number | null;
}

export interface ScaleTables {
  test_requests: TestRequestTable;
}

/** Migration 0012: a version per account of what monitor views show (row 0: the global part). */
export interface ViewVersionTable {
  account_id: number;
  version: number;
}

export interface ViewVersionTables {
  view_versions: ViewVersionTable;
}
