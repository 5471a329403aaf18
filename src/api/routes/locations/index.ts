import type { Deps } from '../../../deps.ts';
import type { App } from '../../types.ts';

/** /locations: where checks run from (extension, decisions §7). */
export function registerLocations(_app: App, _deps: Deps): void {}
