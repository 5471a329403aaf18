import type { Deps } from '../../../deps.ts';
import type { App } from '../../types.ts';

/** /properties: custom properties. */
export function registerProperties(_app: App, _deps: Deps): void {}
