import type { Deps } from '../../../deps.ts';
import type { App } from '../../types.ts';

/** /recipients. */
export function registerRecipients(_app: App, _deps: Deps): void {}
