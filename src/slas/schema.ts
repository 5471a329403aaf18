import { Type, type Static } from 'typebox';

// The SLA contract (docs/alertsite-v3.md §11): validation, the service's types (Static) and the
// OpenAPI document all come from these schemas.

// Ranges here are the documented ones (docs/alertsite-v3.md §11.1); rounding and "greater than 0" after
// rounding are checked by rules.ts, so 95.5555 is accepted and stored as 95.556.
// NUL characters are refused for every route by the body plugin (src/api/plugins/body.ts).
const Text = Type.String({ minLength: 1, maxLength: 255 });
const Description = Type.String({ minLength: 1, maxLength: 1024 });
const Percent = (what: string) =>
  Type.Number({
    minimum: 0,
    maximum: 100,
    description: `${what}, percent: 0 < x ≤ 100, rounded to 3 decimals.`,
  });
const Seconds = (what: string) =>
  Type.Number({ minimum: 0, maximum: 300, description: `${what}, seconds: 0–300, rounded to 2 decimals.` });
const Day = Type.Integer({ minimum: 1, maximum: 7, description: 'Sunday = 1 … Saturday = 7.' });
const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: '"hh:mm", 24-hour.' });
const LocalDate = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$',
  description: '"YYYY-MM-DD HH:MM:SS" in the account time zone.',
});

export const PeriodBody = Type.Object({
  exclude: Type.Optional(Type.Boolean({ description: 'true: not measured in this period. Default false.' })),
  from_day: Day,
  from_time: Time,
  thru_day: Day,
  thru_time: Time,
});

export const ExclusionBody = Type.Object({
  from_date: LocalDate,
  thru_date: LocalDate,
  location_id: Type.Optional(
    Type.Union([Type.Integer(), Type.Null()], {
      description: "One of the monitor's locations; null or absent: all locations.",
    }),
  ),
  note: Type.Optional(Type.String({ maxLength: 255 })),
});

const Periods = Type.Array(PeriodBody, {
  minItems: 1,
  maxItems: 100,
  description:
    'Replaces every period. A period whose thru is earlier in the week than its from wraps over Saturday → Sunday.',
});
const Exclusions = Type.Array(ExclusionBody, {
  maxItems: 1000,
  description: 'Replaces every exclusion; past and future windows are allowed.',
});

export const ObjectiveFields = {
  availability: Type.Optional(Percent('Availability objective')),
  uptime: Type.Optional(Percent('Uptime objective (monitors in SLA mode; required on create for them)')),
  response_time: Type.Optional(Seconds('Response-time objective')),
  secondary_response_time: Type.Optional(Seconds('Secondary response-time objective (default 0)')),
  use_fullpage_time: Type.Optional(
    Type.Boolean({
      description: 'Measure full-page time (full-page monitors; required on create for them).',
    }),
  ),
};

/** The objective fields alone, as one object (their type is `Objectives`). */
export const ObjectivesBody = Type.Object(ObjectiveFields);

export const SlaPatchBody = Type.Object({
  name: Type.Optional(Text),
  description: Type.Optional(Description),
  ...ObjectiveFields,
  operating_periods: Type.Optional(Periods),
  exclusions: Type.Optional(Exclusions),
});

export const NewSlaBody = Type.Object({
  ...SlaPatchBody.properties,
  monitor_id: Type.Integer({ description: 'A monitor of the account that has no SLA yet.' }),
  name: Text,
  description: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 1024,
      description: "Defaults to the monitor's name.",
    }),
  ),
  availability: Percent('Availability objective'),
  response_time: Seconds('Response-time objective'),
});

export const SlaBulkEditBody = Type.Object({
  monitors: Type.Array(Type.Integer(), {
    minItems: 1,
    maxItems: 5000,
    description: 'Monitors of the account that already have an SLA; any other id fails the whole request.',
  }),
  update_sla_objectives: Type.Optional(Type.Boolean()),
  update_operating_periods: Type.Optional(Type.Boolean()),
  update_exclusions: Type.Optional(Type.Boolean()),
  ...ObjectiveFields,
  operating_periods: Type.Optional(Periods),
  update_exclusions_action: Type.Optional(
    Type.Enum(['append', 'update'], { description: '`append` (default) adds; `update` replaces.' }),
  ),
  exclusions: Type.Optional(Exclusions),
});

export const SlaBulkEditResult = Type.Object({
  results: Type.Array(Type.Object({ monitor_id: Type.String(), ids: Type.Array(Type.String()) })),
});

const Nullable = (t: ReturnType<typeof Type.Number>) => Type.Union([t, Type.Null()]);

/** Every field of an SLA as the API shows it: the object of docs/alertsite-v3.md §11.1 plus the measured values. */
const SlaFields = Type.Object({
  id: Type.Integer(),
  monitor_id: Type.Integer(),
  monitor_name: Type.String(),
  name: Type.String(),
  description: Type.String(),
  availability: Type.Number({ description: 'Availability objective, percent.' }),
  uptime: Nullable(Type.Number()),
  response_time: Type.Number({ description: 'Response-time objective, seconds.' }),
  secondary_response_time: Nullable(Type.Number()),
  use_fullpage_time: Type.Boolean(),
  uptime_allowed: Type.Boolean({ description: 'The monitor is in SLA (MultiPOP) mode.' }),
  use_fullpage_time_allowed: Type.Boolean({ description: 'The monitor is full-page.' }),
  operating_periods: Type.Array(
    Type.Object({ id: Type.Integer(), ...PeriodBody.properties, exclude: Type.Boolean() }),
  ),
  exclusions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      from_date: Type.String(),
      thru_date: Type.String(),
      location_id: Type.Union([Type.Integer(), Type.Null()]),
      location_description: Type.String({ description: '"-- All --" when location_id is null.' }),
      note: Type.String(),
    }),
  ),
  measured_availability: Nullable(
    Type.Number({
      description:
        "sitewatch extension (docs/compatibility.md §10): percent (3 decimals) of the current calendar month's check slots (account time zone) that passed, counting only slots inside the operating periods and outside the exclusions (per location where the exclusion names one); internal statuses (21, 98) and test-on-demand results never count; a pass on retry (warning) counts as passed. null when no slot counts.",
    }),
  ),
  measured_response_time: Nullable(
    Type.Number({
      description:
        "sitewatch extension (docs/compatibility.md §10): mean response time, seconds (3 decimals), of the same month's passed slots; null when none was measured.",
    }),
  ),
});

/** An SLA as the API shows it; every field optional because `select` may drop any. */
export const Sla = Type.Partial(SlaFields, { $id: 'Sla' });

/** An SLA as the service builds it (every field present). */
export type SlaView = Static<typeof SlaFields>;

/** One operating period of a body. */
export type PeriodInput = Static<typeof PeriodBody>;

/** One exclusion of a body. */
export type ExclusionInput = Static<typeof ExclusionBody>;

/** Objective fields shared by create, PATCH and bulk-edit (ranges here; rounding in rules.ts). */
export type Objectives = Static<typeof ObjectivesBody>;
