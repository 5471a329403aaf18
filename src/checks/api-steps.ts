import type { CheckExecutor } from './types.ts';

/** Placeholder until this executor is written: runs no types. */
export const apiStepsExecutor: CheckExecutor = {
  kind: 'api-steps',
  types: [],
  run: async () => {
    throw new Error('api-steps executor not implemented');
  },
};
