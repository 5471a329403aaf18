import { FAILURE_STATUS, type FailureCode } from './verdict.ts';
import type { Phases, StepVerdict, Verdict } from './verdict.ts';
import type { Problem } from './problem.ts';

// The judge of `website-api` / `website-ssl-api`: the observed steps (checks/http/api-executor.ts,
// each already evaluated by step.ts as it ran, since later steps need its variables) → a Verdict.

/** What one step of a run showed. */
export interface StepFacts {
  step_number: number;
  step_name: string;
  /** HTTP status of the final response; absent when the transport failed. */
  http_status?: number;
  /** ms of the step (401 retry included); null when nothing was measured. */
  ms: number | null;
  phases: Phases;
  /** The transport failure, when the request did not complete. */
  failure?: { code: FailureCode; message: string };
  /** The step's assertions or variables failed (step.ts), or its evaluation ran out of budget. */
  problem?: Problem | null;
}

/** A run of API steps: every step that ran, in order (the first failing one ends the run). */
export interface ApiObservation {
  steps: StepFacts[];
}

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms) / 1000);

function addPhases(into: Phases, more: Phases): void {
  for (const [k, v] of Object.entries(more) as [keyof Phases, number][]) into[k] = (into[k] ?? 0) + v;
}

/** "Step 2 'Get order'": how messages name a step. */
export const stepLabel = (s: Pick<StepFacts, 'step_number' | 'step_name'>) =>
  `Step ${s.step_number} '${s.step_name}'`;

/** The Verdict of a run: the first failing step's status and message, else "N steps passed". */
export function judgeApiSteps(obs: ApiObservation): Verdict {
  const phases: Phases = {};
  let totalMs = 0;
  const steps: StepVerdict[] = [];
  for (const s of obs.steps) {
    addPhases(phases, s.phases);
    totalMs += s.ms ?? 0;
    const fault = s.failure ?? s.problem ?? null;
    const status = fault ? FAILURE_STATUS[fault.code] : 0;
    const info = fault ? `${stepLabel(s)}: ${fault.message}` : `HTTP ${s.http_status}`;
    steps.push({
      step_number: s.step_number,
      step_name: s.step_name,
      status,
      info_msg: info,
      response_time: seconds(s.ms),
      phases: s.phases,
    });
    if (fault) {
      const detail = s.failure ? undefined : { failed_step: s.step_number };
      return { status, info_msg: info, responseMs: totalMs, phases, steps, ...(detail ? { detail } : {}) };
    }
  }
  const n = steps.length;
  return {
    status: 0,
    info_msg: `${n} step${n === 1 ? '' : 's'} passed`,
    responseMs: totalMs,
    phases,
    steps,
    detail: { steps: n },
  };
}
