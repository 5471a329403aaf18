import { sql } from 'kysely';
import { Type } from 'typebox';
import { ApiError } from '../../../domain/errors.ts';
import type { Deps } from '../../../deps.ts';
import type { App } from '../../types.ts';

const Status = Type.Object({ status: Type.String() });

/** Liveness and readiness probes, without a token. */
export function registerHealth(app: App, deps: Deps): void {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'The process is up', security: [], response: { 200: Status } } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'The database answers',
        security: [],
        response: { 200: Status, 503: Type.Ref('ErrorEnvelope') },
      },
    },
    async () => {
      try {
        await sql`SELECT 1`.execute(deps.db);
      } catch {
        throw new ApiError(503, 'unavailable - The database is not reachable.');
      }
      return { status: 'ok' };
    },
  );
}
