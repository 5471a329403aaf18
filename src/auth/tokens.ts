import { createHash, randomBytes } from 'node:crypto';

/** A new access token: 16 CSPRNG bytes as 32 lowercase hex (the AlertSite shape). */
export const newToken = () => randomBytes(16).toString('hex');

/** What is stored and looked up: SHA-256 of the token. Equal-length digests make lookups uniform. */
export const tokenDigest = (token: string) => createHash('sha256').update(token).digest('hex');

const BEARER = /^\s*bearer\s+([^\s]+)\s*$/i;

/** The token of an `Authorization: Bearer …` header (scheme case-insensitive, spaces tolerated). */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const m = BEARER.exec(header);
  return m ? m[1]! : null;
}
