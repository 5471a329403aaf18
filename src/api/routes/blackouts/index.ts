import { Type } from 'typebox';
import { bulkEditBlackouts, type BulkEditInput } from '../../../blackouts/bulk-edit.ts';
import { blackoutService, type BlackoutQuery } from '../../../blackouts/service.ts';
import type { Deps } from '../../../deps.ts';
import { createRoute, deleteRoute, getRoute, listRoute, updateRoute } from '../../resource.ts';
import { errorResponses } from '../../schemas/common.ts';
import type { App } from '../../types.ts';
import {
  Blackout,
  BlackoutFilters,
  BlackoutPatchBody,
  BulkEditBody,
  BulkEditResponse,
  NewBlackoutBody,
} from '../../../blackouts/schema.ts';

const tag = 'blackouts';

/** /blackouts: monitor, alert and recipient blackouts (docs/alertsite-v3.md §5). */
export function registerBlackouts(app: App, deps: Deps): void {
  const blackouts = blackoutService(deps);
  app.addSchema(Blackout);
  const item = Type.Ref('Blackout');

  listRoute(app, {
    tag,
    path: '/blackouts',
    summary: 'List blackouts, past and future (filters: type, assoc_id, persistent)',
    item,
    filters: BlackoutFilters,
    list: (p, q, page) => blackouts.list(p, q as BlackoutQuery, page),
  });
  createRoute(app, {
    tag,
    path: '/blackouts',
    summary: 'Create a one-time (future) or recurring blackout',
    description:
      'persistent may be omitted: it follows from the fields given. Dates are in the account time zone.',
    body: NewBlackoutBody,
    create: blackouts.create,
  });
  app.post(
    '/blackouts/bulk-edit',
    {
      config: { access: 'write' },
      schema: {
        tags: [tag],
        summary: 'Add or replace the blackouts of many monitors at once (all or nothing)',
        description: 'Any monitor id that is not a monitor of the account answers 403 and nothing changes.',
        body: BulkEditBody,
        response: { 200: BulkEditResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => bulkEditBlackouts(deps, req.principal, req.body as BulkEditInput),
  );
  getRoute(app, {
    tag,
    path: '/blackouts/:id',
    idKind: 'int',
    summary: 'Get one blackout',
    item,
    get: (p, id) => blackouts.get(p, id),
  });
  updateRoute(app, {
    tag,
    path: '/blackouts/:id',
    idKind: 'int',
    summary: 'Edit a recurring blackout (one-time blackouts cannot be edited)',
    description: 'from_time and thru_time are accepted as aliases of start_time and end_time.',
    body: BlackoutPatchBody,
    update: blackouts.update,
  });
  deleteRoute(app, {
    tag,
    path: '/blackouts/:id',
    idKind: 'int',
    summary: 'Delete a recurring or future one-time blackout',
    remove: blackouts.remove,
  });
}
