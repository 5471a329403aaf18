import type { Command } from 'commander';
import { Type } from 'typebox';
import { createAccountWithAdmin, generatePassword } from '../accounts/accounts.ts';
import { Email, NewUserBody, type NewUserInput } from '../accounts/user-schema.ts';
import { userService, viewUser } from '../accounts/users.ts';
import type { Principal } from '../domain/principal.ts';
import { hashPassword } from '../auth/passwords.ts';
import { ApiError } from '../domain/errors.ts';
import { passwordProblem } from '../domain/password-policy.ts';
import { assertValid } from '../domain/validate.ts';
import { purgeExpired } from '../maintenance/purge.ts';
import { getAccount, listAccounts } from '../store/accounts.ts';
import { revokeUserTokens } from '../store/tokens.ts';
import { announceUserChange } from '../auth/principal-cache.ts';
import { findUserByEmail, getUserByGuid, updateUser } from '../store/users.ts';
import { withRuntime } from './runtime.ts';

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

function intOption(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw new ApiError(400, `must be an integer, got "${value}"`, [name]);
  return Number(value);
}

export function registerAccountCommands(program: Command): void {
  const account = program.command('account').description('manage accounts');
  account
    .command('create')
    .description('create an account and its ADMIN user; prints the account as JSON')
    .requiredOption('--name <name>', 'account name')
    .option('--parent <id>', 'make it a sub-account of this account id')
    .option('--timezone <zone>', 'IANA time zone for dates in requests', 'UTC')
    .requiredOption('--admin-email <email>', 'login of the ADMIN user')
    .requiredOption('--admin-password <password>', 'password of the ADMIN user')
    .action(
      async (o: {
        name: string;
        parent?: string;
        timezone: string;
        adminEmail: string;
        adminPassword: string;
      }) =>
        withRuntime(async ({ deps }) => {
          assertValid(Type.Object({ 'admin-email': Email }), { 'admin-email': o.adminEmail });
          const { account: a, admin } = await createAccountWithAdmin(deps, {
            name: o.name,
            parentId: o.parent === undefined ? null : intOption(o.parent, 'parent'),
            timezone: o.timezone,
            adminEmail: o.adminEmail,
            adminPassword: o.adminPassword,
          });
          print({
            id: a.id,
            name: a.name,
            parent_id: a.parent_id,
            timezone: a.timezone,
            admin: viewUser(admin, new Set()),
          });
        }),
    );
  account
    .command('list')
    .description('list every account (id, name, parent, time zone, number of users) as JSON')
    .action(async () =>
      withRuntime(async ({ deps }) => {
        const rows = await listAccounts(deps.db);
        print(
          rows.map((a) => ({
            id: a.id,
            name: a.name,
            parent_id: a.parent_id,
            timezone: a.timezone,
            users: a.users,
          })),
        );
      }),
    );
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage users');
  user
    .command('create')
    .description('add a user to an account; prints the user as JSON')
    .requiredOption('--account <id>', 'account id')
    .requiredOption('--email <email>', 'login email')
    .requiredOption('--password <password>', 'password (8-256 characters)')
    .requiredOption('--role <role>', 'CO-ADMIN, POWER-USER, READONLY or REPORTONLY')
    .option('--first-name <name>', 'first name', '')
    .option('--last-name <name>', 'last name', '')
    .action(
      async (o: {
        account: string;
        email: string;
        password: string;
        role: string;
        firstName: string;
        lastName: string;
      }) =>
        withRuntime(async ({ deps }) => {
          const accountId = intOption(o.account, 'account');
          if (!(await getAccount(deps.db, accountId)))
            throw new ApiError(400, 'no such account', ['account']);
          // The rules of POST /users (schema: email, names, role; service: ADMIN, duplicate
          // email, password policy), never restated here.
          const input = {
            email: o.email,
            password: o.password,
            role: o.role,
            first_name: o.firstName,
            last_name: o.lastName,
          };
          assertValid(NewUserBody, input);
          // The CLI acts as the account's owner.
          const actor: Principal = {
            userId: 0,
            userGuid: '',
            accountId,
            role: 'ADMIN',
            email: '',
            tokenDigest: '',
          };
          const users = userService(deps);
          const guid = await users.create(actor, input as NewUserInput);
          const row = await getUserByGuid(deps.db, accountId, guid);
          print(viewUser(row!, new Set()));
        }),
    );
  user
    .command('reset-password')
    .description("set a new password (generated unless given) and revoke the user's tokens")
    .requiredOption('--email <email>', 'login email')
    .option('--password <password>', 'the new password')
    .action(async (o: { email: string; password?: string }) =>
      withRuntime(async ({ deps }) => {
        const row = await findUserByEmail(deps.db, o.email);
        if (!row) throw new ApiError(404, 'no user with that email', ['email']);
        const password = o.password ?? generatePassword();
        const problem = passwordProblem(password);
        if (problem) throw new ApiError(400, problem, ['password']);
        const passwordHash = await hashPassword(password, deps.settings.argon2);
        const revoked = await deps.db.transaction().execute(async (tx) => {
          await updateUser(tx, row.id, { password_hash: passwordHash });
          return revokeUserTokens(tx, row.id);
        });
        await announceUserChange(deps.bus, row.id);
        print({ email: row.email, revoked_tokens: revoked, ...(o.password ? {} : { password }) });
      }),
    );
}

export function registerTokenCommands(program: Command): void {
  program
    .command('token')
    .description('access-token maintenance')
    .command('purge')
    .description('delete expired tokens and idle login counters now')
    .action(async () =>
      withRuntime(async ({ deps }) => {
        print(await purgeExpired(deps));
      }),
    );
}
