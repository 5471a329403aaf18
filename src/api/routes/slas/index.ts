import { Type } from 'typebox';
import type { Deps } from '../../../deps.ts';
import { slaBulkEdit } from '../../../slas/bulk-edit.ts';
import { slaService } from '../../../slas/slas.ts';
import { listEnvelope, pageOf, project } from '../../lists.ts';
import { createRoute, deleteRoute, getRoute, updateRoute } from '../../resource.ts';
import { errorResponses, ListEnvelope, ListQuery } from '../../schemas/common.ts';
import type { App } from '../../types.ts';
import { NewSlaBody, Sla, SlaBulkEditBody, SlaBulkEditResult, SlaPatchBody } from '../../../slas/schema.ts';

const tag = 'slas';

/** /slas: one SLA per monitor, with objectives, operating periods and exclusions (docs/alertsite-v3.md §11). */
export function registerSlas(app: App, deps: Deps): void {
  const slas = slaService(deps);
  const bulkEdit = slaBulkEdit(deps);
  app.addSchema(Sla);
  const item = Type.Ref('Sla');

  // Not listRoute: with `monitor_id` the answer is the monitor's SLA itself, not an envelope
  // (docs/alertsite-v3.md §11.2), so the list plumbing of lists.ts is composed here instead.
  app.get(
    '/slas',
    {
      config: { access: 'read' },
      schema: {
        tags: [tag],
        summary: 'List SLAs, or get the SLA of one monitor (`monitor_id`: the object itself, 404 when none)',
        querystring: Type.Object({ ...ListQuery, monitor_id: Type.Optional(Type.Integer()) }),
        response: { 200: Type.Union([ListEnvelope(item), item]), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const query = req.query as { limit?: number; offset?: number; select?: string; monitor_id?: number };
      if (query.monitor_id !== undefined)
        return project(await slas.ofMonitor(req.principal, query.monitor_id), query.select);
      const page = pageOf(query);
      const { count, rows } = await slas.list(req.principal, page);
      return listEnvelope(req.principal, page, count, rows, query.select);
    },
  );
  createRoute(app, {
    tag,
    path: '/slas',
    summary: 'Create the SLA of a monitor (one per monitor)',
    body: NewSlaBody,
    create: slas.create,
  });
  app.post(
    '/slas/bulk-edit',
    {
      config: { access: 'write' },
      schema: {
        tags: [tag],
        summary: 'Edit the SLAs of several monitors at once (all or nothing)',
        body: SlaBulkEditBody,
        response: { 200: SlaBulkEditResult, ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => bulkEdit(req.principal, req.body),
  );
  getRoute(app, {
    tag,
    path: '/slas/:id',
    idKind: 'int',
    summary: 'Get one SLA',
    item,
    get: (p, id) => slas.get(p, id),
  });
  updateRoute(app, {
    tag,
    path: '/slas/:id',
    idKind: 'int',
    summary: 'Edit an SLA (partial; periods and exclusions replaced as a whole; monitor_id ignored)',
    body: SlaPatchBody,
    update: slas.update,
  });
  deleteRoute(app, {
    tag,
    path: '/slas/:id',
    idKind: 'int',
    summary: 'Delete an SLA',
    remove: slas.remove,
  });
}
