import type { CheckExecutor } from './types.ts';

/** Options of the executor factory. */
export interface ApiStepsExecutorOptions {
  /** Extra CA certificates (PEM) trusted besides Node's roots. */
  extraCa?: readonly string[];
}

export function createApiStepsExecutor(_opts: ApiStepsExecutorOptions = {}): CheckExecutor {
  return {
    kind: 'api-steps',
    types: [],
    run: async () => {
      throw new Error('api-steps executor not implemented');
    },
  };
}

/** Placeholder until this executor is written: runs no types. */
export const apiStepsExecutor: CheckExecutor = createApiStepsExecutor();
