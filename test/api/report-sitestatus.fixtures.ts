// Shared set-up of the tests of what the check engine recorded (site status report, test on
// demand, measured SLAs, result history): monitors and results are inserted straight into the
// database, so these tests do not wait for the scheduler.
import { accountOf, insertLocation } from '../helpers/fixtures.ts';
import type { TestServer } from '../helpers/server.ts';

export { insertMonitor as addMonitor, type MonitorSpec } from '../helpers/fixtures.ts';

/** Adds a location every account may use. */
export async function addLocation(srv: TestServer, id: number, name: string): Promise<void> {
  await insertLocation(srv, { id, name });
}

/** Sets the latest status of a monitor at a location, as the engine would. */
export async function setStatus(
  srv: TestServer,
  o: {
    accountId: number;
    monitorId: number;
    locationId?: number;
    status: number;
    at: number;
    ms?: number | null;
    info?: string;
  },
): Promise<void> {
  await srv.runtime.deps.db
    .insertInto('monitor_status')
    .values({
      monitor_id: o.monitorId,
      location_id: o.locationId ?? 10,
      account_id: o.accountId,
      last_status: o.status,
      last_info_msg: o.info ?? (o.status === 0 ? 'HTTP 200 OK' : 'HTTP 503 Service Unavailable'),
      last_at: o.at,
      last_response_ms: o.ms === undefined ? 412 : o.ms,
      consecutive_errors: o.status === 0 ? 0 : 1,
      last_error_at: o.status === 0 ? null : o.at,
      last_ok_at: o.status === 0 ? o.at : null,
    })
    .execute();
}

/** Inserts one raw result (kind 'scheduled' unless said). */
export async function addResult(
  srv: TestServer,
  o: {
    accountId: number;
    monitorId: number | null;
    locationId?: number;
    at: number;
    status?: number;
    ms?: number | null;
    kind?: string;
    warning?: boolean;
    scheduledAt?: number;
    /** Measured phases in ms (default none). */
    phases?: Record<string, number>;
  },
): Promise<number> {
  const row = await srv.runtime.deps.db
    .insertInto('check_results')
    .values({
      account_id: o.accountId,
      monitor_id: o.monitorId,
      location_id: o.locationId ?? 10,
      kind: o.kind ?? 'scheduled',
      scheduled_at: o.scheduledAt ?? o.at,
      started_at: o.at,
      status: o.status ?? 0,
      info_msg: o.status ? 'failed' : 'HTTP 200 OK',
      response_ms: o.ms === undefined ? 100 : o.ms,
      phases: JSON.stringify(o.phases ?? {}),
      steps: '[]',
      detail: '{}',
      warning: o.warning ? 1 : 0,
      target: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The account of the first admin. */
export const firstAccount = (srv: TestServer): Promise<number> => accountOf(srv);
