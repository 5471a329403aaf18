import type { Deps } from '../../../deps.ts';
import type { App } from '../../types.ts';

/** /blackouts. */
export function registerBlackouts(_app: App, _deps: Deps): void {}
