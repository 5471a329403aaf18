import type { Generated } from 'kysely';

// Times are epoch milliseconds in a BIGINT column on both dialects: one representation, exact
// arithmetic in SQL, no driver-specific date parsing. Flags are 0/1 integers for the same reason.

export interface AccountTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  /** IANA zone in which "YYYY-MM-DD HH:MM:SS" request dates are read (decisions §4). */
  timezone: string;
  created_at: number;
}

export interface UserTable {
  id: Generated<number>;
  guid: string;
  account_id: number;
  /** Lower-cased, trimmed: the login name. */
  email: string;
  first_name: string;
  last_name: string;
  role: string;
  work_phone: string;
  home_phone: string;
  password_hash: string;
  disabled: number;
  is_sso_optional: number;
  date_joined: number;
  last_api_access: number | null;
  last_console_access: number | null;
}

export interface AccessTokenTable {
  /** SHA-256 of the token, hex; the token itself is never stored. */
  digest: string;
  user_id: number;
  account_id: number;
  created_at: number;
  expires_at: number;
}

export interface LoginThrottleTable {
  /** `user:<email>`, `ip:<address>` or `account:<id>`. */
  key: string;
  count: number;
  window_start: number;
  locked_until: number;
  lock_level: number;
}

export interface Database {
  accounts: AccountTable;
  users: UserTable;
  access_tokens: AccessTokenTable;
  login_throttle: LoginThrottleTable;
}
