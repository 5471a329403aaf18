import { Type } from 'typebox';
import type { Deps } from '../../../deps.ts';
import { propertyService } from '../../../properties/properties.ts';
import { createRoute, deleteRoute, getRoute, listRoute, updateRoute } from '../../resource.ts';
import type { App } from '../../types.ts';
import { NewPropertyBody, Property, PropertyPatchBody } from '../../../properties/schema.ts';

const tag = 'properties';

/** /properties: custom properties, and the `/property` create alias of the docs (docs/compatibility.md §15). */
export function registerProperties(app: App, deps: Deps): void {
  const properties = propertyService(deps);
  app.addSchema(Property);
  const item = Type.Ref('Property');

  listRoute(app, {
    tag,
    path: '/properties',
    summary: 'List custom properties with their values',
    item,
    list: (p, _q, page) => properties.list(p, page),
  });
  for (const path of ['/properties', '/property']) {
    createRoute(app, {
      tag,
      path,
      summary:
        path === '/property'
          ? 'Create a custom property (alias of POST /properties)'
          : 'Create a custom property',
      body: NewPropertyBody,
      create: properties.create,
    });
  }
  getRoute(app, {
    tag,
    path: '/properties/:id',
    idKind: 'int',
    summary: 'Get one custom property',
    item,
    get: (p, id) => properties.get(p, id),
  });
  updateRoute(app, {
    tag,
    path: '/properties/:id',
    idKind: 'int',
    summary: 'Rename a property and/or replace its value list (values kept by id)',
    body: PropertyPatchBody,
    update: properties.update,
  });
  deleteRoute(app, {
    tag,
    path: '/properties/:id',
    idKind: 'int',
    summary: 'Delete a property, its values and every monitor’s use of it',
    remove: properties.remove,
  });
}
