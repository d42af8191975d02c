import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IdParams,
  User,
  UserCreateInput,
  UserListQuery,
  UserPage,
  UserUpdateInput,
} from '@medicare/contracts';
import { contextOf } from '../../plugins/auth.js';
import { errors, NoContent } from '../../lib/http.js';
import { etagOf } from '../../lib/versioning.js';
import type { UsersService } from './users.service.js';

const tags = ['users'];
const config = { permission: 'user.manage' } as const;

export const usersRoutes: FastifyPluginAsyncTypebox<{ service: UsersService }> = async (app, { service }) => {
  app.get(
    '',
    {
      config,
      schema: {
        tags,
        summary: 'List users (admin)',
        querystring: UserListQuery,
        response: { 200: UserPage, ...errors(400, 401, 403) },
      },
    },
    async (request) => service.list(request.query),
  );

  app.post(
    '',
    {
      config,
      schema: {
        tags,
        summary: 'Create a user (admin)',
        body: UserCreateInput,
        response: { 201: User, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await service.create(contextOf(request), request.body)),
  );

  app.get(
    '/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Read a user (admin)',
        params: IdParams,
        response: { 200: User, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const user = await service.get(request.params.id);
      return reply.header('etag', etagOf(user.version)).send(user);
    },
  );

  app.put(
    '/:id',
    {
      config,
      schema: {
        tags,
        summary:
          'Change a user: name, role, patient, password, or active=false to deactivate; If-Match honoured (admin)',
        params: IdParams,
        body: UserUpdateInput,
        response: { 200: User, ...errors(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const user = await service.update(
        contextOf(request),
        request.params.id,
        request.body,
        request.headers['if-match'],
      );
      return reply.header('etag', etagOf(user.version)).send(user);
    },
  );

  app.delete(
    '/:id/lock',
    {
      config,
      schema: {
        tags,
        summary: 'Lift the account-wide sign-in lock of a user (admin); audited',
        params: IdParams,
        response: { 204: NoContent, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.unlock(contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
