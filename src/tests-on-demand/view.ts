import type { StepVerdict } from '../checks/types.ts';
import { statusTitle } from '../domain/status-codes.ts';
import { seconds3, utcDateTime } from '../domain/format.ts';
import type { TestResultRow } from '../store/test-results.ts';
import type { TestResultView } from './schema.ts';

export type { TestResultView };

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
