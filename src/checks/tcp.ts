import type { CheckExecutor } from './types.ts';

/** Placeholder until this executor is written: runs no types. */
export const tcpExecutor: CheckExecutor = {
  kind: 'tcp',
  types: [],
  run: async () => {
    throw new Error('tcp executor not implemented');
  },
};
