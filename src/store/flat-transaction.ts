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
