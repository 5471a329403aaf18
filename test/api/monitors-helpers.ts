import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { accountOf, insertLocation, loggedInAccount } from '../helpers/fixtures.ts';
import type { TestServer } from '../helpers/server.ts';

// Shared fixtures of the monitor and location tests.

/** A minimal valid create body for every creatable type. */
export const MINIMAL: Record<string, Record<string, unknown>> = {
  website: { name: 'Home', url: 'http://example.com/' },
  'website-ssl': { name: 'Home TLS', url: 'https://example.com/' },
  'website-api': { name: 'API', api_steps: [{ url: 'http://api.example.com/v1' }] },
  'website-ssl-api': { name: 'API TLS', api_steps: [{ url: 'https://api.example.com/v1' }] },
  dejaclick: { name: 'Browser', step_timeout: 30, transaction_steps: 1, url: 'https://shop.example.com/' },
  api: { name: 'SoapUI', script: '<con:soapui-project/>', test_suite: 'S', test_case: 'C' },
  tcp: { name: 'Port 80', hostname: 'example.com', port: 80 },
  ping: { name: 'Ping', hostname: '192.0.2.1' },
  ftp: { name: 'FTP', hostname: 'ftp.example.com', enable_ftp_upload: false },
  'ftp-ssl': { name: 'FTPS', hostname: 'ftp.example.com', enable_ftp_upload: true },
  'email-imap': { name: 'IMAP', hostname: 'imap.example.com' },
  'email-pop': { name: 'POP', hostname: 'pop.example.com' },
  'email-smtp': { name: 'SMTP', hostname: 'smtp.example.com' },
  'email-round-trip': {
    name: 'Round trip',
    smtp_hostname: 'smtps://smtp.example.com:465',
    pop3_hostname: 'pop3s://mail.example.com:995',
    email: 'probe@example.com',
  },
  'name-server': { name: 'DNS', hostname: 'ns1.example.com', name_to_resolve: 'example.com' },
};

/** Required fields beyond `name`, by type (docs/alertsite-v3.md §4.5 without billing_plancode). */
export const REQUIRED: Record<string, string[]> = {
  website: ['url'],
  'website-ssl': ['url'],
  'website-api': ['api_steps'],
  'website-ssl-api': ['api_steps'],
  dejaclick: ['step_timeout', 'transaction_steps'],
  api: ['script', 'test_suite', 'test_case'],
  tcp: ['hostname', 'port'],
  ping: ['hostname'],
  ftp: ['hostname', 'enable_ftp_upload'],
  'ftp-ssl': ['hostname', 'enable_ftp_upload'],
  'email-imap': ['hostname'],
  'email-pop': ['hostname'],
  'email-smtp': ['hostname'],
  'email-round-trip': ['smtp_hostname', 'pop3_hostname', 'email'],
  'name-server': ['hostname'],
};

/** Creates a monitor and returns its id (as a number). */
export async function createMonitor(
  srv: TestServer,
  token: string,
  type: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const r = await srv.request('POST', `/api/v3/monitors/${type}`, {
    token,
    body: { ...MINIMAL[type], ...extra },
  });
  assert.equal(r.status, 200, r.text);
  assert.match(r.json.id, /^\d+$/);
  return Number(r.json.id);
}

export async function getMonitor(srv: TestServer, token: string, id: number, query = '') {
  const r = await srv.request('GET', `/api/v3/monitors/${id}${query}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

/** Another account with its own ADMIN; returns a token for it. */
export function otherAccount(srv: TestServer, name = 'Other'): Promise<{ token: string; accountId: number }> {
  return loggedInAccount(srv, {
    name,
    email: `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.org`,
    password: 'other admin secret 7',
  });
}

/** Adds a location row (shared when accountId is null). */
export async function addLocation(srv: TestServer, id: number, accountId: number | null, name = `Loc ${id}`) {
  await insertLocation(srv, { id, name, accountId, region: 2 });
}

/** A custom property with values, inserted directly; returns its id and value ids. */
export async function addProperty(srv: TestServer, accountId: number, name: string, values: string[]) {
  const db = srv.runtime.deps.db;
  const p = await db
    .insertInto('properties')
    .values({ account_id: accountId, name, name_key: name.trim().toLowerCase() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (const [position, v] of values.entries()) {
    const row = await db
      .insertInto('property_values')
      .values({ property_id: p.id, name: v, position })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return { id: p.id, values: ids };
}

/** The account id of the test server's first ADMIN. */
export const adminAccountId = (srv: TestServer): Promise<number> => accountOf(srv);

/** A request with no Content-Type header at all (fetch would add text/plain to a string body). */
export function sendWithoutContentType(
  srv: TestServer,
  method: string,
  path: string,
  token: string,
  body?: string,
) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const req = httpRequest(`${srv.url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
