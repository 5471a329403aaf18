// Shared set-up of the SLA and property tests. Monitors are inserted straight into the database:
// these tests are about SLAs and properties, not about creating monitors.
import { createAccountWithAdmin } from '../../src/accounts/accounts.ts';
import { ADMIN, type TestServer } from '../helpers/server.ts';

/** The account of a user, by email. */
export async function accountOf(srv: TestServer, email = ADMIN.email): Promise<number> {
  const row = await srv.runtime.deps.db
    .selectFrom('users')
    .select('account_id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.account_id;
}

/** Inserts a monitor of `accountId` running from `locations` (default: location 10). */
export async function insertMonitor(
  srv: TestServer,
  accountId: number,
  o: { name?: string; mode?: string; config?: object; locations?: number[] } = {},
): Promise<number> {
  const { db, clock } = srv.runtime.deps;
  const now = clock.now();
  const row = await db
    .insertInto('monitors')
    .values({
      account_id: accountId,
      type: 'website',
      name: o.name ?? 'Shop home page',
      enabled: 1,
      interval: 5,
      timeout: 30,
      mode: o.mode ?? 'Primary',
      home_location: null,
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
export async function insertLocation(srv: TestServer, id: number, name: string): Promise<void> {
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

/** A second account with its ADMIN logged in: its ids must look missing to the first account. */
export async function otherAccount(
  srv: TestServer,
  tag: string,
): Promise<{ accountId: number; token: string }> {
  const email = `other-${tag}@example.com`;
  const password = 'other admin secret 77';
  const { account } = await createAccountWithAdmin(srv.runtime.deps, {
    name: `Other ${tag}`,
    parentId: null,
    adminEmail: email,
    adminPassword: password,
  });
  return { accountId: account.id, token: await srv.login(email, password) };
}
