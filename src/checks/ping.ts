import type { CheckExecutor } from './types.ts';

/** Placeholder until this executor is written: runs no types. */
export const pingExecutor: CheckExecutor = {
  kind: 'ping',
  types: [],
  run: async () => {
    throw new Error('ping executor not implemented');
  },
};
