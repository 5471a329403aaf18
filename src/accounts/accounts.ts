import { randomBytes } from 'node:crypto';
import { hashPassword } from '../auth/passwords.ts';
import { ApiError } from '../domain/errors.ts';
import { passwordProblem } from '../domain/password-policy.ts';
import type { Deps } from '../deps.ts';
import { countAccounts, getAccount, insertAccount, type AccountRow } from '../store/accounts.ts';
import { isUniqueViolation } from '../store/errors.ts';
import { insertUser, type UserRow } from '../store/users.ts';

export interface NewAccount {
  name: string;
  parentId: number | null;
  adminEmail: string;
  adminPassword: string;
  timezone?: string;
}

/** Creates an account and its ADMIN in one transaction. */
export async function createAccountWithAdmin(
  deps: Deps,
  input: NewAccount,
): Promise<{ account: AccountRow; admin: UserRow }> {
  const problem = passwordProblem(input.adminPassword);
  if (problem) throw new ApiError(400, `admin password ${problem}`, ['password']);
  if (input.parentId !== null) {
    const parent = await getAccount(deps.db, input.parentId);
    if (!parent) throw new ApiError(400, `parent account ${input.parentId} does not exist`, ['parent']);
    // One level of sub-accounts is enough (docs/compatibility.md §3).
    if (parent.parent_id !== null)
      throw new ApiError(400, 'a sub-account cannot have sub-accounts', ['parent']);
  }
  const passwordHash = await hashPassword(input.adminPassword, deps.settings.argon2);
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const account = await insertAccount(tx, {
        name: input.name,
        parentId: input.parentId,
        timezone: input.timezone,
        now,
      });
      const admin = await insertUser(tx, {
        accountId: account.id,
        email: input.adminEmail,
        firstName: '',
        lastName: '',
        role: 'ADMIN',
        workPhone: '',
        homePhone: '',
        passwordHash,
        now,
      });
      return { account, admin };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError(400, 'email is already in use', ['email']);
    throw err;
  }
}

/** A strong random password for first start: 144 bits, URL-safe. */
export const generatePassword = () => randomBytes(18).toString('base64url');

/**
 * First start on an empty database: creates the first account and its ADMIN from the settings,
 * generating a password when none is configured. Returns the generated password, if any, so the
 * caller can show it once; it is never logged.
 */
export async function bootstrapFirstAccount(
  deps: Deps,
): Promise<{ email: string; generatedPassword: string | null } | null> {
  if ((await countAccounts(deps.db)) > 0) return null;
  const generated = deps.settings.adminPassword === null ? generatePassword() : null;
  try {
    await createAccountWithAdmin(deps, {
      name: 'Default',
      parentId: null,
      adminEmail: deps.settings.adminEmail,
      adminPassword: deps.settings.adminPassword ?? generated!,
    });
  } catch (err) {
    // Another process bootstrapped the same database first.
    if (err instanceof ApiError && err.fields?.[0] === 'email') return null;
    throw err;
  }
  return { email: deps.settings.adminEmail, generatedPassword: generated };
}
