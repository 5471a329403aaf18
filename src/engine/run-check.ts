import type { SecretBox } from '../auth/secret-box.ts';
import type { Clock } from '../domain/clock.ts';
import { executionOf } from '../monitors/registry.ts';
import { hasUrlPassword, openUrlPassword } from '../monitors/url-secret.ts';
import { redactUrlsDeep } from '../log.ts';
import type { EgressPolicy } from '../checks/egress.ts';
import { classifyError, failed } from '../checks/failures.ts';
import type { CheckExecutor, CheckInput, Verdict } from '../checks/types.ts';
import type { Trust } from '../checks/trust.ts';
import type { Logger } from 'pino';

/** What running one check needs besides its input. */
export interface RunDeps {
  executors: ReadonlyMap<string, CheckExecutor>;
  egress: EgressPolicy;
  secrets: SecretBox;
  clock: Clock;
  log: Logger;
  /** CAs checks trust (SITEWATCH_CA_CERTS); absent = Node's roots only. */
  trust?: Trust;
}

/**
 * Runs one check under its deadline and always answers a Verdict: a type this server does not run
 * is 98 (once, no crash), a thrown executor is an internal error (21), a deadline is a timeout (2).
 */
export async function runCheck(deps: RunDeps, input: CheckInput, stop?: AbortSignal): Promise<Verdict> {
  const executor = deps.executors.get(input.type);
  if (!executor || !executionOf(input.type, { ...input.config, script: input.script }).executed) {
    return failed('UNSUPPORTED', `Monitor type not supported by this server (${input.type})`);
  }
  const deadline = AbortSignal.timeout(input.timeoutMs);
  const signal = stop ? AbortSignal.any([deadline, stop]) : deadline;
  const started = deps.clock.now();
  try {
    // The executor sees the monitor URL with its real password (sealed at rest, docs/compatibility.md
    // §16); what it reports back passes the URL redaction so the password is never stored.
    const opened = { ...input, config: openUrlPassword(input.config, deps.secrets) };
    const verdict = await executor.run(opened, {
      signal,
      now: deps.clock.now,
      log: deps.log.child({ component: 'check', kind: executor.kind, monitorId: input.monitorId }),
      egress: deps.egress,
      secrets: deps.secrets,
      trust: deps.trust,
    });
    return hasUrlPassword(opened.config) ? (redactUrlsDeep(verdict) as Verdict) : verdict;
  } catch (err) {
    if (deadline.aborted)
      return failed('TIMEOUT', `no answer within ${input.timeoutMs / 1000} s`, deps.clock.now() - started);
    const { code, message } = classifyError(err, input.name);
    if (code === 'INTERNAL')
      deps.log.error({ err, component: 'check', monitorId: input.monitorId }, 'executor failed');
    return failed(code, message);
  }
}
