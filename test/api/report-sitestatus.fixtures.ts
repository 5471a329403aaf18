// Shared set-up of the tests of what the check engine recorded (site status report, test on
// demand, measured SLAs, result history): monitors and results are inserted straight into the
// database, so these tests do not wait for the scheduler.
import type { TestServer } from '../helpers/server.ts';

export interface MonitorSpec {
  name?: string;
  type?: string;
  enabled?: boolean;
  interval?: number;
  timeout?: number;
  homeLocation?: number | null;
  config?: object;
  locations?: number[];
}

/** Inserts a monitor of `accountId` (default: an enabled website at location 10). */
export async function addMonitor(srv: TestServer, accountId: number, o: MonitorSpec = {}): Promise<number> {
  const { db, clock } = srv.runtime.deps;
  const now = clock.now();
  const row = await db
    .insertInto('monitors')
    .values({
      account_id: accountId,
      type: o.type ?? 'website',
      name: o.name ?? 'Shop home page',
      enabled: o.enabled === false ? 0 : 1,
      interval: o.interval ?? 5,
      timeout: o.timeout ?? 30,
      mode: 'Primary',
      home_location: o.homeLocation ?? null,
      billing_plancode: '',
      config: JSON.stringify(o.config ?? { url: 'http://example.com/' }),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const locations = o.locations ?? [10];
  if (locations.length > 0)
    await db
      .insertInto('monitor_locations')
      .values(locations.map((location_id, position) => ({ monitor_id: row.id, location_id, position })))
      .execute();
  return row.id;
}

/** Adds a location every account may use. */
export async function addLocation(srv: TestServer, id: number, name: string): Promise<void> {
  await srv.runtime.deps.db
    .insertInto('locations')
    .values({
      id,
      account_id: null,
      name,
      region: 1,
      country: 'US',
      is_private: 0,
      online: 1,
      last_seen: null,
      capabilities: '[]',
      source: 'config',
    })
    .execute();
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
      phases: '{}',
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
export async function firstAccount(srv: TestServer): Promise<number> {
  const row = await srv.runtime.deps.db
    .selectFrom('users')
    .select('account_id')
    .where('email', '=', 'admin@example.com')
    .executeTakeFirstOrThrow();
  return row.account_id;
}
