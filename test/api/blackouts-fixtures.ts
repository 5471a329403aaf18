// Fixtures of the blackout tests. Monitors and recipients are inserted straight into the database,
// so these tests do not depend on those APIs.
import type { DialectName } from '../../src/store/dialect/types.ts';
import { ManualClock } from '../helpers/clock.ts';
import { accountOf, insertMonitor as insertMonitorRow, loggedInAccount } from '../helpers/fixtures.ts';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.ts';

/** The server's "now" in every blackout test: Saturday 2030-06-01 12:00:00 UTC. */
export const NOW = Date.parse('2030-06-01T12:00:00Z');
export const MINUTE = 60_000;

/** One account's caller, with a monitor pair and a recipient pair of its own. */
export interface Tenant {
  accountId: number;
  email: string;
  token: string;
  monitors: [number, number];
  recipients: [number, number];
}

export interface BlackoutWorld {
  srv: TestServer;
  clock: ManualClock;
  /** The first account (UTC). */
  a: Tenant;
  /** A second account, to prove isolation. */
  b: Tenant;
  close(): Promise<void>;
}

/** A website monitor row without locations or settings. */
export function insertMonitor(srv: TestServer, accountId: number, name: string): Promise<number> {
  return insertMonitorRow(srv, accountId, { name, config: {}, locations: [] });
}

export async function insertRecipient(srv: TestServer, accountId: number, email: string): Promise<number> {
  const row = await srv.runtime.deps.db
    .insertInto('recipients')
    .values({
      account_id: accountId,
      name: email,
      method_id: 1,
      recipient: email,
      created_at: srv.runtime.deps.clock.now(),
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function tenant(srv: TestServer, accountId: number, email: string, token: string): Promise<Tenant> {
  return {
    accountId,
    email,
    token,
    monitors: [await insertMonitor(srv, accountId, 'm1'), await insertMonitor(srv, accountId, 'm2')],
    recipients: [
      await insertRecipient(srv, accountId, `r1@${accountId}.example.com`),
      await insertRecipient(srv, accountId, `r2@${accountId}.example.com`),
    ],
  };
}

/**
 * A server on `dialect` whose clock stands at NOW, and two accounts; the second one's time zone
 * is `bTimezone`.
 */
export async function startBlackoutWorld(dialect: DialectName, bTimezone = 'UTC'): Promise<BlackoutWorld> {
  const clock = new ManualClock(NOW);
  const srv = await startTestServer({ dialect, clock });
  const a = await tenant(srv, await accountOf(srv), ADMIN.email, await srv.login());
  const email = `admin-b-${dialect}@example.com`;
  const other = await loggedInAccount(srv, {
    name: 'B',
    email,
    password: 'second account secret 7',
    timezone: bTimezone,
  });
  const b = await tenant(srv, other.accountId, email, other.token);
  return { srv, clock, a, b, close: () => srv.close() };
}

/** `YYYY-MM-DD HH:MM:SS` of a UTC instant (what a UTC account means by it). */
export const utcText = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** A one-time blackout body for a monitor, `startIn`…`endIn` minutes from NOW (UTC account). */
export function oneTime(monitorId: number, startIn: number, endIn: number, type = 'Monitor') {
  return {
    assoc_id: monitorId,
    type,
    from_date: utcText(NOW + startIn * MINUTE),
    thru_date: utcText(NOW + endIn * MINUTE),
  };
}

/** A recurring blackout body: Saturday 22:00 → Sunday 02:00 unless told otherwise. */
export function weekly(assocId: number, type = 'Monitor', over: Record<string, unknown> = {}) {
  return {
    assoc_id: assocId,
    type,
    start_day: 7,
    start_time: '22:00',
    end_day: 1,
    end_time: '02:00',
    ...over,
  };
}

/** Every blackout row of the database, for "nothing changed" checks. */
export async function allRows(srv: TestServer) {
  return srv.runtime.deps.db.selectFrom('blackouts').selectAll().orderBy('id').execute();
}
