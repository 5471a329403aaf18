export type { Principal } from '../../domain/principal.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken, tokenDigest } from '../../auth/tokens.ts';
import { ApiError, forbidden } from '../../domain/errors.ts';
import { canManageUsers, canWrite, type Role } from '../../domain/roles.ts';
import type { Deps } from '../../deps.ts';
import type { Principal } from '../../domain/principal.ts';
import { PrincipalCache } from '../../auth/principal-cache.ts';
import { findTokenOwner } from '../../store/tokens.ts';
import { touchLastApiAccess } from '../../store/users.ts';

/** Which roles may call a route: `read` = all, `write` = writers, `users` = user managers. */
export type Access = 'read' | 'write' | 'users';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** Defaults to `read` for GET and `write` for other methods. */
    access?: Access;
  }
}

const MISSING = new ApiError(401, 'unauthorized - Access token is missing.', undefined, {
  'WWW-Authenticate': 'Bearer realm="sitewatch"',
});
const INVALID = new ApiError(401, 'invalid_token - Access token is invalid or has expired.', undefined, {
  'WWW-Authenticate': 'Bearer realm="sitewatch", error="invalid_token"',
});

function allowed(access: Access, role: Role): boolean {
  if (access === 'read') return true;
  if (access === 'users') return canManageUsers(role);
  return canWrite(role);
}

/** Per-token request budget per minute (docs/compatibility.md §15); per process, kept in memory. */
function rateLimiter(perMinute: number, now: () => number) {
  const windows = new Map<string, { start: number; count: number }>();
  let sweptAt = now();
  return (digest: string): number | null => {
    const t = now();
    if (t - sweptAt > 60_000) {
      for (const [k, w] of windows) if (t - w.start >= 60_000) windows.delete(k);
      sweptAt = t;
    }
    let w = windows.get(digest);
    if (!w || t - w.start >= 60_000) windows.set(digest, (w = { start: t, count: 0 }));
    w.count += 1;
    // Clamped to the window: a wall clock stepping back must not announce 61 s for a 60 s window.
    return w.count > perMinute ? Math.min(60, Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000))) : null;
  };
}

/**
 * Adds the bearer-token gate to every route of `scope`: 401 without a live token, 403 when the
 * role may not use the route, 429 past the per-token rate limit.
 */
export function registerAuth(scope: FastifyInstance, deps: Deps): void {
  const { db, clock, settings, log } = deps;
  const limit =
    settings.apiRateLimitPerMinute > 0 ? rateLimiter(settings.apiRateLimitPerMinute, clock.now) : null;
  // last_api_access is written at most once a minute per user and per process.
  const lastTouched = new Map<number, number>();
  // One joined statement resolves a token; a hit in the per-process cache needs none.
  const cache = new PrincipalCache(deps.bus, settings.principalCacheSeconds);
  const lookups = deps.metrics.principalLookups;

  scope.decorateRequest('principal', null as unknown as Principal);
  scope.addHook('onRequest', async (req: FastifyRequest) => {
    const token = bearerToken(req.headers.authorization);
    if (token === null) throw MISSING;
    const digest = tokenDigest(token);
    const now = clock.now();
    let owner = cache.get(digest, now);
    // A revocation that arrived with this request must win over the cached entry.
    if (owner && deps.bus.settle) {
      await deps.bus.settle();
      owner = cache.get(digest, now);
    }
    if (owner) lookups.inc({ source: 'cache' });
    else {
      owner = await findTokenOwner(db, digest, now);
      lookups.inc({ source: 'database' });
      if (!owner) throw INVALID;
      cache.set(digest, owner, now);
    }
    req.principal = {
      userId: owner.userId,
      userGuid: owner.userGuid,
      accountId: owner.accountId,
      role: owner.role as Role,
      email: owner.email,
      tokenDigest: digest,
    };
    if (now - (lastTouched.get(owner.userId) ?? 0) >= 60_000) {
      lastTouched.set(owner.userId, now);
      touchLastApiAccess(db, owner.userId, now).catch((err: unknown) =>
        log.warn({ err, component: 'auth' }, 'could not record last_api_access'),
      );
    }

    if (limit) {
      const retry = limit(digest);
      if (retry !== null) {
        throw new ApiError(
          429,
          `too_many_requests - Rate limit exceeded. Retry after ${retry} seconds.`,
          undefined,
          {
            'Retry-After': String(retry),
          },
        );
      }
    }
    const access = req.routeOptions.config.access ?? (req.method === 'GET' ? 'read' : 'write');
    if (!allowed(access, req.principal.role)) throw forbidden();
  });
}
