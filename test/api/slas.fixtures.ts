// Shared set-up of the SLA and property tests. Monitors are inserted straight into the database:
// these tests are about SLAs and properties, not about creating monitors.
import { insertLocation as insertLocationRow, loggedInAccount } from '../helpers/fixtures.ts';
import type { TestServer } from '../helpers/server.ts';

export { accountOf, insertMonitor } from '../helpers/fixtures.ts';

/** Adds a location every account may use. */
export async function insertLocation(srv: TestServer, id: number, name: string): Promise<void> {
  await insertLocationRow(srv, { id, name });
}

/** A second account with its ADMIN logged in: its ids must look missing to the first account. */
export function otherAccount(srv: TestServer, tag: string): Promise<{ accountId: number; token: string }> {
  return loggedInAccount(srv, {
    name: `Other ${tag}`,
    email: `other-${tag}@example.com`,
    password: 'other admin secret 77',
  });
}
