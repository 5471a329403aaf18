import { createHash } from 'node:crypto';
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

/** The one body every failed login gets, whatever the reason (docs/compatibility.md §2). */
export const AUTH_FAILED = 'invalid_request - User authentication failed.';

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/**
 * The throttle key of a username: a fixed-size SHA-256 digest of the normalised name, so a client
 * cannot grow the table with long usernames (docs/compatibility.md §2).
 */
export const userThrottleKey = (email: string) => `user:${digest(normalizeEmail(email))}`;
/** The hourly failure window of a username (≤ `userPerHour` failures, existing or not). */
const hourKey = (email: string) => `hour:${digest(normalizeEmail(email))}`;
/** The per-address key; addresses are digested too so every key has the same size. */
const ipKey = (ip: string) => `ip:${digest(ip)}`;

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The longest username and password worth a database row or a hash: a user's email is at most 255
 * characters and a password at most 256 (4 UTF-8 bytes each at worst). Longer ones cannot match
 * any account and are refused before anything is stored or hashed, with the same bytes as any
 * failed login.
 */
const MAX_USERNAME_CHARS = 255;
const MAX_SECRET_BYTES = 1024;

function absurd(username: string, password: string): boolean {
  return (
    username.length > MAX_USERNAME_CHARS ||
    Buffer.byteLength(username) > MAX_SECRET_BYTES ||
    password.length > MAX_SECRET_BYTES ||
    Buffer.byteLength(password) > MAX_SECRET_BYTES
  );
}

function throttled(r: Reservation, windowMs: number): ApiError | null {
  if (r.allowed) return null;
  // Never more than the window itself: a reservation computed just before another request opened
  // the window would otherwise say 61 for a 60-second window.
  const seconds = Math.min(Math.ceil(windowMs / 1000), Math.max(1, Math.ceil(r.retryAfterMs / 1000)));
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
  const lockMaxMs = limits.lockMaxSeconds * 1000;

  // Per address, then per username: consecutive failures (lock that doubles) and failures per
  // hour. There is no per-account limit: an attacker could otherwise lock a whole company out by
  // spraying its users (docs/compatibility.md §2). Unknown usernames go through the same steps.
  async function reserve(ip: string, username: string) {
    const byIp = await reserveWindow(db, dialect, ipKey(ip), clock.now(), {
      max: limits.ipPerMinute,
      windowMs: 60_000,
    });
    const denied = throttled(byIp, 60_000);
    if (denied) throw denied;
    const byUser = await reserveLockout(db, dialect, userThrottleKey(username), clock.now(), {
      max: limits.maxFailures,
      lockMs: limits.lockSeconds * 1000,
      lockMaxMs,
    });
    const locked = throttled(byUser, lockMaxMs);
    if (locked) throw locked;
    const perHour = await reserveWindow(db, dialect, hourKey(username), clock.now(), {
      max: limits.userPerHour,
      windowMs: 3_600_000,
    });
    const capped = throttled(perHour, 3_600_000);
    if (capped) throw capped;
  }

  return async function login(body: unknown, ip: string): Promise<IssuedToken> {
    const { username, password } = (body ?? {}) as Record<string, unknown>;
    if (typeof username !== 'string' || typeof password !== 'string' || !username.trim() || !password) {
      throw new ApiError(400, AUTH_FAILED);
    }
    if (absurd(username, password)) throw new ApiError(400, AUTH_FAILED);
    await reserve(ip, username);

    const user = await findUserByEmail(db, username);
    if (!user) {
      await burnDummyHash(password);
      throw new ApiError(400, AUTH_FAILED);
    }
    const ok = await verifyPassword(user.password_hash, password);
    if (!ok || user.disabled) throw new ApiError(400, AUTH_FAILED);

    await clearLockout(db, userThrottleKey(username));
    await releaseWindow(db, hourKey(username));
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
