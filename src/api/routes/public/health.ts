import { sql } from 'kysely';
import { Type } from 'typebox';
import { ApiError } from '../../../domain/errors.ts';
import type { Deps } from '../../../deps.ts';
import { outboxStats } from '../../../store/outbox.ts';
import type { App } from '../../types.ts';

const Status = Type.Object({ status: Type.String() });
const Ready = Type.Object({
  status: Type.String(),
  outbox: Type.Optional(
    Type.Object(
      {
        pending: Type.Integer({ description: 'Alert deliveries waiting or in flight.' }),
        oldest_pending_age_seconds: Type.Union([Type.Integer(), Type.Null()], {
          description: 'How long the oldest pending delivery has waited; null when none.',
        }),
      },
      { description: 'The alert outbox: a growing depth or age means alerts are not getting out.' },
    ),
  ),
});

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
        summary: 'The database answers; the body shows the alert outbox depth',
        security: [],
        response: { 200: Ready, 503: Type.Ref('ErrorEnvelope') },
      },
    },
    async () => {
      try {
        await sql`SELECT 1`.execute(deps.db);
        return { status: 'ok', outbox: await outboxStats(deps.db, deps.clock.now()) };
      } catch {
        throw new ApiError(503, 'unavailable - The database is not reachable.');
      }
    },
  );
}
