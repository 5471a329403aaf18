import type { Deps } from '../../../deps.ts';
import type { App } from '../../types.ts';

/** /monitors: every AlertSite monitor type. */
export function registerMonitors(_app: App, _deps: Deps): void {}
