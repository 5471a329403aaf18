import { Type } from 'typebox';
import type { Deps } from '../../../deps.ts';
import { notifierGroupService } from '../../../recipients/notifier-groups.ts';
import { createRoute, deleteRoute, getRoute, listRoute, updateRoute } from '../../resource.ts';
import type { App } from '../../types.ts';
import {
  GroupFilters,
  GroupPatchBody,
  NewGroupBody,
  NotifierGroup,
} from '../../../recipients/group-schema.ts';

const common = { tag: 'notifier-groups' };

/** /notifier-groups: recipient groups (docs/alertsite-v3.md §7). */
export function registerNotifierGroups(app: App, deps: Deps): void {
  const groups = notifierGroupService(deps);
  app.addSchema(NotifierGroup);
  const item = Type.Ref('NotifierGroup');

  listRoute(app, {
    ...common,
    path: '/notifier-groups',
    summary: 'List recipient groups (filters: monitor_id or monidor_id, recipient_id)',
    item,
    filters: GroupFilters,
    list: (p, q, page) =>
      groups.list(
        p,
        {
          monitor_id: q.monitor_id as number | undefined,
          monidor_id: q.monidor_id as number | undefined,
          recipient_id: q.recipient_id as number | undefined,
        },
        page,
      ),
  });
  createRoute(app, {
    ...common,
    path: '/notifier-groups',
    summary: 'Create a recipient group',
    body: NewGroupBody,
    create: groups.create,
  });
  getRoute(app, {
    ...common,
    path: '/notifier-groups/:id',
    idKind: 'int',
    summary: 'Get one recipient group',
    item,
    get: (p, id) => groups.get(p, id),
  });
  updateRoute(app, {
    ...common,
    path: '/notifier-groups/:id',
    idKind: 'int',
    summary: 'Edit a recipient group (partial; member arrays are replaced as a whole)',
    body: GroupPatchBody,
    update: groups.update,
  });
  deleteRoute(app, {
    ...common,
    path: '/notifier-groups/:id',
    idKind: 'int',
    summary: 'Delete a recipient group (its monitors and recipients stay)',
    remove: groups.remove,
  });
}
