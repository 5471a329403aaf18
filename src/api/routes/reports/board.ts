import { Type, type TSchema } from 'typebox';
import type { Deps } from '../../../deps.ts';
import { statusBoard } from '../../../reports/board.ts';
import { errorResponses } from '../../schemas/common.ts';
import type { App } from '../../types.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const Location = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  status: Nullable(Type.Integer({ description: 'Latest status code, 0 = OK; null: never ran here.' })),
  status_desc: Nullable(Type.String()),
  internal: Type.Boolean({ description: 'An internal status (21, 98): not the site failing.' }),
  info_msg: Nullable(Type.String()),
  last_at: Nullable(Type.Number({ description: 'Epoch ms of the latest result.' })),
  response_ms: Nullable(Type.Number({ description: 'Latest measured response time, ms.' })),
  changed_after: Nullable(
    Type.Number({
      description:
        'Epoch ms of the latest result of the other kind (latest failure while OK, latest OK while failing): the status changed right after it.',
    }),
  ),
});

const BoardMonitor = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    type: Type.String(),
    enabled: Type.Boolean(),
    interval: Type.Integer({ description: 'Minutes.' }),
    locations: Type.Array(Location),
  },
  { $id: 'BoardMonitor' },
);

/** `GET /status-board`: the dashboard's read model, every monitor in one request. */
export function registerStatusBoard(app: App, deps: Deps): void {
  const board = statusBoard(deps);
  app.addSchema(BoardMonitor);
  app.get(
    '/status-board',
    {
      config: { access: 'read' },
      schema: {
        tags: ['reports'],
        summary:
          'sitewatch extension: every monitor with its latest state per location (the dashboard board)',
        description:
          'One statement, one answer, not paged: the dashboard shows 10,000 monitors from this single request. Test-on-demand results never show here. `now` is the server clock (epoch ms) for "since" arithmetic.',
        response: {
          200: Type.Object({ now: Type.Number(), monitors: Type.Array(Type.Ref('BoardMonitor')) }),
          ...errorResponses(401),
        },
      },
    },
    async (req) => ({ now: deps.clock.now(), monitors: await board(req.principal) }),
  );
}
