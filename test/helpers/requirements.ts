/**
 * Whether the suite runs under CI (`CI=true`): there, a missing PostgreSQL, chromium or ping is a
 * broken machine, not a reason to skip (issue 9: CI must not pass by skipping silently).
 */
export const UNDER_CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');

/**
 * The `skip` option of a suite that needs something the machine may lack: false when `available`,
 * else the reason, printed by the runner. Under CI the absence throws instead, failing the run.
 */
export function skipUnless(available: boolean, reason: string): false | string {
  if (available) return false;
  if (UNDER_CI) throw new Error(`CI=true and ${reason}: refusing to skip these tests`);
  return reason;
}
