import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Hardening (issue 9): login counters were keyed by the verbatim username, so a client could store
 * megabytes per attempt. Keys are now SHA-256 digests (docs/compatibility.md §2); the old rows are
 * only counters, and dropping them forgets at most an hour of failures.
 */
export function hardening(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql`DELETE FROM login_throttle`.execute(db);
    },
  };
}
