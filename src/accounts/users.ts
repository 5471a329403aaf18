import { hashPassword } from '../auth/passwords.ts';
import { userThrottleKey } from '../auth/login.ts';
import { isoSeconds } from '../domain/clock.ts';
import { forbidden, invalid, notFound, ruleViolation } from '../domain/errors.ts';
import { passwordProblem } from '../domain/password-policy.ts';
import type { Deps } from '../deps.ts';
import type { Principal } from '../domain/principal.ts';
import { clearLockout, isLocked } from '../store/login-throttle.ts';
import { isUniqueViolation } from '../store/errors.ts';
import { revokeUserTokens } from '../store/tokens.ts';
import { announceUserChange } from '../auth/principal-cache.ts';
import * as users from '../store/users.ts';
import type { UserRow } from '../store/users.ts';
import type { NewUserInput, UserPatch, UserView } from './user-schema.ts';

export type { NewUserInput, UserPatch, UserView };

const toIso = (ms: number | null) => (ms === null ? null : isoSeconds(ms));

export function viewUser(row: UserRow, lockedKeys: ReadonlySet<string>): UserView {
  return {
    guid: row.guid,
    user_number: row.id,
    email: row.email,
    first_name: row.first_name,
    last_name: row.last_name,
    role: row.role,
    work_phone: row.work_phone,
    home_phone: row.home_phone,
    date_joined: isoSeconds(row.date_joined),
    last_api_access: toIso(row.last_api_access),
    last_console_access: toIso(row.last_console_access),
    is_locked_out: row.disabled === 1 || lockedKeys.has(userThrottleKey(row.email)),
    is_sso_optional: row.is_sso_optional === 1,
  };
}

/** The one answer to a new user's email that is taken, in this account or any other. */
const emailUnavailable = () => invalid('email', 'cannot be used for a new user; choose another address');

async function checkedHash(deps: Deps, password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw invalid('password', problem);
  return hashPassword(password, deps.settings.argon2);
}

/** User management with the account's role rules (docs/compatibility.md §3). */
export function userService(deps: Deps) {
  const { db, clock } = deps;

  async function lockedKeys(rows: UserRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const found = await db
      .selectFrom('login_throttle')
      .select('key')
      .where(
        'key',
        'in',
        rows.map((r) => userThrottleKey(r.email)),
      )
      .where('locked_until', '>', clock.now())
      .execute();
    return new Set(found.map((f) => f.key));
  }

  async function target(p: Principal, guid: string): Promise<UserRow> {
    const row = await users.getUserByGuid(db, p.accountId, guid.toLowerCase());
    if (!row) throw notFound();
    return row;
  }

  return {
    async list(p: Principal, page: { limit: number; offset: number }) {
      const { count, rows } = await users.listUsers(db, p.accountId, page);
      const locked = await lockedKeys(rows);
      return { count, rows: rows.map((r) => viewUser(r, locked)) };
    },

    async get(p: Principal, guid: string): Promise<UserView> {
      const row = await target(p, guid);
      const locked = await isLocked(db, userThrottleKey(row.email), clock.now());
      return viewUser(row, locked ? new Set([userThrottleKey(row.email)]) : new Set());
    },

    async create(p: Principal, input: NewUserInput): Promise<string> {
      if (input.role === 'ADMIN')
        throw invalid('role', 'an account has exactly one ADMIN; choose another role');
      // Emails are global logins, so a taken one must be refused, but the answer says no more
      // than that (not whose, not which account) and comes after the hash, so it is not faster
      // either (docs/compatibility.md §16). Only ADMIN and CO-ADMIN reach this.
      const passwordHash = await checkedHash(deps, input.password);
      if (await users.emailTaken(db, input.email)) throw emailUnavailable();
      try {
        const row = await users.insertUser(db, {
          accountId: p.accountId,
          email: input.email,
          firstName: input.first_name,
          lastName: input.last_name,
          role: input.role,
          workPhone: input.work_phone ?? '',
          homePhone: input.home_phone ?? '',
          passwordHash,
          now: clock.now(),
        });
        return row.guid;
      } catch (err) {
        if (isUniqueViolation(err)) throw emailUnavailable();
        throw err;
      }
    },

    async update(p: Principal, guid: string, patch: UserPatch): Promise<string> {
      const row = await target(p, guid);
      if (row.role === 'ADMIN' && p.role !== 'ADMIN') throw forbidden();
      if (patch.role !== undefined && patch.role !== row.role) {
        if (patch.role === 'ADMIN')
          throw invalid('role', 'an account has exactly one ADMIN; choose another role');
        if (row.role === 'ADMIN') throw invalid('role', "the account's ADMIN keeps the ADMIN role");
      }
      if (patch.is_locked_out === true && row.id === p.userId) {
        throw invalid('is_locked_out', 'you cannot lock yourself out');
      }
      const set: Parameters<typeof users.updateUser>[2] = {};
      if (patch.first_name !== undefined) set.first_name = patch.first_name;
      if (patch.last_name !== undefined) set.last_name = patch.last_name;
      if (patch.work_phone !== undefined) set.work_phone = patch.work_phone;
      if (patch.home_phone !== undefined) set.home_phone = patch.home_phone;
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.is_locked_out !== undefined) set.disabled = patch.is_locked_out ? 1 : 0;
      if (patch.password !== undefined) set.password_hash = await checkedHash(deps, patch.password);

      await db.transaction().execute(async (tx) => {
        await users.updateUser(tx, row.id, set);
        // A new password or a disabled user ends every session the user had (docs/compatibility.md §2).
        if (patch.password !== undefined || patch.is_locked_out === true) await revokeUserTokens(tx, row.id);
      });
      // Cached principals carry the role: any change reaches every process before the answer.
      await announceUserChange(deps.bus, row.id);
      if (patch.is_locked_out === false) await clearLockout(db, userThrottleKey(row.email));
      return row.guid;
    },

    async remove(p: Principal, guid: string): Promise<void> {
      const row = await target(p, guid);
      if (row.id === p.userId) throw ruleViolation('You cannot delete your own user.');
      if (row.role === 'ADMIN')
        throw p.role === 'ADMIN' ? ruleViolation('The ADMIN cannot be deleted.') : forbidden();
      await db.transaction().execute(async (tx) => {
        await revokeUserTokens(tx, row.id);
        await users.deleteUser(tx, row.id);
      });
      await announceUserChange(deps.bus, row.id);
    },
  };
}

export type UserService = ReturnType<typeof userService>;
