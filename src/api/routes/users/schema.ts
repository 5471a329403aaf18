import { Type } from 'typebox';
import { ROLES } from '../../../domain/roles.ts';

const UserRole = Type.Enum([...ROLES]);
const Name = Type.String({ maxLength: 255 });
const Phone = Type.String({ maxLength: 64 });
const Iso = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

/** A user as the API shows it; every field optional because `select` may drop any. */
export const User = Type.Object(
  {
    guid: Type.Optional(Type.String({ format: 'uuid' })),
    user_number: Type.Optional(Type.Integer()),
    email: Type.Optional(Type.String()),
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String()),
    role: Type.Optional(Type.String()),
    work_phone: Type.Optional(Type.String()),
    home_phone: Type.Optional(Type.String()),
    date_joined: Type.Optional(Type.String()),
    last_api_access: Type.Optional(Iso),
    last_console_access: Type.Optional(Iso),
    is_locked_out: Type.Optional(Type.Boolean()),
    is_sso_optional: Type.Optional(Type.Boolean()),
  },
  { $id: 'User' },
);

export const NewUserBody = Type.Object({
  email: Type.String({ format: 'email', maxLength: 255 }),
  first_name: Name,
  last_name: Name,
  password: Type.String({ description: '8 to 256 characters; common passwords are refused.' }),
  role: UserRole,
  work_phone: Type.Optional(Phone),
  home_phone: Type.Optional(Phone),
});

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
