import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';

/** SLAs and custom properties. */
export function slasProperties(_d: DialectAdapter): Migration {
  return {
    async up(_db: Kysely<unknown>) {},
  };
}
