import { Type } from 'typebox';
import type { Deps } from '../../../deps.ts';
import { recipientService, type RecipientType } from '../../../recipients/recipients.ts';
import { createRoute, deleteRoute, getRoute, listRoute, updateRoute } from '../../resource.ts';
import type { App } from '../../types.ts';
import {
  NewRecipientBody,
  Recipient,
  RecipientFilters,
  RecipientPatchBody,
} from '../../../recipients/schema.ts';

const common = { tag: 'recipients' };

/** /recipients: alert recipients (docs/alertsite-v3.md §6). */
export function registerRecipients(app: App, deps: Deps): void {
  const recipients = recipientService(deps);
  app.addSchema(Recipient);
  const item = Type.Ref('Recipient');

  listRoute(app, {
    ...common,
    path: '/recipients',
    summary: 'List alert recipients (filters: type, method_id)',
    item,
    filters: RecipientFilters,
    list: (p, q, page) =>
      recipients.list(
        p,
        { type: q.type as RecipientType | undefined, method_id: q.method_id as number },
        page,
      ),
  });
  createRoute(app, {
    ...common,
    path: '/recipients',
    summary: 'Create an alert recipient (any method but PagerDuty)',
    body: NewRecipientBody,
    create: recipients.create,
  });
  getRoute(app, {
    ...common,
    path: '/recipients/:id',
    idKind: 'int',
    summary: 'Get one alert recipient',
    item,
    get: (p, id) => recipients.get(p, id),
  });
  updateRoute(app, {
    ...common,
    path: '/recipients/:id',
    idKind: 'int',
    summary: 'Edit an alert recipient (partial; not its blackouts or groups)',
    body: RecipientPatchBody,
    update: recipients.update,
  });
  deleteRoute(app, {
    ...common,
    path: '/recipients/:id',
    idKind: 'int',
    summary: 'Delete an alert recipient, its group memberships and its Notifier blackouts',
    remove: recipients.remove,
  });
}
