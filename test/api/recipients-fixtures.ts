// Rows the recipient and recipient-group tests need from resources built elsewhere (monitors,
// blackouts): inserted straight into the database, so these tests do not depend on those APIs.
import { insertMonitor as insertMonitorRow, loggedInAccount } from '../helpers/fixtures.ts';
import { ADMIN, type TestServer } from '../helpers/server.ts';

export { accountOf } from '../helpers/fixtures.ts';

/** A monitor row without locations; `steps` become `config.api_steps[].step_name`. */
export function insertMonitor(
  srv: TestServer,
  accountId: number,
  name: string,
  steps?: string[],
): Promise<number> {
  return insertMonitorRow(srv, accountId, {
    type: steps ? 'website-api' : 'website',
    name,
    config: steps ? { api_steps: steps.map((step_name) => ({ step_name })) } : {},
    locations: [],
  });
}

/** A recurring blackout row of `type` for `assocId`. */
export async function insertBlackout(
  srv: TestServer,
  accountId: number,
  type: 'Notifier' | 'Monitor' | 'Alert',
  assocId: number,
): Promise<number> {
  const row = await srv.runtime.deps.db
    .insertInto('blackouts')
    .values({
      account_id: accountId,
      type,
      assoc_id: assocId,
      persistent: 1,
      from_date: null,
      thru_date: null,
      from_at: null,
      thru_at: null,
      start_day: 7,
      start_time: '00:00',
      end_day: 1,
      end_time: '06:00',
      note: null,
      login: ADMIN.email,
      date_added: srv.runtime.deps.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A second account with its own ADMIN, logged in. */
export function otherAccount(srv: TestServer): Promise<{ accountId: number; token: string }> {
  return loggedInAccount(srv, {
    name: 'Other Co',
    email: `owner-${Math.random().toString(36).slice(2, 8)}@other.example.com`,
    password: 'other account secret 7',
  });
}

/** Creates a recipient through the API and returns its numeric id. */
export async function createRecipient(srv: TestServer, token: string, body: object): Promise<number> {
  const r = await srv.request('POST', '/api/v3/recipients', { token, body });
  if (r.status !== 200) throw new Error(`recipient create failed: ${r.status} ${r.text}`);
  return Number(r.json.id);
}

/** Creates a recipient group through the API and returns its numeric id. */
export async function createGroup(srv: TestServer, token: string, body: object): Promise<number> {
  const r = await srv.request('POST', '/api/v3/notifier-groups', { token, body });
  if (r.status !== 200) throw new Error(`group create failed: ${r.status} ${r.text}`);
  return Number(r.json.id);
}
