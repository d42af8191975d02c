import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Jwks, LoginInput, LoginResult, PasswordChangeInput, User } from '@medicare/contracts';
import { clientAddress } from '../../lib/client-address.js';
import { errors, NoContent } from '../../lib/http.js';
import type { AuthService, ClientMeta, SignedIn } from './auth.service.js';

export const REFRESH_COOKIE = 'mh_refresh';
const tags = ['auth'];

const metaOf = (request: FastifyRequest): ClientMeta => ({
  ip: clientAddress(request),
  userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
  requestId: request.id,
});

function sendSignedIn(reply: FastifyReply, signedIn: SignedIn) {
  const { refreshToken, refreshMaxAgeSeconds, ...body } = signedIn;
  void reply.setCookie(REFRESH_COOKIE, refreshToken, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: '/api/auth',
    maxAge: refreshMaxAgeSeconds,
  });
  return reply.send(body);
}

export const authRoutes: FastifyPluginAsyncTypebox<{ service: AuthService }> = async (app, { service }) => {
  app.post(
    '/login',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in: an access token, and a refresh token in an HttpOnly cookie',
        body: LoginInput,
        response: { 200: LoginResult, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => sendSignedIn(reply, await service.login(request.body, metaOf(request))),
  );

  app.post(
    '/refresh',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Rotate the refresh token (cookie) and get a new access token',
        response: { 200: LoginResult, ...errors(401) },
      },
    },
    async (request, reply) => {
      try {
        return sendSignedIn(reply, await service.refresh(request.cookies[REFRESH_COOKIE], metaOf(request)));
      } catch (error) {
        void reply.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
        throw error;
      }
    },
  );

  app.post(
    '/logout',
    {
      config: { public: true, optionalAuth: true, duringPasswordChange: true },
      schema: {
        tags,
        summary:
          'Sign out (anyone): ends the session of the access token and of the refresh cookie, whichever is sent',
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await service.logout(request.principal, request.cookies[REFRESH_COOKIE], metaOf(request));
      void reply.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      config: { duringPasswordChange: true },
      schema: {
        tags,
        summary: 'Who is signed in (any signed-in user)',
        response: { 200: User, ...errors(401) },
      },
    },
    async (request) => service.me(request.principal!),
  );

  app.post(
    '/password',
    {
      config: { duringPasswordChange: true },
      schema: {
        tags,
        summary:
          'Change your own password (any signed-in user): the current one is required; your other sessions end, this one gets new tokens',
        body: PasswordChangeInput,
        response: { 200: LoginResult, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) =>
      sendSignedIn(reply, await service.changePassword(request.principal!, request.body, metaOf(request))),
  );
};

/** The public keys that verify access tokens, for services and integrators. */
export const jwksRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/.well-known/jwks.json',
    {
      config: { public: true },
      schema: { tags, summary: 'Public keys (JWKS) that verify access tokens', response: { 200: Jwks } },
    },
    async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=300').send(app.keyRing.jwks as never),
  );
};
