import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { loginService } from '../../../auth/login.ts';
import { ApiError } from '../../../domain/errors.ts';
import type { Deps } from '../../../deps.ts';

// POST /api/token: the OAuth 2.0 password grant (RFC 6749 §4.3) that some AlertSite clients use
// instead of /api/v3/access-tokens (docs/compatibility.md §16). Same login, same throttling, same
// token; only the request encoding and the error bodies differ (RFC 6749 §5.2).

type OAuthError = 'invalid_request' | 'invalid_grant' | 'unsupported_grant_type';

const TokenResponse = Type.Object({
  access_token: Type.String({ pattern: '^[0-9a-f]{32}$' }),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the token expires.' }),
});

const OAuthErrorBody = Type.Object({
  error: Type.Enum(['invalid_request', 'invalid_grant', 'unsupported_grant_type']),
  error_description: Type.String(),
});

function sendOAuthError(
  reply: FastifyReply,
  status: number,
  error: OAuthError,
  description: string,
  headers: Record<string, string> = {},
): FastifyReply {
  return reply
    .code(status)
    .headers({ 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers })
    .type('application/json; charset=utf-8')
    .send({ error, error_description: description });
}

/** Strips the AlertSite prefix ("invalid_request - ") the login service puts before its messages. */
const plain = (message: string) => message.replace(/^[a-z_]+ - /, '');

/** Registers POST /api/token in its own scope: form bodies and RFC 6749 error bodies stay here. */
export async function registerOAuthToken(app: FastifyInstance, deps: Deps): Promise<void> {
  const login = loginService(deps);
  await app.register(async (scope) => {
    scope.setErrorHandler((err: FastifyError, _req, reply) => {
      if (err instanceof ApiError && err.status === 429)
        return sendOAuthError(reply, 429, 'invalid_request', plain(err.message), err.headers);
      if (err instanceof ApiError && err.status === 415)
        return sendOAuthError(
          reply,
          400,
          'invalid_request',
          'Send application/x-www-form-urlencoded fields.',
        );
      const status = err instanceof ApiError ? err.status : (err.statusCode ?? 500);
      if (status >= 500) throw err;
      return sendOAuthError(reply, 400, 'invalid_request', plain(err.message));
    });
    scope.post(
      '/api/token',
      {
        // RFC 6749 clients send form fields; the body plugin parses them where a route asks.
        config: { formFields: true, ownErrorBody: true },
        // Documented, not enforced: every malformed request must get an RFC 6749 body instead.
        attachValidation: true,
        schema: {
          tags: ['access-tokens'],
          summary: 'Log in with the OAuth 2.0 password grant (RFC 6749 §4.3); same token as /access-tokens',
          security: [],
          consumes: ['application/x-www-form-urlencoded'],
          body: Type.Object({
            grant_type: Type.Literal('password'),
            username: Type.String(),
            password: Type.String(),
          }),
          response: { 200: TokenResponse, 400: OAuthErrorBody, 429: OAuthErrorBody },
        },
      },
      async (req, reply) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const { grant_type: grant, username, password } = body;
        if (typeof grant !== 'string' || grant === '')
          return sendOAuthError(reply, 400, 'invalid_request', 'grant_type is required.');
        if (grant !== 'password')
          return sendOAuthError(
            reply,
            400,
            'unsupported_grant_type',
            'Only grant_type=password is supported.',
          );
        if (typeof username !== 'string' || typeof password !== 'string' || !username.trim() || !password)
          return sendOAuthError(reply, 400, 'invalid_request', 'username and password are required.');
        try {
          const issued = await login({ username, password }, req.ip);
          reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
          return issued;
        } catch (err) {
          if (err instanceof ApiError && err.status === 400)
            return sendOAuthError(reply, 400, 'invalid_grant', 'User authentication failed.');
          throw err;
        }
      },
    );
  });
}
