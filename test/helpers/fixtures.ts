// Rows the API tests need from resources other than the one under test (accounts, monitors,
// locations), written straight into the test server's database so a test does not depend on those
// APIs. Each test area's fixture file picks its own defaults on top of these.
import { createAccountWithAdmin } from '../../src/accounts/accounts.ts';
import { ADMIN, type TestServer } from './server.ts';

/** The account id of a user, by login email (default: the first ADMIN). */
export async function accountOf(srv: TestServer, email = ADMIN.email): Promise<number> {
  const row = await srv.runtime.deps.db
    .selectFrom('users')
    .select('account_id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.account_id;
}

/** What a monitor row inserted by `insertMonitor` differs in; every field has a default. */
export interface MonitorSpec {
  /** Default `'website'`. */
  type?: string;
  /** Default `'Shop home page'`. */
  name?: string;
  /** Default true. */
  enabled?: boolean;
  /** Minutes; default 5. */
  interval?: number;
  /** Seconds; default 30. */
  timeout?: number;
  /** Default `'Primary'`. */
  mode?: string;
  /** Default null. */
  homeLocation?: number | null;
  /** Stored as JSON; default `{ url: 'http://example.com/' }`. */
  config?: object;
  /** Rows of monitor_locations, in order; default `[10]`, `[]` for none. */
  locations?: number[];
}

/** Inserts a monitor of `accountId` and its locations; returns its id. */
export async function insertMonitor(
  srv: TestServer,
  accountId: number,
  o: MonitorSpec = {},
): Promise<number> {
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
      mode: o.mode ?? 'Primary',
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

/**
 * Adds an online location: shared by every account (from config) when `accountId` is null,
 * otherwise a private one of that account (from a worker).
 */
export async function insertLocation(
  srv: TestServer,
  o: { id: number; name: string; accountId?: number | null; region?: number },
): Promise<void> {
  const accountId = o.accountId ?? null;
  await srv.runtime.deps.db
    .insertInto('locations')
    .values({
      id: o.id,
      account_id: accountId,
      name: o.name,
      region: o.region ?? 1,
      country: 'US',
      is_private: accountId === null ? 0 : 1,
      online: 1,
      // Online means heartbeated within three beats (docs/compatibility.md §7): as if its process just beat.
      last_seen: srv.runtime.deps.clock.now(),
      capabilities: '[]',
      source: accountId === null ? 'config' : 'worker',
    })
    .execute();
}

/** Creates a top-level account with its ADMIN and logs that ADMIN in. */
export async function loggedInAccount(
  srv: TestServer,
  o: { name: string; email: string; password: string; timezone?: string },
): Promise<{ accountId: number; token: string }> {
  const { account } = await createAccountWithAdmin(srv.runtime.deps, {
    name: o.name,
    parentId: null,
    adminEmail: o.email,
    adminPassword: o.password,
    ...(o.timezone === undefined ? {} : { timezone: o.timezone }),
  });
  return { accountId: account.id, token: await srv.login(o.email, o.password) };
}
