// Shared set-up of the SLA and property tests. Monitors are inserted straight into the database:
// these tests are about SLAs and properties, not about creating monitors.
import assert from 'node:assert/strict';
import type { DialectName } from '../../src/store/dialect/types.ts';
import {
  accountOf,
  insertLocation as insertLocationRow,
  insertMonitor,
  loggedInAccount,
  type MonitorSpec,
} from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

export { accountOf, insertMonitor };

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

/** A test server on `dialect` whose first ADMIN is logged in, with a second location (20). */
export interface SlaServer {
  srv: TestServer;
  token: string;
  /** The ADMIN's account. */
  account: number;
}

/** Starts the server every SLA route test runs against. */
export async function startSlaServer(dialect: DialectName): Promise<SlaServer> {
  const srv = await startTestServer({ dialect });
  const token = await srv.login();
  const account = await accountOf(srv);
  await insertLocation(srv, 20, 'Atlanta, GA');
  return { srv, token, account };
}

/**
 * Calls of the SLA route tests over the server `current` answers (read at call time: the server
 * starts in a before hook, after the calls are built).
 */
export function slaCalls(current: () => SlaServer) {
  const api = (method: string, path: string, body?: unknown) =>
    current().srv.request(method, `/api/v3${path}`, { token: current().token, body });
  const monitor = (o: MonitorSpec = {}) => insertMonitor(current().srv, current().account, o);
  async function create(body: Record<string, unknown>): Promise<number> {
    const r = await api('POST', '/slas', { name: 'Gold', availability: 99.5, response_time: 2, ...body });
    assert.equal(r.status, 200, r.text);
    return Number(r.json.id);
  }
  return { api, monitor, create };
}
