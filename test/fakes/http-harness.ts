import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { secretBox } from '../../src/auth/secret-box.ts';
import { apiStepsExecutor, createApiStepsExecutor } from '../../src/checks/http/api-executor.ts';
import { egressPolicy } from '../../src/checks/egress.ts';
import { createHttpExecutor, httpExecutor } from '../../src/checks/http/executor.ts';
import { executorsByType } from '../../src/monitors/registry.ts';
import type { Verdict } from '../../src/checks/types.ts';
import type { Trust } from '../../src/checks/trust.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { runCheck } from '../../src/engine/run-check.ts';
import { LOOPBACK, testInput } from '../helpers/check-context.ts';

/** The secret box the harness's checks open secrets with: seal test passwords with it. */
export const box = secretBox(randomBytes(32));

/** How to run one HTTP check. */
export interface RunOptions {
  /** Egress allow list; default loopback. [] shows loopback refused. */
  allow?: string[];
  /** Deadline; default 5 s. */
  timeoutMs?: number;
  /** Extra trusted CA (the test PKI's), given to the executor factories. */
  ca?: string;
  /** Trust for runCheck's context, as the composition root builds it from SITEWATCH_CA_CERTS. */
  trust?: Trust;
}

/** Runs a web or API monitor through runCheck, as the engine would, against real local servers. */
export function runHttp(
  type: string,
  config: Record<string, unknown>,
  opts: RunOptions = {},
): Promise<Verdict> {
  const executors = opts.ca
    ? [createHttpExecutor({ extraCa: [opts.ca] }), createApiStepsExecutor({ extraCa: [opts.ca] })]
    : [httpExecutor, apiStepsExecutor];
  return runCheck(
    {
      executors: executorsByType(executors),
      egress: egressPolicy({ allow: opts.allow ?? LOOPBACK, deny: [] }),
      secrets: box,
      clock: systemClock,
      log: pino({ level: 'silent' }),
      trust: opts.trust,
    },
    testInput(type, config, { timeoutMs: opts.timeoutMs ?? 5000 }),
  );
}

/** Web monitor config with the defaults monitors/web.ts fills in. */
export function webConfig(url: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    url,
    keyword_string: '',
    keyword_match_type: 'Plain Text',
    keyword_match_invert: false,
    http_basic_auth_username: '',
    check_fullpage_missing_objects: false,
    check_fullpage_object_sizes: false,
    fullpage_object_timeout: 10,
    notify_on_fullpage_errors: false,
    interval_fullpage: -1,
    ...(url.startsWith('https:') ? { use_ssl_version: 0, check_ssl_expiration_dates: 'Expired' } : {}),
    ...over,
  };
}
