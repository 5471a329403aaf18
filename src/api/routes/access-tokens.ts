import { Type } from 'typebox';
import { loginService } from '../../auth/login.ts';
import type { Deps } from '../../deps.ts';
import { deleteToken } from '../../store/tokens.ts';
import { announceTokenRevoked } from '../../auth/principal-cache.ts';
import { errorResponses } from '../schemas/common.ts';
import type { App } from '../types.ts';

const TokenResponse = Type.Object({
  access_token: Type.String({ pattern: '^[0-9a-f]{32}$' }),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the token expires.' }),
});

/** POST /access-tokens: log in (no token needed). */
export function registerLogin(app: App, deps: Deps): void {
  const login = loginService(deps);
  app.post(
    '/access-tokens',
    {
      // The body schema documents the request; validation failures are ignored so that every
      // failed login, malformed or not, answers the same bytes (docs/compatibility.md §2).
      attachValidation: true,
      // HTML forms and `curl -d username=…` send form fields (docs/compatibility.md §16).
      config: { formFields: true },
      schema: {
        tags: ['access-tokens'],
        summary: 'Log in and get an access token',
        description: 'JSON body, or form fields `username=…&password=…` (application/x-www-form-urlencoded).',
        security: [],
        body: Type.Object({ username: Type.String(), password: Type.String() }),
        response: { 200: TokenResponse, ...errorResponses(400, 415, 429) },
      },
    },
    async (req, reply) => {
      let issued;
      try {
        issued = await login(req.body, req.ip);
      } catch (err) {
        const status = (err as { status?: number }).status;
        if (status === 429) deps.metrics.loginFailures.inc({ reason: 'throttled' });
        else if (status === 400) deps.metrics.loginFailures.inc({ reason: 'credentials' });
        throw err;
      }
      deps.metrics.tokensIssued.inc();
      reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
      return issued;
    },
  );
}

/** DELETE /access-tokens: revoke the presented token (logout, an extension). */
export function registerLogout(app: App, deps: Deps): void {
  app.delete(
    '/access-tokens',
    {
      config: { access: 'read' },
      schema: {
        tags: ['access-tokens'],
        summary: 'Log out: revoke the access token of this request',
        response: { 204: Type.Null(), ...errorResponses(401) },
      },
    },
    async (req, reply) => {
      await deleteToken(deps.db, req.principal.tokenDigest);
      await announceTokenRevoked(deps.bus, req.principal.tokenDigest);
      return reply.code(204).send(null);
    },
  );
}
