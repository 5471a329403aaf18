import { ApiError } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import {
  clearLockout,
  releaseWindow,
  reserveLockout,
  reserveWindow,
  type Reservation,
} from '../store/login-throttle.ts';
import { insertToken } from '../store/tokens.ts';
import { findUserByEmail, normalizeEmail } from '../store/users.ts';
import { dummyVerifier, verifyPassword } from './passwords.ts';
import { newToken, tokenDigest } from './tokens.ts';

/** The one body every failed login gets, whatever the reason (decisions §2). */
export const AUTH_FAILED = 'invalid_request - User authentication failed.';

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export const userThrottleKey = (email: string) => `user:${normalizeEmail(email)}`;

function throttled(r: Reservation): ApiError | null {
  if (r.allowed) return null;
  const seconds = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
  return new ApiError(
    429,
    `too_many_requests - Too many login attempts. Retry after ${seconds} seconds.`,
    undefined,
    { 'Retry-After': String(seconds) },
  );
}

/** Checks credentials under the brute-force limits and issues a token. */
export function loginService(deps: Deps) {
  const { db, dialect, settings, clock } = deps;
  const limits = settings.login;
  const burnDummyHash = dummyVerifier(settings.argon2);

  async function reserve(ip: string, userKey: string) {
    const now = clock.now();
    const byIp = await reserveWindow(db, dialect, `ip:${ip}`, now, {
      max: limits.ipPerMinute,
      windowMs: 60_000,
    });
    const denied = throttled(byIp);
    if (denied) throw denied;
    const byUser = await reserveLockout(db, dialect, userKey, now, {
      max: limits.maxFailures,
      lockMs: limits.lockSeconds * 1000,
      lockMaxMs: limits.lockMaxSeconds * 1000,
    });
    const locked = throttled(byUser);
    if (locked) throw locked;
  }

  return async function login(body: unknown, ip: string): Promise<IssuedToken> {
    const { username, password } = (body ?? {}) as Record<string, unknown>;
    if (typeof username !== 'string' || typeof password !== 'string' || !username.trim() || !password) {
      throw new ApiError(400, AUTH_FAILED);
    }
    const userKey = userThrottleKey(username);
    await reserve(ip, userKey);

    const user = await findUserByEmail(db, username);
    if (!user) {
      await burnDummyHash(password);
      throw new ApiError(400, AUTH_FAILED);
    }
    const accountKey = `account:${user.account_id}`;
    const byAccount = await reserveWindow(db, dialect, accountKey, clock.now(), {
      max: limits.accountPerHour,
      windowMs: 3_600_000,
    });
    const accountLimited = throttled(byAccount);
    if (accountLimited) throw accountLimited;
    const ok = await verifyPassword(user.password_hash, password);
    if (!ok || user.disabled) throw new ApiError(400, AUTH_FAILED);

    await clearLockout(db, userKey);
    await releaseWindow(db, accountKey);
    const token = newToken();
    const now = clock.now();
    await insertToken(db, {
      digest: tokenDigest(token),
      userId: user.id,
      accountId: user.account_id,
      now,
      expiresAt: now + settings.tokenTtlSeconds * 1000,
      cap: settings.tokensPerUser,
    });
    return { access_token: token, token_type: 'Bearer', expires_in: settings.tokenTtlSeconds };
  };
}
