import { Type } from 'typebox';
import type { Config } from './types.ts';

// Fields every monitor type shares (docs/alertsite-v3.md §4.6, docs/compatibility.md §6).

/** Allowed check intervals in minutes (docs/compatibility.md §6). */
export const INTERVALS = [1, 2, 3, 5, 10, 15, 20, 30, 60, 120] as const;
/** Monitoring modes as API strings (docs/compatibility.md §13). */
export const MODES = ['Primary', 'Global Notify', 'Global Verify', 'Round Robin', 'SLA'] as const;
/** `alert_note` longer than this is cut, not refused (docs/alertsite-v3.md §4.6). */
export const ALERT_NOTE_MAX = 1000;

const Flag = Type.Boolean();
/** Row ids are 32-bit integer columns. */
export const RowId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/** Writable fields shared by every type, kept in their own columns or in `config`. */
export const COMMON_FIELDS = {
  name: Type.String({ minLength: 1, maxLength: 255 }),
  billing_plancode: Type.String({
    maxLength: 255,
    description: 'Accepted and stored; sitewatch has no billing plans.',
  }),
  enabled: Flag,
  interval: Type.Enum([...INTERVALS], { description: 'Minutes between checks.' }),
  timeout: Type.Integer({ minimum: 1, maximum: 120, description: 'Seconds.' }),
  mode: Type.Enum([...MODES]),
  locations: Type.Array(Type.Object({ id: RowId }), {
    minItems: 1,
    maxItems: 200,
    description: "Defaults to the account's first usable location.",
  }),
  home_location: Type.Integer({
    minimum: 1,
    maximum: 2_147_483_647,
    description: "One of the monitor's locations; defaults to the first.",
  }),
  alert_note: Type.String({ description: `Cut to ${ALERT_NOTE_MAX} characters.` }),
  note: Type.String({ maxLength: 4000 }),
  notify_on_error: Flag,
  retry_on_failure: Flag,
  traceroute_on_error: Flag,
  rotate_locations: Flag,
  allow_internal_testing: Flag,
  custom_properties: Type.Array(Type.Object({ id: RowId, value_id: RowId }), {
    maxItems: 500,
    description: 'Replaces the set: property id and one of its value ids.',
  }),
};

/** Common fields kept in `config` (the others have columns or tables of their own). */
export const COMMON_CONFIG_DEFAULTS: Readonly<Config> = {
  alert_note: '',
  note: '',
  notify_on_error: true,
  retry_on_failure: true,
  traceroute_on_error: false,
  rotate_locations: false,
  allow_internal_testing: true,
};

/** Column defaults (docs/compatibility.md §6). */
export const COLUMN_DEFAULTS = {
  enabled: true,
  interval: 5,
  timeout: 30,
  mode: 'Primary',
  billing_plancode: '',
};

/** Fields a body can set that are not type-specific and not stored in `config`. */
export const NON_CONFIG_FIELDS = new Set([
  'name',
  'billing_plancode',
  'enabled',
  'interval',
  'timeout',
  'mode',
  'locations',
  'home_location',
  'custom_properties',
  'script',
]);

const Int = Type.Integer();
const Opt = Type.Optional;

/**
 * A monitor as the API shows it. Type-specific fields follow the common ones (additional
 * properties); every field is optional because `select` may drop any.
 */
export const MonitorView = Type.Object(
  {
    id: Opt(Int),
    name: Opt(Type.String()),
    type: Opt(Type.String()),
    billing_plancode: Opt(Type.String()),
    enabled: Opt(Flag),
    interval: Opt(Int),
    timeout: Opt(Int),
    mode: Opt(Type.String()),
    home_location: Opt(Type.Union([Int, Type.Null()])),
    locations: Opt(
      Type.Array(Type.Object({ id: Int, name: Type.String(), region: Int }), {
        description: 'Read-only view; write with [{id}].',
      }),
    ),
    monitor_location_count: Opt(Int),
    access_type: Opt(Type.String()),
    blackout_ids: Opt(Type.Array(Type.String())),
    custom_properties: Opt(
      Type.Array(Type.Object({ id: Int, name: Type.String(), value: Type.String(), value_id: Int })),
    ),
    has_sla: Opt(Flag),
    sla_id: Opt(Type.Union([Int, Type.Null()])),
    has_performance_alerts: Opt(Flag),
    has_active_performance_alerts: Opt(Flag),
    executed: Opt(
      Type.Boolean({
        description:
          'sitewatch extension: false for a type (or configuration) the server stores but never runs.',
      }),
    ),
    execution_note: Opt(
      Type.Union([Type.String(), Type.Null()], {
        description: 'Why the monitor is not run; null when it is.',
      }),
    ),
  },
  { $id: 'Monitor', additionalProperties: true },
);
