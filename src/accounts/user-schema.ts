import { Type, type Static } from 'typebox';
import { ROLES } from '../domain/roles.ts';

// The users contract (docs/compatibility.md §3): these schemas validate API bodies and CLI input,
// give the service its types (Static) and document the API (OpenAPI). Nothing else restates them.

const UserRole = Type.Enum([...ROLES]);
const Name = Type.String({ maxLength: 255 });
const Phone = Type.String({ maxLength: 64 });
const Iso = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

/** Every field of a user as the API shows it; never the password. */
const UserFields = Type.Object({
  guid: Type.String({ format: 'uuid' }),
  user_number: Type.Integer(),
  email: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
  role: Type.String(),
  work_phone: Type.String(),
  home_phone: Type.String(),
  date_joined: Type.String(),
  last_api_access: Iso,
  last_console_access: Iso,
  is_locked_out: Type.Boolean(),
  is_sso_optional: Type.Boolean(),
});

/** A user as the API shows it; every field optional because `select` may drop any. */
export const User = Type.Partial(UserFields, { $id: 'User' });

/** The user object the service builds (every field present). */
export type UserView = Static<typeof UserFields>;

/** Login email: the same rule for `POST /users`, the CLI and an account's ADMIN. */
export const Email = Type.String({ format: 'email', maxLength: 255 });

/** The body of `POST /users`. */
export const NewUserBody = Type.Object({
  email: Email,
  first_name: Name,
  last_name: Name,
  password: Type.String({ description: '8 to 256 characters; common passwords are refused.' }),
  role: UserRole,
  work_phone: Type.Optional(Phone),
  home_phone: Type.Optional(Phone),
});

/** The body of `PATCH /users/{guid}`. */
export const UserPatchBody = Type.Object({
  first_name: Type.Optional(Name),
  last_name: Type.Optional(Name),
  role: Type.Optional(UserRole),
  work_phone: Type.Optional(Phone),
  home_phone: Type.Optional(Phone),
  password: Type.Optional(Type.String()),
  is_locked_out: Type.Optional(
    Type.Boolean({ description: 'true disables the user and revokes its tokens; false re-enables it.' }),
  ),
});

/** A new user, as `POST /users` and `sitewatch user create` take it. */
export type NewUserInput = Static<typeof NewUserBody>;

/** A partial edit of a user. */
export type UserPatch = Static<typeof UserPatchBody>;
