import type { Kysely } from 'kysely';

type Executor = { executeQuery: (...args: unknown[]) => Promise<unknown> };

/**
 * Counts the SQL statements run through `db` (the handle the routes share). Kysely's
 * getExecutor() is internal but stable; every query built from the handle goes through it.
 */
export function countStatements<DB>(db: Kysely<DB>): { readonly n: number; reset(): void } {
  const exec = (db as unknown as { getExecutor(): Executor }).getExecutor();
  const original = exec.executeQuery.bind(exec);
  const counter = { n: 0, reset: () => void (counter.n = 0) };
  exec.executeQuery = (...args: unknown[]) => {
    counter.n += 1;
    return original(...args);
  };
  return counter;
}
