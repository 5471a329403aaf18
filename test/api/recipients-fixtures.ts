// Rows the recipient and recipient-group tests need from resources built elsewhere (monitors,
// blackouts): inserted straight into the database, so these tests do not depend on those APIs.
import { createAccountWithAdmin } from '../../src/accounts/accounts.ts';
import { ADMIN, type TestServer } from '../helpers/server.ts';

/** The account id of a user, by login email. */
export async function accountOf(srv: TestServer, email = ADMIN.email): Promise<number> {
  const row = await srv.runtime.deps.db
    .selectFrom('users')
    .select('account_id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.account_id;
}

/** A monitor row; `steps` become `config.api_steps[].step_name`. */
export async function insertMonitor(
  srv: TestServer,
  accountId: number,
  name: string,
  steps?: string[],
): Promise<number> {
  const now = srv.runtime.deps.clock.now();
  const config = steps ? { api_steps: steps.map((step_name) => ({ step_name })) } : {};
  const row = await srv.runtime.deps.db
    .insertInto('monitors')
    .values({
      account_id: accountId,
      type: steps ? 'website-api' : 'website',
      name,
      enabled: 1,
      interval: 5,
      timeout: 30,
      mode: 'Primary',
      home_location: null,
      billing_plancode: '',
      config: JSON.stringify(config),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
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
export async function otherAccount(srv: TestServer): Promise<{ accountId: number; token: string }> {
  const email = `owner-${Math.random().toString(36).slice(2, 8)}@other.example.com`;
  const password = 'other account secret 7';
  const { account } = await createAccountWithAdmin(srv.runtime.deps, {
    name: 'Other Co',
    parentId: null,
    adminEmail: email,
    adminPassword: password,
  });
  return { accountId: account.id, token: await srv.login(email, password) };
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
