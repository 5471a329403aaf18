import type { MonitorRelations, MonitorRow } from '../store/monitors.ts';
import { executionOf, monitorType } from './registry.ts';
import { hideFields } from './rules.ts';
import { hideUrlPassword } from './url-secret.ts';
import type { Config } from './types.ts';

/** Parses a stored config; a corrupt one shows as empty rather than failing the whole list. */
export function parseConfig(text: string): Config {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Config) : {};
  } catch {
    return {};
  }
}

/**
 * A monitor as the API shows it: columns, type fields from `config` (secrets as null), and the
 * read-only fields computed from related rows. `script` appears only when asked for.
 */
export function viewMonitor(
  row: MonitorRow,
  rel: MonitorRelations,
  showScript: boolean,
): Record<string, unknown> {
  const spec = monitorType(row.type);
  const config = parseConfig(row.config);
  const execution = executionOf(row.type, config);
  if (spec) {
    hideFields(config, spec.secrets);
    spec.hideNested?.(config);
  }
  hideUrlPassword(config);
  const locations = rel.locations.get(row.id) ?? [];
  const slaId = rel.slas.get(row.id) ?? null;
  const view: Record<string, unknown> = {
    id: row.id,
    name: row.name,
    type: row.type,
    billing_plancode: row.billing_plancode,
    enabled: row.enabled === 1,
    interval: row.interval,
    timeout: row.timeout,
    mode: row.mode,
    home_location: row.home_location,
    locations,
    monitor_location_count: locations.length,
    access_type: 'Edit',
    blackout_ids: (rel.blackouts.get(row.id) ?? []).map(String),
    custom_properties: rel.properties.get(row.id) ?? [],
    has_sla: slaId !== null,
    sla_id: slaId,
    has_performance_alerts: rel.performance.get(row.id)?.configured ?? false,
    has_active_performance_alerts: rel.performance.get(row.id)?.active ?? false,
    ...config,
    // After the config, so a stored field of the same name can never mask it.
    executed: execution.executed,
    execution_note: execution.note,
  };
  if (showScript && spec?.script) view.script = row.script;
  return view;
}
