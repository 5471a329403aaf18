import { TYPE_NAMES } from '../monitors/registry.ts';

// JSON Schema (draft-07, what Ajv 8 reads by default) of a monitors-as-code file, published as
// docs/monitors.schema.json for editors (`npm run gen:client` writes it; a test keeps it current).
// Monitor entries allow their type's own fields: the API validates those, naming line and field.

const str = { type: 'string' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const nullable = (t: object) => ({ anyOf: [t, { type: 'null' }] });
const list = (items: object) => ({ type: 'array', items });
const obj = (properties: Record<string, object>, required: string[] = [], additional = false) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: additional,
});
const time = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' };
const localDate = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$' };
const day = { type: 'integer', minimum: 1, maximum: 7 };
const name = { type: 'string', minLength: 1 };

/** The schema object; `$id` names the published file. */
export const MONITORS_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://sitewatch.dev/monitors.schema.json',
  title: 'sitewatch monitors as code',
  description:
    'An account as `sitewatch export` writes it and `sitewatch apply` reads it. Names stand for ids; passwords are never written.',
  ...obj({
    version: { const: 1 },
    properties: list(obj({ name, values: list(str) }, ['name'])),
    recipients: list(
      obj(
        {
          name,
          method_id: int,
          recipient: name,
          availability_alert: bool,
          notify_on_clear: bool,
          attach_screen_capture: bool,
          attach_server_response: bool,
          start_threshold: int,
          stop_threshold: int,
          remote_commands: bool,
          performance_alert: bool,
          performance_alert_type: nullable({ anyOf: [str, int] }),
          repeat_performance_alerts: bool,
        },
        ['name', 'recipient'],
      ),
    ),
    monitors: list(
      obj(
        {
          name,
          type: { enum: [...TYPE_NAMES] },
          enabled: bool,
          interval: int,
          timeout: int,
          locations: list(int),
          home_location: int,
          custom_properties: { type: 'object', additionalProperties: str },
        },
        ['name', 'type'],
        true,
      ),
    ),
    groups: list(
      obj(
        {
          name,
          is_default: bool,
          monitors: list({ anyOf: [str, obj({ name: str, step_number: int }, ['name'])] }),
          recipients: list(str),
          errortypes: list(int),
          templates: list(int),
        },
        ['name', 'monitors', 'recipients'],
      ),
    ),
    blackouts: list({
      ...obj(
        {
          monitor: str,
          recipient: str,
          type: { enum: ['Monitor', 'Alert', 'Notifier', 'Recipient'] },
          persistent: bool,
          from_date: localDate,
          thru_date: localDate,
          start_day: day,
          start_time: time,
          end_day: day,
          end_time: time,
          note: nullable(str),
        },
        ['type'],
      ),
      oneOf: [{ required: ['monitor'] }, { required: ['recipient'] }],
    }),
    slas: list(
      obj(
        {
          monitor: str,
          name,
          description: str,
          availability: { type: 'number' },
          uptime: nullable({ type: 'number' }),
          response_time: { type: 'number' },
          secondary_response_time: nullable({ type: 'number' }),
          use_fullpage_time: bool,
          operating_periods: list(
            obj({ exclude: bool, from_day: day, from_time: time, thru_day: day, thru_time: time }, [
              'from_day',
              'from_time',
              'thru_day',
              'thru_time',
            ]),
          ),
          exclusions: list(
            obj({ from_date: localDate, thru_date: localDate, location_id: nullable(int), note: str }, [
              'from_date',
              'thru_date',
            ]),
          ),
        },
        ['monitor', 'name'],
      ),
    ),
  }),
};
