import { asText, judgeAssertion, jsonOf, xmlOf, type ApiAssertion, type StepObservation } from './api.ts';
import { judgeStatus } from './http-status.ts';
import { jsonPath } from './json-path.ts';
import type { Problem } from './problem.ts';
import { xmlPath } from './xml-path.ts';

// One API step judged: its assertions, then the variables later steps use. Pure and synchronous,
// so it runs the same inline or in the evaluation pool (pool.ts); the body is parsed once.

/** What a step asks of its response (the fields of monitors' api_steps this needs). */
export interface StepRules {
  assertions: readonly ApiAssertion[];
  variables: readonly { name: string; property: string }[];
}

/** A step's rules and the response to judge them on; plain data (it crosses to a worker thread). */
export interface StepTask {
  rules: StepRules;
  obs: StepObservation;
  /** Set when the body was longer than what was read: failures that read it say so. */
  truncatedNote?: string;
}

/** The judgement of one step. */
export interface StepEvaluation {
  /** The first failure (status 10 or 7), or null. */
  problem: Problem | null;
  /** Variables captured, in order, for later steps. */
  vars: [string, string][];
}

const READS_BODY = new Set(['Response', 'JSON Response', 'XML Response']);

/**
 * Judges a step: its assertions in order; with no Status Code assertion, a 4xx/5xx answer fails
 * the step as an HTTP error (7), as a web monitor would.
 */
export function judgeStep(rules: StepRules, obs: StepObservation): Problem | null {
  if (!rules.assertions.some((a) => a.source === 'Status Code')) {
    const problem = judgeStatus(obs.status, obs.statusText ?? '');
    if (problem) return problem;
  }
  for (const a of rules.assertions) {
    const problem = judgeAssertion(a, obs);
    if (problem) return problem;
  }
  return null;
}

/**
 * Captures the step's variables: a JSON path when the body is JSON, else an XML path. A variable
 * that names nothing fails the step (later steps would send `{{name}}`).
 */
export function captureVariables(
  rules: StepRules,
  obs: StepObservation,
): { problem: Problem | null; vars: [string, string][] } {
  const vars: [string, string][] = [];
  for (const v of rules.variables) {
    const json = jsonOf(obs);
    const got = json.ok ? jsonPath(json.value, v.property) : xmlPath(xmlOf(obs), v.property);
    if (!got.found) {
      return {
        problem: {
          code: 'ASSERTION_FAILED',
          message: `variable ${v.name}: ${v.property} not found in the response`,
        },
        vars,
      };
    }
    vars.push([v.name, asText(got.value)]);
  }
  return { problem: null, vars };
}

/** judgeStep, then captureVariables: what the pool runs for each step. */
export function evaluateStep(task: StepTask): StepEvaluation {
  const problem = judgeStep(task.rules, task.obs);
  const result = problem ? { problem, vars: [] } : captureVariables(task.rules, task.obs);
  if (result.problem && task.truncatedNote) {
    const readsBody =
      result.problem.message.startsWith('variable ') ||
      task.rules.assertions.some(
        (a) => READS_BODY.has(a.source) && result.problem!.message.startsWith(a.source),
      );
    if (readsBody)
      result.problem = { ...result.problem, message: `${result.problem.message} ${task.truncatedNote}` };
  }
  return result;
}

/** Whether judging the step reads the body at all (if not, it is cheap enough to run inline). */
export function readsBody(rules: StepRules): boolean {
  return rules.variables.length > 0 || rules.assertions.some((a) => READS_BODY.has(a.source));
}
