import type { CreateTableBuilder } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';

/** Adds an auto-numbered integer primary key named `id`. */
export function withId<T extends string>(t: CreateTableBuilder<T, never>, d: DialectAdapter) {
  return d.name === 'sqlite'
    ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : t.addColumn('id', 'serial', (c) => c.primaryKey());
}
