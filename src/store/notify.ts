// Cross-process events: PostgreSQL LISTEN/NOTIFY between the processes sharing one database; on
// SQLite (one process) the same interface delivers in-process. Used for immediate revocation of
// cached principals and to wake workers after monitor edits and test-on-demand requests.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type pg from 'pg';
import type { Db } from './db.ts';
import { loadPg } from './dialect/postgres.ts';

/** What an event is about. */
export type Topic = 'auth' | 'work' | 'tests';

/** A handler of one topic's events; `reset` is called when events may have been missed. */
export interface Subscriber {
  /** One event of the topic. */
  event(payload: Record<string, unknown>): void;
  /** The listener lost its connection: anything derived from missed events must be dropped. */
  reset?(): void;
}

/** Publish/subscribe between the processes of one sitewatch installation. */
export interface EventBus {
  /**
   * Publishes after the caller's transaction committed. On PostgreSQL it resolves once this
   * process's own listener has seen the event (bounded by 1 s), so every other listener was
   * signalled by the server at the same commit: a request answered after it is safe to follow.
   */
  publish(topic: Topic, payload?: Record<string, unknown>): Promise<void>;
  /** Registers a handler; answers a function removing it. */
  subscribe(topic: Topic, s: Subscriber): () => void;
  /** False while the PostgreSQL listener is not connected: caches must not be trusted then. */
  readonly live: boolean;
  /**
   * Lets events already received by this process be handled before a cached value is trusted
   * (PostgreSQL: one event-loop turn, so a NOTIFY whose bytes arrived together with a request is
   * applied first). Absent when events are delivered synchronously (SQLite).
   */
  settle?(): Promise<void>;
  close(): Promise<void>;
}

const CHANNEL = 'sitewatch';
const ECHO_WAIT_MS = 1000;

function dispatcher() {
  const subs = new Map<Topic, Set<Subscriber>>();
  return {
    subscribe(topic: Topic, s: Subscriber) {
      let set = subs.get(topic);
      if (!set) subs.set(topic, (set = new Set()));
      set.add(s);
      return () => void set.delete(s);
    },
    emit(topic: Topic, payload: Record<string, unknown>) {
      for (const s of subs.get(topic) ?? []) s.event(payload);
    },
    reset() {
      for (const set of subs.values()) for (const s of set) s.reset?.();
    },
  };
}

/**
 * The single-process bus (SQLite): events are delivered synchronously to this process.
 * `dataVersion` (SQLite's data_version) reveals commits by another process, such as the CLI
 * resetting a password while the server runs: reading `live` then resets the subscribers.
 */
export function localBus(dataVersion?: () => number): EventBus {
  const d = dispatcher();
  let seen = dataVersion?.();
  return {
    get live() {
      if (dataVersion) {
        const v = dataVersion();
        if (v !== seen) {
          seen = v;
          d.reset();
        }
      }
      return true;
    },
    subscribe: d.subscribe,
    async publish(topic, payload = {}) {
      d.emit(topic, payload);
    },
    async close() {},
  };
}

/**
 * The PostgreSQL bus: one dedicated connection LISTENs on one channel; events of other schemas
 * (other installations in the same database) are ignored. Reconnects every second after a loss.
 */
export async function postgresBus(
  db: Db,
  url: string,
  schema: string,
  onError: (err: unknown) => void,
): Promise<EventBus> {
  const d = dispatcher();
  const echoes = new Map<string, () => void>();
  let client: pg.Client | null = null;
  let live = false;
  let closed = false;

  async function connect(): Promise<void> {
    const c: pg.Client = new (loadPg().Client)({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      let msg: { s?: string; t?: Topic; p?: Record<string, unknown>; e?: string };
      try {
        msg = JSON.parse(n.payload) as typeof msg;
      } catch {
        return;
      }
      if (msg.s !== schema || !msg.t) return;
      d.emit(msg.t, msg.p ?? {});
      if (msg.e) echoes.get(msg.e)?.();
    });
    const lost = (err?: unknown) => {
      if (client !== c) return;
      client = null;
      live = false;
      d.reset();
      if (err) onError(err);
      if (!closed) setTimeout(() => void reconnect(), 1000).unref();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    await c.connect();
    await c.query(`LISTEN ${CHANNEL}`);
    client = c;
    live = true;
    // Anything cached before the connection was (re)made may have missed an event.
    d.reset();
  }

  async function reconnect(): Promise<void> {
    if (closed || client) return;
    try {
      await connect();
    } catch (err) {
      onError(err);
      setTimeout(() => void reconnect(), 1000).unref();
    }
  }

  await connect();
  return {
    get live() {
      return live;
    },
    subscribe: d.subscribe,
    settle: () => new Promise<void>((r) => setImmediate(r)),
    async publish(topic, payload = {}) {
      const e = randomBytes(8).toString('hex');
      const seen = new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ECHO_WAIT_MS);
        echoes.set(e, () => {
          clearTimeout(t);
          resolve();
        });
      });
      const body = JSON.stringify({ s: schema, t: topic, p: payload, e });
      try {
        await sql`SELECT pg_notify(${CHANNEL}, ${body})`.execute(db);
        if (live) await seen;
      } finally {
        echoes.delete(e);
      }
    },
    async close() {
      closed = true;
      const c = client;
      client = null;
      live = false;
      await c?.end().catch(() => {});
    },
  };
}
