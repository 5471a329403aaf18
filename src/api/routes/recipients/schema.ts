import { Type } from 'typebox';
import { MAX_ROW_ID } from '../../../store/ids.ts';

const Bool = Type.Boolean();
const Threshold = Type.Integer({ minimum: 1, maximum: 1000 });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** A recipient as the API shows it; every field optional because `select` may drop any. */
export const Recipient = Type.Object(
  {
    id: Type.Optional(Type.Integer()),
    name: Type.Optional(Type.String()),
    method_id: Type.Optional(Type.Integer()),
    method_description: Type.Optional(Type.String()),
    recipient: Type.Optional(Type.String()),
    username: Type.Optional(Type.Null({ description: 'Write-only: always null.' })),
    password: Type.Optional(Type.Null({ description: 'Write-only: always null.' })),
    availability_alert: Type.Optional(Bool),
    notify_on_clear: Type.Optional(Bool),
    attach_screen_capture: Type.Optional(Bool),
    attach_server_response: Type.Optional(Bool),
    start_threshold: Type.Optional(Type.Integer()),
    stop_threshold: Type.Optional(Type.Integer()),
    remote_commands: Type.Optional(Bool),
    performance_alert: Type.Optional(Bool),
    performance_alert_type: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    repeat_performance_alerts: Type.Optional(Bool),
    blackout_ids: Type.Optional(
      Type.Array(Type.String(), { description: 'Notifier blackouts of this recipient; [] when none.' }),
    ),
    notifier_groups: Type.Optional(
      Type.Array(Type.String(), { description: 'Recipient groups holding it; [] when none.' }),
    ),
  },
  { $id: 'Recipient' },
);

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

export const RecipientFilters = {
  type: Type.Optional(
    Type.Union([Type.Literal('Availability'), Type.Literal('Performance')], {
      description: 'Availability: availability alerts on; Performance: performance alerts on.',
    }),
  ),
  method_id: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ROW_ID })),
};
