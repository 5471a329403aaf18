import type { CheckExecutor } from './types.ts';

/** Placeholder until this executor is written: runs no types. */
export const httpExecutor: CheckExecutor = {
  kind: 'http',
  types: [],
  run: async () => {
    throw new Error('http executor not implemented');
  },
};
