// Monitors as the API shows them, in one statement: the rows with their locations, custom
// properties, blackout ids and SLA id as correlated JSON subqueries, and the list total as a
// scalar subquery. GET /monitors/{id} was six statements (token, row, four relation reads); it is
// now the token lookup (or none, cached) plus this one.
import { sql, type Expression, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { jsonArrayFrom as pgArray } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteArray } from 'kysely/helpers/sqlite';
import type { Db } from './db.ts';
import { preparedQuery } from './prepared.ts';
import type { DialectAdapter } from './dialect/types.ts';
import type { MonitorRelations, MonitorRow } from './monitors.ts';
import type { Database } from './schema.ts';

const COLUMNS = [
  'm.id',
  'm.account_id',
  'm.type',
  'm.name',
  'm.enabled',
  'm.interval',
  'm.timeout',
  'm.mode',
  'm.home_location',
  'm.billing_plancode',
  'm.config',
  'm.created_at',
  'm.updated_at',
] as const;

const MONITOR_BLACKOUT_TYPES = ['Monitor', 'Alert'];

type Sub<O> = SelectQueryBuilder<Database, never, O>;

/** What a filtered, paged monitor read asks for. */
export interface MonitorViewQuery {
  accountId: number;
  /** One monitor (GET /monitors/{id}); otherwise a page of the account's monitors. */
  id?: number;
  types?: string[];
  withScript: boolean;
  page?: { limit: number; offset: number };
}

/** Rows with their relations, and the total of the filtered list (lists only). */
export interface MonitorViewRows {
  rows: MonitorRow[];
  relations: MonitorRelations;
  /** null when the page came back empty (the caller counts separately then) or for one monitor. */
  total: number | null;
}

interface Raw extends MonitorRow {
  j_locations: unknown;
  j_properties: unknown;
  j_blackouts: unknown;
  sla_id: number | null;
  perf_firing: number | string | null;
  total?: number | string | null;
}

const parsed = <T>(v: unknown): T[] => (typeof v === 'string' ? (JSON.parse(v) as T[]) : ((v as T[]) ?? []));

/** What decides the SQL text of a monitor read (the values are bound parameters). */
interface Shape {
  dialect: DialectAdapter['name'];
  one: boolean;
  withScript: boolean;
  /** Number of types in the filter; -1 for none. */
  types: number;
}

/**
 * Builds the statement with `p` as its parameters, in the order [accountId, id] for one monitor
 * or [accountId, limit, offset] for a page, then the types of the filter.
 */
function build(db: Db, shape: Shape, p: unknown[]) {
  const array = (shape.dialect === 'postgres' ? pgArray : sqliteArray) as <O>(
    e: Expression<O>,
  ) => RawBuilder<O[]>;
  const accountId = p[0] as number;
  const types = shape.types >= 0 ? (p.slice(shape.one ? 2 : 3) as string[]) : undefined;
  const scoped = (inner: Db) => {
    let f = inner.selectFrom('monitors').where('account_id', '=', accountId);
    if (types) f = f.where('type', 'in', types);
    return f;
  };
  let query = db
    .selectFrom('monitors as m')
    .select(COLUMNS)
    .select((eb) => [
      shape.withScript ? eb.ref('m.script').as('script') : eb.val<string | null>(null).as('script'),
      array(
        eb
          .selectFrom('monitor_locations as ml')
          .innerJoin('locations as l', 'l.id', 'ml.location_id')
          .select(['l.id', 'l.name', 'l.region'])
          .whereRef('ml.monitor_id', '=', 'm.id')
          .orderBy('ml.position') as unknown as Sub<unknown>,
      ).as('j_locations'),
      array(
        eb
          .selectFrom('monitor_properties as mp')
          .innerJoin('properties as p', 'p.id', 'mp.property_id')
          .innerJoin('property_values as v', (j) =>
            j.onRef('v.id', '=', 'mp.value_id').onRef('v.property_id', '=', 'mp.property_id'),
          )
          .select(['p.id', 'p.name', 'v.name as value', 'v.id as value_id'])
          .whereRef('mp.monitor_id', '=', 'm.id')
          .where('p.account_id', '=', accountId)
          .orderBy('p.id') as unknown as Sub<unknown>,
      ).as('j_properties'),
      array(
        eb
          .selectFrom('blackouts as b')
          .select('b.id')
          .where('b.account_id', '=', accountId)
          .where('b.type', 'in', MONITOR_BLACKOUT_TYPES)
          .whereRef('b.assoc_id', '=', 'm.id')
          .orderBy('b.id') as unknown as Sub<unknown>,
      ).as('j_blackouts'),
      eb
        .selectFrom('slas as s')
        .select('s.id')
        .where('s.account_id', '=', accountId)
        .whereRef('s.monitor_id', '=', 'm.id')
        .limit(1)
        .as('sla_id'),
      // Performance alerts: null = none enabled, 0 = enabled and quiet, 1 = one is firing.
      eb
        .selectFrom('performance_alerts as pa')
        .select((x) => x.fn.max('pa.firing').as('f'))
        .where('pa.account_id', '=', accountId)
        .whereRef('pa.monitor_id', '=', 'm.id')
        .where('pa.enabled', '=', 1)
        .as('perf_firing'),
    ])
    .where('m.account_id', '=', accountId);
  if (shape.one) return query.where('m.id', '=', p[1] as number);
  query = query
    .select(() =>
      scoped(db)
        .select(sql<number>`count(*)`.as('n'))
        .as('total'),
    )
    .where(
      'm.id',
      'in',
      scoped(db)
        .select('id')
        .orderBy('id')
        .limit(p[1] as number)
        .offset(p[2] as number),
    )
    .orderBy('m.id');
  return query;
}

// Building and compiling this statement cost more than running it (a third of GET /monitors/{id}
// in a profile); each shape is compiled once and afterwards only its parameters are bound.
const byShape = new Map<string, (db: Db, ...p: unknown[]) => Promise<unknown[]>>();

type Run = (db: Db, ...p: unknown[]) => Promise<unknown[]>;

function statementFor(shape: Shape, arity: number): Run {
  const key = `${shape.dialect}|${shape.one}|${shape.withScript}|${shape.types}`;
  let run = byShape.get(key);
  if (!run) {
    run = preparedQuery(arity, (db: Db, ...p: unknown[]) => build(db, shape, p)) as Run;
    byShape.set(key, run);
  }
  return run;
}

/**
 * One statement for a page of monitors (deferred join: the page's ids are chosen on the
 * (account_id, id) index, so a deep offset skips index entries, not wide rows) or for one monitor.
 */
export async function monitorViews(
  db: Db,
  dialect: DialectAdapter,
  q: MonitorViewQuery,
): Promise<MonitorViewRows> {
  // Distinct types: the filter's length is bounded by the registry, and so is the shape count.
  const types = q.types ? [...new Set(q.types)] : undefined;
  const shape: Shape = {
    dialect: dialect.name,
    one: q.id !== undefined,
    withScript: q.withScript,
    types: types ? types.length : -1,
  };
  const page = q.page ?? { limit: 1000, offset: 0 };
  const params = [q.accountId, ...(shape.one ? [q.id] : [page.limit, page.offset]), ...(types ?? [])];
  const raw = (await statementFor(shape, params.length)(db, ...params)) as Raw[];
  const relations: MonitorRelations = {
    locations: new Map(),
    properties: new Map(),
    blackouts: new Map(),
    slas: new Map(),
    performance: new Map(),
  };
  const rows: MonitorRow[] = raw.map((r) => {
    const { j_locations, j_properties, j_blackouts, sla_id, perf_firing } = r;
    // Named fields, not an object rest: the rest spread was a tenth of a 5,000-row list.
    const row: MonitorRow = {
      id: r.id,
      account_id: r.account_id,
      type: r.type,
      name: r.name,
      enabled: r.enabled,
      interval: r.interval,
      timeout: r.timeout,
      mode: r.mode,
      home_location: r.home_location,
      billing_plancode: r.billing_plancode,
      config: r.config,
      created_at: r.created_at,
      updated_at: r.updated_at,
      script: r.script,
    };
    if (perf_firing !== null) {
      relations.performance.set(row.id, { configured: true, active: Number(perf_firing) === 1 });
    }
    relations.locations.set(row.id, parsed(j_locations));
    relations.properties.set(row.id, parsed(j_properties));
    relations.blackouts.set(
      row.id,
      parsed<{ id: number }>(j_blackouts).map((b) => b.id),
    );
    if (sla_id !== null) relations.slas.set(row.id, sla_id);
    return row;
  });
  const first = raw[0]?.total;
  return { rows, relations, total: first === undefined || first === null ? null : Number(first) };
}

/** The total of a filtered list, for a page past its end (where the page query has no row). */
export async function countMonitors(db: Db, accountId: number, types?: string[]): Promise<number> {
  let q = db
    .selectFrom('monitors')
    .select(sql<number>`count(*)`.as('n'))
    .where('account_id', '=', accountId);
  if (types) q = q.where('type', 'in', types);
  const row = await q.executeTakeFirst();
  return Number(row?.n ?? 0);
}
