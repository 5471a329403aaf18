import type { StepVerdict } from '../checks/types.ts';
import { statusTitle } from '../domain/status-codes.ts';
import { seconds3, utcDateTime } from '../domain/format.ts';
import type { TestResultRow } from '../store/test-results.ts';

/** A test-on-demand result as `GET /tests` and `GET /tests/{id}` answer it (decisions §11). */
export interface TestResultView {
  /** The result's id, as a string like every AlertSite `{"id"}` answer. */
  id: string;
  /** The monitor tested; null for ad-hoc URL and ping tests. */
  monitor_id: number | null;
  /** Where the test ran. */
  location_id: number;
  /** Status code of spec/status-codes.md; 0 = OK. */
  status: number;
  /** The status code's short meaning ("OK", "TCP connection failed"). */
  status_desc: string;
  /** What a person reads about this run. */
  info_msg: string;
  /** Total response time in seconds (3 decimals); null when nothing was measured. */
  response_time: number | null;
  /** When the test started, "YYYY-MM-DD HH:MM:SS" UTC. */
  dt: string;
  /** Per-step status and timings for multi-step types; [] otherwise. */
  steps: StepVerdict[];
  /** Where to fetch this result again. */
  link: string;
}

function parseSteps(text: string): StepVerdict[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as StepVerdict[]) : [];
  } catch {
    return [];
  }
}

export function viewTestResult(row: TestResultRow): TestResultView {
  return {
    id: String(row.id),
    monitor_id: row.monitor_id,
    location_id: row.location_id,
    status: row.status,
    status_desc: statusTitle(row.status),
    info_msg: row.info_msg,
    response_time: row.response_ms === null ? null : seconds3(Number(row.response_ms)),
    dt: utcDateTime(Number(row.started_at)),
    steps: parseSteps(row.steps),
    link: `/api/v3/tests/${row.id}`,
  };
}
