import type { Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';
import { foundation } from './0001-foundation.ts';

/** Every migration in order; names sort lexically, so keep the numeric prefix. */
export function migrations(d: DialectAdapter): Record<string, Migration> {
  return {
    '0001-foundation': foundation(d),
  };
}
