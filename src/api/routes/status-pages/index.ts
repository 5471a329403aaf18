import { Type } from 'typebox';
import type { Deps } from '../../../deps.ts';
import { statusPagesOf } from '../../../status-pages/index.ts';
import { createRoute, deleteRoute, getRoute, listRoute, updateRoute } from '../../resource.ts';
import type { App } from '../../types.ts';
import { NewStatusPageBody, StatusPage, StatusPagePatchBody } from './schema.ts';

const tag = 'status-pages';
const ADMIN_ONLY =
  'sitewatch extension. ADMIN only (publishing shows monitors outside the account); other roles get 403.';

/** /status-pages: public status pages of the account (sitewatch extension, issue 11). */
export function registerStatusPages(app: App, deps: Deps): void {
  const { service } = statusPagesOf(deps);
  app.addSchema(StatusPage);
  const item = Type.Ref('StatusPage');
  const read = { tag, description: 'sitewatch extension. Every role may read.' };
  const write = { tag, access: 'users' as const, description: ADMIN_ONLY };

  listRoute(app, {
    ...read,
    path: '/status-pages',
    summary: 'List status pages',
    item,
    list: (p, _q, page) => service.list(p, page),
  });
  createRoute(app, {
    ...write,
    path: '/status-pages',
    summary: 'Publish a status page',
    body: NewStatusPageBody,
    create: service.create,
  });
  getRoute(app, {
    ...read,
    path: '/status-pages/:id',
    idKind: 'int',
    summary: 'Get a status page',
    item,
    get: (p, id) => service.get(p, id),
  });
  updateRoute(app, {
    ...write,
    path: '/status-pages/:id',
    idKind: 'int',
    summary: 'Edit a status page (partial; monitors replaced as a whole)',
    body: StatusPagePatchBody,
    update: service.update,
  });
  deleteRoute(app, {
    ...write,
    path: '/status-pages/:id',
    idKind: 'int',
    summary: 'Unpublish a status page',
    remove: service.remove,
  });
}
