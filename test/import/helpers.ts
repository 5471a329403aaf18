import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../src/config/settings.ts';
import { MINIMAL } from '../api/monitors-helpers.ts';
import { dropSchema, PG_URL } from '../helpers/db.ts';
import { insertLocation } from '../helpers/fixtures.ts';
import { listenOnPortZero } from '../helpers/listen.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { DialectName } from '../../src/store/dialect/types.ts';

import { cli } from '../helpers/cli.ts';

export { cli };

/** The local instance the CLI writes to: its environment and its first ADMIN. */
export interface LocalInstance {
  env: Record<string, string>;
  email: string;
  password: string;
  /** Starts a server on the same database, to read what the CLI wrote (close it with keepData). */
  serve(): Promise<TestServer>;
  /** Drops the PostgreSQL schema (SQLite folders live in the OS temp dir). */
  drop(): Promise<void>;
}

let counter = 0;

/** A fresh local database (SQLite folder or PostgreSQL schema) with one account made by the CLI. */
export async function localInstance(dialect: DialectName): Promise<LocalInstance> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sitewatch-import-'));
  const env: Record<string, string> = { SITEWATCH_DATA_DIR: dataDir };
  if (dialect === 'postgres') {
    env.DATABASE_URL = PG_URL;
    env.SITEWATCH_DB_SCHEMA = `sw_imp_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  }
  const email = 'owner@local.example';
  const password = 'local owner secret 9';
  const r = await cli(
    ['account', 'create', '--name', 'Local', '--admin-email', email, '--admin-password', password],
    env,
  );
  assert.equal(r.code, 0, r.stderr);
  const settings = () =>
    loadSettings({
      ...env,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      SITEWATCH_API_RATE_LIMIT: '0',
    });
  return {
    env,
    email,
    password,
    drop: () => dropSchema(settings()),
    serve: () =>
      startTestServer({
        settings: loadSettings({
          ...env,
          HOST: '127.0.0.1',
          PORT: '0',
          LOG_LEVEL: 'silent',
          SITEWATCH_API_RATE_LIMIT: '0',
        }),
      }),
  };
}

/** Calls the API of `srv` as `token`, failing the test on a non-2xx answer. */
export function api(srv: TestServer, token: string) {
  return async (method: string, path: string, body?: unknown) => {
    const r = await srv.request(method, `/api/v3${path}`, { token, body });
    assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
    return r.json;
  };
}

/** Ids of what `seedSource` created. */
export interface Seeded {
  monitors: Record<string, number>;
  recipients: Record<string, number>;
  unmappedMonitor: number;
}

/**
 * Fills an account with one monitor of every creatable type, recipients of several methods, a
 * group with errortypes, one-time and weekly blackouts, an SLA and custom properties; plus a
 * monitor on location 77, which the local instance does not have.
 */
export async function seedSource(srv: TestServer, token: string): Promise<Seeded> {
  const call = api(srv, token);
  const team = await call('POST', '/properties', {
    name: 'Team',
    values: [{ name: 'Ops' }, { name: 'Web' }],
  });
  const teamView = await call('GET', `/properties/${team.id}`);
  const web = teamView.values.find((v: { name: string }) => v.name === 'Web').id;
  const monitors: Record<string, number> = {};
  for (const [type, body] of Object.entries(MINIMAL)) {
    const extra =
      type === 'website'
        ? {
            http_basic_auth_username: 'probe',
            http_basic_auth_password: 'probe secret',
            custom_properties: [{ id: Number(team.id), value_id: web }],
            interval: 15,
          }
        : {};
    monitors[type] = Number((await call('POST', `/monitors/${type}`, { ...body, ...extra })).id);
  }
  await insertLocation(srv, { id: 77, name: 'Far away' });
  const unmappedMonitor = Number(
    (
      await call('POST', '/monitors/ping', {
        name: 'Far ping',
        hostname: '192.0.2.7',
        locations: [{ id: 77 }],
      })
    ).id,
  );
  const recipients: Record<string, number> = {};
  const rs: [string, Record<string, unknown>][] = [
    ['email', { name: 'Ops mail', method_id: 12, recipient: 'ops@example.com', notify_on_clear: true }],
    ['sms', { name: 'On call', method_id: 6, recipient: '+15551234567', start_threshold: 2 }],
    [
      'json',
      {
        name: 'Hook',
        method_id: 16,
        recipient: 'https://hooks.example.com/alert',
        username: 'u',
        password: 'p',
      },
    ],
    ['snmp', { name: 'NMS', method_id: 9, recipient: '192.0.2.10:162' }],
  ];
  for (const [key, body] of rs) recipients[key] = Number((await call('POST', '/recipients', body)).id);
  await call('POST', '/notifier-groups', {
    name: 'Web team',
    monitors: [{ id: monitors.website }, { id: monitors.tcp }],
    recipients: [{ id: recipients.email }, { id: recipients.json }],
    errortypes: [{ id: 1 }, { id: 7 }],
  });
  await call('POST', '/blackouts', {
    assoc_id: monitors.website,
    type: 'Monitor',
    from_date: '2031-01-01 00:00:00',
    thru_date: '2031-01-02 06:00:00',
    note: 'migration window',
  });
  await call('POST', '/blackouts', {
    assoc_id: monitors.tcp,
    type: 'Alert',
    start_day: 1,
    start_time: '02:00',
    end_day: 1,
    end_time: '03:30',
  });
  await call('POST', '/blackouts', {
    assoc_id: recipients.sms,
    type: 'Notifier',
    start_day: 7,
    start_time: '22:00',
    end_day: 1,
    end_time: '06:00',
  });
  await call('POST', '/slas', {
    monitor_id: monitors.website,
    name: 'Gold',
    availability: 99.5,
    response_time: 2,
    operating_periods: [{ from_day: 2, from_time: '08:00', thru_day: 6, thru_time: '18:00' }],
    exclusions: [{ from_date: '2030-12-24 00:00:00', thru_date: '2030-12-26 00:00:00', note: 'holidays' }],
  });
  return { monitors, recipients, unmappedMonitor };
}

/** Faults the proxy injects, each once, and how often each fired. */
export interface FaultProxy {
  url: string;
  hits: { error500: number; throttled: number; revoked: number; requests: number };
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of the source: the first monitors page answers 500, the first
 * recipients page 429 with Retry-After: 1, and before the first notifier-groups request the
 * proxy revokes the client's token at the source (a token expiring mid-run).
 */
export async function faultProxy(target: string): Promise<FaultProxy> {
  const hits = { error500: 0, throttled: 0, revoked: 0, requests: 0 };
  const server = createServer(async (req, res) => {
    hits.requests++;
    const path = req.url ?? '/';
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method === 'GET' && path.startsWith('/api/v3/monitors?') && hits.error500 === 0) {
      hits.error500++;
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end('{"errors":[{"code":500,"message":"boom"}]}');
      return;
    }
    if (req.method === 'GET' && path.startsWith('/api/v3/recipients?') && hits.throttled === 0) {
      hits.throttled++;
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end('{"errors":[{"code":429,"message":"too_many_requests"}]}');
      return;
    }
    if (path.startsWith('/api/v3/notifier-groups') && hits.revoked === 0 && req.headers.authorization) {
      hits.revoked++;
      await fetch(`${target}/api/v3/access-tokens`, {
        method: 'DELETE',
        headers: { authorization: req.headers.authorization },
      });
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (typeof v === 'string' && k !== 'host') headers[k] = v;
    const upstream = await fetch(`${target}${path}`, {
      method: req.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const out: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (k !== 'content-encoding' && k !== 'transfer-encoding' && k !== 'content-length') out[k] = v;
    });
    res.writeHead(upstream.status, out).end(Buffer.from(await upstream.arrayBuffer()));
  });
  const listening = await listenOnPortZero(server);
  return { url: `http://127.0.0.1:${listening.port}`, hits, close: () => listening.close() };
}

export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const omit = (o: Obj, keys: string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
export const byName = (rows: Obj[]) => new Map(rows.map((r) => [r.name as string, r]));

/** Everything an account holds, with ids replaced by names, for a field-by-field comparison. */
export async function snapshot(srv: TestServer, token: string) {
  const call = api(srv, token);
  const monitors: Obj[] = (await call('GET', '/monitors?show_scripts=true')).results;
  const recipients: Obj[] = (await call('GET', '/recipients')).results;
  const monName = new Map(monitors.map((m) => [m.id, m.name]));
  const recName = new Map(recipients.map((r) => [r.id, r.name]));
  const groups: Obj[] = (await call('GET', '/notifier-groups')).results;
  const blackouts: Obj[] = (await call('GET', '/blackouts')).results;
  const slas: Obj[] = (await call('GET', '/slas')).results;
  const properties: Obj[] = (await call('GET', '/properties')).results;
  return {
    monitors: monitors
      .map((m): Obj => ({
        ...omit(m, ['id', 'blackout_ids', 'sla_id']),
        custom_properties: m.custom_properties.map((p: Obj) => `${p.name}=${p.value}`),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    recipients: recipients
      .map((r) => omit(r, ['id', 'blackout_ids', 'notifier_groups']))
      .sort((a, b) => a.name.localeCompare(b.name)),
    groups: groups.map((g) => ({
      ...omit(g, ['id']),
      monitors: g.monitors.map((m: Obj) => `${m.name}#${m.step_number}`).sort(),
      recipients: g.recipients.map((r: Obj) => r.name).sort(),
    })),
    blackouts: blackouts
      .map((b): Obj => ({
        ...omit(b, ['id', 'date_added', 'login']),
        assoc_id: b.type === 'Notifier' ? recName.get(b.assoc_id) : monName.get(b.assoc_id),
      }))
      .sort((a, b) => `${a.type}${a.assoc_id}`.localeCompare(`${b.type}${b.assoc_id}`)),
    slas: slas.map((s) => ({
      ...omit(s, ['id', 'monitor_id']),
      operating_periods: s.operating_periods.map((p: Obj) => omit(p, ['id'])),
      exclusions: s.exclusions.map((e: Obj) => omit(e, ['id'])),
    })),
    properties: properties.map((p) => ({ name: p.name, values: p.values.map((v: Obj) => v.name) })),
  };
}
