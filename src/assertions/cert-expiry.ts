import type { Problem } from './problem.ts';

const DAY_MS = 86_400_000;

/**
 * The warning window of `check_ssl_expiration_dates` in days: "Off" → null (no check), "Expired"
 * → 0 (only an expired certificate fails), "<N> Days" → N.
 */
export function expiryWindowDays(setting: unknown): number | null {
  if (setting === 'Off') return null;
  const days = /^(\d+) Days?$/.exec(String(setting ?? ''));
  return days ? Number(days[1]) : 0;
}

/**
 * Status 13 when the certificate expires within the window (or has expired: the connection
 * refuses that earlier, this is the same rule for certificates seen another way).
 */
export function judgeCertExpiry(
  setting: unknown,
  notAfter: number,
  now: number,
  host: string,
): Problem | null {
  const windowDays = expiryWindowDays(setting);
  if (windowDays === null || !Number.isFinite(notAfter)) return null;
  const date = new Date(notAfter).toISOString().slice(0, 10);
  if (notAfter <= now)
    return { code: 'TLS_EXPIRED', message: `the TLS certificate of ${host} expired on ${date}` };
  const left = (notAfter - now) / DAY_MS;
  if (left >= windowDays) return null;
  const days = Math.floor(left);
  const when = days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`;
  return {
    code: 'TLS_EXPIRED',
    message: `the TLS certificate of ${host} expires ${when} (${date}), inside the ${windowDays}-day warning window`,
  };
}
