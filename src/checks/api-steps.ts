import type { Problem } from '../assertions/problem.ts';
import type { ApiStep } from '../monitors/api-steps.ts';
import { FAILURE_STATUS } from './failures.ts';
import type { ConnectTls } from './http/connect.ts';
import { HttpFailure } from './http/errors.ts';
import type { FollowedResponse } from './http/follow.ts';
import { captureVariables, judgeStep, observe, sendStep } from './http/steps.ts';
import { createTrust, SYSTEM_TRUST, type Trust } from './trust.ts';
import { failureVerdict } from './http/verdict.ts';
import type { CheckContext, CheckExecutor, CheckInput, Phases, StepVerdict, Verdict } from './types.ts';

/** Options of the executor factory. */
export interface ApiStepsExecutorOptions {
  /** Extra CA certificates (PEM) trusted besides Node's roots (tests pass their CA). */
  extraCa?: readonly string[];
}

const seconds = (ms: number) => Math.round(ms) / 1000;

function addPhases(into: Phases, more: Phases): void {
  for (const [k, v] of Object.entries(more) as [keyof Phases, number][]) into[k] = (into[k] ?? 0) + v;
}

/** "Step 2 'Get order'": how messages name a step. */
const stepLabel = (s: ApiStep) => `Step ${s.step_number} '${s.step_name}'`;

async function runSteps(input: CheckInput, ctx: CheckContext, own: Trust | undefined): Promise<Verdict> {
  const trust = own ?? ctx.trust ?? SYSTEM_TRUST;
  const steps = (input.config.api_steps ?? []) as ApiStep[];
  // API monitors have no expiry setting: an expired certificate fails like on a browser.
  const tls: ConnectTls = { trust, ignoreExpiry: false };
  const vars = new Map<string, string>();
  const results: StepVerdict[] = [];
  const phases: Phases = {};
  let totalMs = 0;
  for (const step of steps) {
    const base = { step_number: step.step_number, step_name: step.step_name };
    let res: FollowedResponse;
    try {
      res = await sendStep(step, vars, ctx, tls);
    } catch (err) {
      if (!(err instanceof HttpFailure)) throw err;
      const failedStep = failureVerdict(
        err,
        new URL(step.url.replace(/\{\{[^}]*\}\}/g, 'x')),
        input.timeoutMs,
      );
      addPhases(phases, err.phases);
      totalMs += err.elapsedMs;
      const info = `${stepLabel(step)}: ${failedStep.info_msg}`;
      results.push({
        ...base,
        status: failedStep.status,
        info_msg: info,
        response_time: seconds(err.elapsedMs),
        phases: err.phases,
      });
      return { status: failedStep.status, info_msg: info, responseMs: totalMs, phases, steps: results };
    }
    addPhases(phases, res.phases);
    totalMs += res.totalMs;
    const obs = observe(res);
    const problem: Problem | null = judgeStep(step, obs) ?? captureVariables(step, obs, vars);
    const status = problem ? FAILURE_STATUS[problem.code] : 0;
    const info = problem ? `${stepLabel(step)}: ${problem.message}` : `HTTP ${res.status}`;
    results.push({
      ...base,
      status,
      info_msg: info,
      response_time: seconds(res.totalMs),
      phases: res.phases,
    });
    if (problem)
      return {
        status,
        info_msg: info,
        responseMs: totalMs,
        phases,
        steps: results,
        detail: { failed_step: step.step_number },
      };
  }
  const n = results.length;
  return {
    status: 0,
    info_msg: `${n} step${n === 1 ? '' : 's'} passed`,
    responseMs: totalMs,
    phases,
    steps: results,
    detail: { steps: n },
  };
}

/** The `website-api` / `website-ssl-api` executor, trusting `extraCa` besides Node's roots. */
export function createApiStepsExecutor(opts: ApiStepsExecutorOptions = {}): CheckExecutor {
  const trust = opts.extraCa ? createTrust(opts.extraCa) : undefined;
  return {
    kind: 'api-steps',
    types: ['website-api', 'website-ssl-api'],
    run: (input, ctx) => runSteps(input, ctx, trust),
  };
}

/** Runs `api_steps` in order with assertions and variables: the default executor. */
export const apiStepsExecutor: CheckExecutor = createApiStepsExecutor();
