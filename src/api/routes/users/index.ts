import { Type } from 'typebox';
import { userService } from '../../../accounts/users.ts';
import type { Deps } from '../../../deps.ts';
import { createRoute, deleteRoute, getRoute, listRoute, updateRoute } from '../../resource.ts';
import type { App } from '../../types.ts';
import { NewUserBody, User, UserPatchBody } from '../../../accounts/user-schema.ts';

const common = { tag: 'users', access: 'users' as const };

/** /users: ADMIN and CO-ADMIN manage the users of their account. */
export function registerUsers(app: App, deps: Deps): void {
  const users = userService(deps);
  app.addSchema(User);
  const item = Type.Ref('User');

  listRoute(app, {
    ...common,
    path: '/users',
    summary: 'List the users of the account',
    item,
    list: (p, _q, page) => users.list(p, page),
  });
  createRoute(app, {
    ...common,
    path: '/users',
    summary: 'Create a user',
    body: NewUserBody,
    create: users.create,
  });
  getRoute(app, {
    ...common,
    path: '/users/:id',
    idKind: 'guid',
    summary: 'Get one user',
    item,
    get: (p, id) => users.get(p, id),
  });
  updateRoute(app, {
    ...common,
    path: '/users/:id',
    idKind: 'guid',
    summary: 'Edit a user (partial); a new password revokes its tokens',
    body: UserPatchBody,
    update: users.update,
  });
  deleteRoute(app, {
    ...common,
    path: '/users/:id',
    idKind: 'guid',
    summary: 'Delete a user and revoke its tokens',
    remove: users.remove,
  });
}
