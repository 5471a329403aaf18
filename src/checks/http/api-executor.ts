import { judgeApiSteps, type ApiObservation, type StepFacts } from '../../assertions/api-verdict.ts';
import { createEvaluationPool, EvaluationTimeoutError, type EvaluationPool } from '../../assertions/pool.ts';
import { evaluateStep, readsBody, type StepEvaluation, type StepTask } from '../../assertions/step.ts';
import type { ApiStep } from '../../domain/api-step.ts';
import { createTrust, SYSTEM_TRUST, type Trust } from '../trust.ts';
import { defineExecutor, type CheckContext, type CheckExecutor, type CheckInput } from '../types.ts';
import { failureMessage } from './auth.ts';
import type { ConnectTls } from './connect.ts';
import { HttpFailure } from './errors.ts';
import type { FollowedResponse } from './follow.ts';
import { sendStep, STEP_BODY_LIMIT, stepObservation } from './steps.ts';

// `website-api` / `website-ssl-api`: the steps in order, each response judged as soon as it is in
// (its variables feed the next step; the first failing step ends the run). Judging runs on the
// evaluation pool's worker threads whenever it reads a body, so no configuration can stall the
// event loop that serves the API, and against a CPU budget per check.

/** Worker milliseconds one run may spend judging its steps (issue 9: one run once took 22.6 s). */
export const CHECK_CPU_BUDGET_MS = 3000;

/** Bodies up to this size with no regex are judged inline: a worker round trip costs more. */
const INLINE_BODY_BYTES = 64 * 1024;

/** Options of the executor factory. */
export interface ApiStepsExecutorOptions {
  /** Extra CA certificates (PEM) trusted besides Node's roots, instead of ctx.trust (tests). */
  extraCa?: readonly string[];
  /** Where heavy judging runs; default a pool shared by the process, started on first use. */
  pool?: EvaluationPool;
  /** Worker ms per run; default CHECK_CPU_BUDGET_MS. */
  cpuBudgetMs?: number;
}

let sharedPool: EvaluationPool | undefined;

/** The process's evaluation pool (idle workers do not keep the process alive). */
function defaultPool(): EvaluationPool {
  return (sharedPool ??= createEvaluationPool());
}

function inline(task: StepTask): boolean {
  if (!readsBody(task.rules)) return true;
  const regex = task.rules.assertions.some((a) => a.comparison.includes('regex'));
  return !regex && task.obs.body.length <= INLINE_BODY_BYTES;
}

async function observeSteps(
  input: CheckInput,
  ctx: CheckContext,
  o: Required<Pick<ApiStepsExecutorOptions, 'cpuBudgetMs'>> & { trust?: Trust; pool?: EvaluationPool },
): Promise<ApiObservation> {
  const steps = (input.config.api_steps ?? []) as ApiStep[];
  // API monitors have no expiry setting: an expired certificate fails like on a browser.
  const tls: ConnectTls = { trust: o.trust ?? ctx.trust ?? SYSTEM_TRUST, ignoreExpiry: false };
  const vars = new Map<string, string>();
  const seen: StepFacts[] = [];
  let cpuMs = 0;
  for (const step of steps) {
    const base = { step_number: step.step_number, step_name: step.step_name };
    let res: FollowedResponse;
    try {
      res = await sendStep(step, vars, ctx, tls);
    } catch (err) {
      if (!(err instanceof HttpFailure)) throw err;
      const url = new URL(step.url.replace(/\{\{[^}]*\}\}/g, 'x'));
      const failure = { code: err.code, message: failureMessage(err, url, input.timeoutMs) };
      seen.push({ ...base, ms: err.elapsedMs, phases: err.phases, failure });
      return { steps: seen };
    }
    const task: StepTask = {
      rules: { assertions: step.assertions, variables: step.variables },
      obs: stepObservation(res),
      ...(res.truncated
        ? { truncatedNote: `(only the first ${STEP_BODY_LIMIT / 1024 / 1024} MiB of the response were read)` }
        : {}),
    };
    let evaluation: StepEvaluation;
    if (inline(task)) evaluation = evaluateStep(task);
    else {
      try {
        const timed = await (o.pool ?? defaultPool()).evaluate(task, {
          signal: ctx.signal,
          timeoutMs: o.cpuBudgetMs - cpuMs,
        });
        cpuMs += timed.cpuMs;
        evaluation = timed;
      } catch (err) {
        if (!(err instanceof EvaluationTimeoutError)) throw err;
        const message = `judging the steps took more than this check's budget of ${o.cpuBudgetMs / 1000} s of CPU; simplify the assertions or the responses they read`;
        seen.push({
          ...base,
          http_status: res.status,
          ms: res.totalMs,
          phases: res.phases,
          problem: { code: 'ASSERTION_FAILED', message },
        });
        return { steps: seen };
      }
    }
    for (const [name, value] of evaluation.vars) vars.set(name, value);
    seen.push({
      ...base,
      http_status: res.status,
      ms: res.totalMs,
      phases: res.phases,
      problem: evaluation.problem,
    });
    if (evaluation.problem) break;
  }
  return { steps: seen };
}

/** The `website-api` / `website-ssl-api` executor. */
export function createApiStepsExecutor(opts: ApiStepsExecutorOptions = {}): CheckExecutor {
  const trust = opts.extraCa ? createTrust(opts.extraCa) : undefined;
  const o = { trust, pool: opts.pool, cpuBudgetMs: opts.cpuBudgetMs ?? CHECK_CPU_BUDGET_MS };
  return defineExecutor<ApiObservation>({
    kind: 'api-steps',
    types: ['website-api', 'website-ssl-api'],
    observe: (input, ctx) => observeSteps(input, ctx, o),
    judge: (_input, obs) => judgeApiSteps(obs),
  });
}

/** Runs `api_steps` in order with assertions and variables: the default executor. */
export const apiStepsExecutor: CheckExecutor = createApiStepsExecutor();
