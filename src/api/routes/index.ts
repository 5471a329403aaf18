import type { Deps } from '../../deps.ts';
import type { App } from '../types.ts';
import { registerLogout } from './access-tokens.ts';
import { registerBlackouts } from './blackouts/index.ts';
import { registerLocations } from './locations/index.ts';
import { registerMonitors } from './monitors/index.ts';
import { registerMonitorResults } from './monitors/results.ts';
import { registerNotifierGroups } from './notifier-groups/index.ts';
import { registerProperties } from './properties/index.ts';
import { registerRecipients } from './recipients/index.ts';
import { registerStatusBoard } from './reports/board.ts';
import { registerReports } from './reports/index.ts';
import { registerSlas } from './slas/index.ts';
import { registerTestNotifiers } from './test-notifiers/index.ts';
import { registerStatusPages } from './status-pages/index.ts';
import { registerTests } from './tests/index.ts';
import { registerUsers } from './users/index.ts';
import { registerAlerts } from './alerts/index.ts';
import { registerPerformanceAlerts } from './monitors/performance-alerts.ts';

/** Every token-gated route under /api/v3. */
export function registerGatedRoutes(app: App, deps: Deps): void {
  registerLogout(app, deps);
  registerUsers(app, deps);
  registerLocations(app, deps);
  registerMonitors(app, deps);
  registerBlackouts(app, deps);
  registerRecipients(app, deps);
  registerNotifierGroups(app, deps);
  registerSlas(app, deps);
  registerProperties(app, deps);
  registerTests(app, deps);
  registerReports(app, deps);
  registerMonitorResults(app, deps);
  registerTestNotifiers(app, deps);
  registerAlerts(app, deps);
  registerPerformanceAlerts(app, deps);
  registerStatusBoard(app, deps);
  registerStatusPages(app, deps);
}
