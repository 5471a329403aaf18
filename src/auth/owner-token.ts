import { notFound } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { accountAdminId } from '../store/accounts.ts';
import { deleteToken, insertToken } from '../store/tokens.ts';
import { newToken, tokenDigest } from './tokens.ts';

/** A token the CLI holds while it works on an account, revoked when it is done. */
export interface OwnerToken {
  token: string;
  revoke(): Promise<void>;
}

/**
 * Issues a short-lived token of the account's ADMIN, so that local CLI commands (import, apply)
 * go through the API's own routes with the owner's rights, as `sitewatch user create` acts as it.
 */
export async function issueOwnerToken(
  deps: Deps,
  accountId: number,
  ttlSeconds = 6 * 3600,
): Promise<OwnerToken> {
  const userId = await accountAdminId(deps.db, accountId);
  if (userId === undefined) throw notFound();
  const token = newToken();
  const digest = tokenDigest(token);
  const now = deps.clock.now();
  await insertToken(deps.db, {
    digest,
    userId,
    accountId,
    now,
    expiresAt: now + ttlSeconds * 1000,
    cap: deps.settings.tokensPerUser,
  });
  return { token, revoke: () => deleteToken(deps.db, digest) };
}
