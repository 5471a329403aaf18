import type { Role } from './roles.ts';

/** The authenticated caller, resolved once per request by the auth hook. */
export interface Principal {
  userId: number;
  userGuid: string;
  accountId: number;
  role: Role;
  email: string;
  /** Digest of the presented token (for logout). */
  tokenDigest: string;
}
