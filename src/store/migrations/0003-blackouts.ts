import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';

/** Blackouts (monitor, alert and recipient blackouts). */
export function blackouts(_d: DialectAdapter): Migration {
  return {
    async up(_db: Kysely<unknown>) {},
  };
}
