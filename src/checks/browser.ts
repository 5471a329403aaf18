import type { CheckExecutor } from './types.ts';

/** Placeholder until this executor is written: runs no types. */
export const browserExecutor: CheckExecutor = {
  kind: 'browser',
  types: [],
  run: async () => {
    throw new Error('browser executor not implemented');
  },
};
