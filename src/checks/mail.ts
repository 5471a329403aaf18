import type { CheckExecutor } from './types.ts';

/** Placeholder until this executor is written: runs no types. */
export const mailExecutor: CheckExecutor = {
  kind: 'mail',
  types: [],
  run: async () => {
    throw new Error('mail executor not implemented');
  },
};
