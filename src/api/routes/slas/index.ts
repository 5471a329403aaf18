import type { Deps } from '../../../deps.ts';
import type { App } from '../../types.ts';

/** /slas. */
export function registerSlas(_app: App, _deps: Deps): void {}
