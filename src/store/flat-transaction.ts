import type { Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { Db } from './db.ts';

/**
 * `tx` seen as a database whose own `transaction()` runs inline in `tx`: services that open a
 * transaction per write can then be run many times inside one outer transaction, which commits
 * or rolls back all of them together (`sitewatch apply`: one transaction per resource kind).
 */
export function flatTransaction(tx: Transaction<Database>): Db {
  const inline = { execute: <T>(fn: (t: Db) => Promise<T>) => fn(proxy) };
  const builder = {
    ...inline,
    setIsolationLevel: () => builder,
    setAccessMode: () => builder,
  };
  const proxy: Db = new Proxy(tx, {
    get(target, key) {
      if (key === 'transaction') return () => builder;
      // Kysely keeps its state in private fields: methods must run on the real object.
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return proxy;
}

/** A database handle whose queries go to the root database or, inside `within`, to a transaction. */
export interface RedirectableDb {
  /** Stable handle to give to services (and to an API built once). */
  db: Db;
  /** Runs `fn` in one transaction of the root database, every query on `db` going into it. */
  within<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Lets a long-lived API (built once: building one takes seconds) run batches of requests each in
 * its own transaction: `sitewatch apply` commits one transaction per resource kind.
 */
export function redirectableDb(root: Db): RedirectableDb {
  let current: Db = root;
  const db: Db = new Proxy(root, {
    get(_target, key) {
      const target = current;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    db,
    within: (fn) =>
      root.transaction().execute(async (tx) => {
        current = flatTransaction(tx);
        try {
          return await fn();
        } finally {
          current = root;
        }
      }),
  };
}
