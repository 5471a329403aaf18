import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { secretBox, type SecretBox } from '../../src/auth/secret-box.ts';
import { egressPolicy } from '../../src/checks/egress.ts';
import type { CheckContext, CheckInput } from '../../src/checks/types.ts';

/** Loopback, which tests must allow explicitly to reach their own servers (docs/compatibility.md §12). */
export const LOOPBACK = ['127.0.0.0/8', '::1/128'];

export interface TestContextOptions {
  /** CIDRs the egress policy allows; default loopback. Pass [] to see loopback refused (status 20). */
  allow?: string[];
  /** CIDRs the egress policy refuses on top of the defaults. */
  deny?: string[];
  /** Deadline of the check; default 5 s. */
  timeoutMs?: number;
}

/** A CheckContext with a real egress policy and a real secret box, as runCheck would build it. */
export function testContext(opts: TestContextOptions = {}): CheckContext & { secrets: SecretBox } {
  return {
    signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
    now: () => Date.now(),
    log: pino({ level: 'silent' }),
    egress: egressPolicy({ allow: opts.allow ?? LOOPBACK, deny: opts.deny ?? [] }),
    secrets: secretBox(randomBytes(32)),
  };
}

/** A CheckInput for a monitor of `type` with `config`; the timeout matches testContext's default. */
export function testInput(
  type: string,
  config: Record<string, unknown>,
  over: Partial<CheckInput> = {},
): CheckInput {
  return {
    monitorId: 1,
    accountId: 1,
    type,
    name: `${type} test`,
    config,
    script: null,
    timeoutMs: 5000,
    location: { id: 10, name: 'Local' },
    ...over,
  };
}
