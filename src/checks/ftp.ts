import type { CheckExecutor } from './types.ts';

/** Placeholder until this executor is written: runs no types. */
export const ftpExecutor: CheckExecutor = {
  kind: 'ftp',
  types: [],
  run: async () => {
    throw new Error('ftp executor not implemented');
  },
};
