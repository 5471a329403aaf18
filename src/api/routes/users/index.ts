import { Type } from 'typebox';
import { userService } from '../../../accounts/users.ts';
import type { Deps } from '../../../deps.ts';
import { listEnvelope, pageOf, project } from '../../lists.ts';
import { errorResponses, GuidParams, IdResponse, ListEnvelope, ListQuery, SelectQuery } from '../../schemas/common.ts';
import type { App } from '../../types.ts';
import { NewUserBody, User, UserPatchBody } from './schema.ts';

const tags = ['users'];
const config = { access: 'users' as const };

/** /users: ADMIN and CO-ADMIN manage the users of their account. */
export function registerUsers(app: App, deps: Deps): void {
  const users = userService(deps);
  app.addSchema(User);

  app.get(
    '/users',
    {
      config,
      schema: {
        tags,
        summary: 'List the users of the account',
        querystring: Type.Object(ListQuery),
        response: { 200: ListEnvelope(Type.Ref('User')), ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => {
      const page = pageOf(req.query);
      const { count, rows } = await users.list(req.principal, page);
      return listEnvelope(req.principal, page, count, rows, req.query.select);
    },
  );

  app.post(
    '/users',
    {
      config,
      schema: {
        tags,
        summary: 'Create a user',
        body: NewUserBody,
        response: { 200: IdResponse, ...errorResponses(400, 401, 403) },
      },
    },
    async (req) => ({ id: await users.create(req.principal, req.body) }),
  );

  app.get(
    '/users/:guid',
    {
      config,
      schema: {
        tags,
        summary: 'Get one user',
        params: GuidParams,
        querystring: Type.Object(SelectQuery),
        response: { 200: Type.Ref('User'), ...errorResponses(401, 403, 404) },
      },
    },
    async (req) => project(await users.get(req.principal, req.params.guid), req.query.select),
  );

  app.patch(
    '/users/:guid',
    {
      config,
      schema: {
        tags,
        summary: 'Edit a user (partial); a new password revokes its tokens',
        params: GuidParams,
        body: UserPatchBody,
        response: { 200: IdResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => ({ id: await users.update(req.principal, req.params.guid, req.body) }),
  );

  app.delete(
    '/users/:guid',
    {
      config,
      schema: {
        tags,
        summary: 'Delete a user and revoke its tokens',
        params: GuidParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await users.remove(req.principal, req.params.guid);
      return reply.code(204).send(null);
    },
  );
}
