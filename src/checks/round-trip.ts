import type { CheckExecutor } from './types.ts';

/** Placeholder until this executor is written: runs no types. */
export const roundTripExecutor: CheckExecutor = {
  kind: 'round-trip',
  types: [],
  run: async () => {
    throw new Error('round-trip executor not implemented');
  },
};
