import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';

/** Alert recipients and recipient groups. */
export function recipients(_d: DialectAdapter): Migration {
  return {
    async up(_db: Kysely<unknown>) {},
  };
}
