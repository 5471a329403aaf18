import type { Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';
import { foundation } from './0001-foundation.ts';
import { monitors } from './0002-monitors.ts';
import { blackouts } from './0003-blackouts.ts';
import { recipients } from './0004-recipients.ts';
import { slasProperties } from './0005-slas-properties.ts';
import { engine } from './0006-engine.ts';
import { alerting } from './0007-alerting.ts';
import { hardening } from './0010-hardening.ts';
import { importSources } from './0009-import-sources.ts';
import { scale } from './0011-scale.ts';
import { statusPages } from './0008-status-pages.ts';
import { viewVersions } from './0012-view-versions.ts';

/** Every migration in order; names sort lexically, so keep the numeric prefix. */
export function migrations(d: DialectAdapter): Record<string, Migration> {
  return {
    '0001-foundation': foundation(d),
    '0002-monitors': monitors(d),
    '0003-blackouts': blackouts(d),
    '0004-recipients': recipients(d),
    '0005-slas-properties': slasProperties(d),
    '0006-engine': engine(d),
    '0007-alerting': alerting(d),
    '0008-status-pages': statusPages(d),
    '0009-import-sources': importSources(),
    '0010-hardening': hardening(),
    '0011-scale': scale(d),
    '0012-view-versions': viewVersions(d),
  };
}
