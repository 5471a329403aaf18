import type { Deps } from '../../../deps.ts';
import type { App } from '../../types.ts';

/** /notifier-groups: recipient groups. */
export function registerNotifierGroups(_app: App, _deps: Deps): void {}
