import type { CheckExecutor } from './types.ts';

/** Placeholder until this executor is written: runs no types. */
export const dnsExecutor: CheckExecutor = {
  kind: 'dns',
  types: [],
  run: async () => {
    throw new Error('dns executor not implemented');
  },
};
