import { Type, type Static } from 'typebox';
import { MAX_ROW_ID } from '../store/ids.ts';

// The recipients contract (docs/alertsite-v3.md §6): validation, the service's types (Static)
// and the OpenAPI document all come from these schemas.

const Bool = Type.Boolean();
const Threshold = Type.Integer({ minimum: 1, maximum: 1000 });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** Every field of a recipient as the API shows it; the credentials always read null. */
const RecipientFields = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  method_id: Type.Integer(),
  method_description: Type.String(),
  recipient: Type.String(),
  username: Type.Null({ description: 'Write-only: always null.' }),
  password: Type.Null({ description: 'Write-only: always null.' }),
  availability_alert: Bool,
  notify_on_clear: Bool,
  attach_screen_capture: Bool,
  attach_server_response: Bool,
  start_threshold: Type.Integer(),
  stop_threshold: Type.Integer(),
  remote_commands: Bool,
  performance_alert: Bool,
  performance_alert_type: Type.Union([Type.String(), Type.Null()]),
  repeat_performance_alerts: Bool,
  blackout_ids: Type.Array(Type.String(), {
    description: 'Notifier blackouts of this recipient; [] when none.',
  }),
  notifier_groups: Type.Array(Type.String(), { description: 'Recipient groups holding it; [] when none.' }),
});

/** A recipient as the API shows it; every field optional because `select` may drop any. */
export const Recipient = Type.Partial(RecipientFields, { $id: 'Recipient' });

/** A recipient as the service builds it (every field present). */
export type RecipientView = Static<typeof RecipientFields>;

const writable = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  method_id: Type.Optional(
    Type.Integer({ description: 'Delivery method (default 12, HTML e-mail); 14 (PagerDuty) is refused.' }),
  ),
  username: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
  password: Type.Optional(
    Nullable(Type.String({ maxLength: 1024, description: 'Stored encrypted; never returned.' })),
  ),
  availability_alert: Type.Optional(Bool),
  notify_on_clear: Type.Optional(Bool),
  attach_screen_capture: Type.Optional(Bool),
  attach_server_response: Type.Optional(Bool),
  start_threshold: Type.Optional(Threshold),
  stop_threshold: Type.Optional(Threshold),
  remote_commands: Type.Optional(Bool),
  performance_alert: Type.Optional(Bool),
  performance_alert_type: Type.Optional(
    Type.Union([Type.String({ maxLength: 32 }), Type.Integer(), Type.Null()]),
  ),
  repeat_performance_alerts: Type.Optional(Bool),
};

const Destination = Type.String({
  minLength: 1,
  maxLength: 2048,
  description: 'E-mail address, URL, phone number or SNMP host[:port], as the method needs.',
});

export const NewRecipientBody = Type.Object({ ...writable, recipient: Destination });

/** Read-only fields (`blackout_ids`, `notifier_groups`, …) are not listed, so they are ignored. */
export const RecipientPatchBody = Type.Object({ ...writable, recipient: Type.Optional(Destination) });

/**
 * The writable fields, every one optional (PATCH; the create body also requires `recipient`).
 * `performance_alert_type` is a string in AlertSite's objects; a number is kept as its string.
 */
export type RecipientInput = Static<typeof RecipientPatchBody>;

export const RecipientFilters = {
  type: Type.Optional(
    Type.Union([Type.Literal('Availability'), Type.Literal('Performance')], {
      description: 'Availability: availability alerts on; Performance: performance alerts on.',
    }),
  ),
  method_id: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ROW_ID })),
};
