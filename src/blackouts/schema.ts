import { Type, type Static } from 'typebox';
import { MAX_ROW_ID } from '../store/ids.ts';

// The blackouts contract (docs/alertsite-v3.md §5): validation, the service's types (Static) and
// the OpenAPI document all come from these schemas.

// Ids larger than the integer column cannot name a row, and must not reach the driver.
const Id = Type.Integer({ minimum: 1, maximum: MAX_ROW_ID });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const TYPE_DOC =
  'Monitor = stop monitoring, Alert = keep monitoring but send no alerts (assoc_id: a monitor); ' +
  'Notifier = silence one recipient (assoc_id: a recipient). Recipient is accepted for Notifier.';
const BlackoutTypeIn = Type.Enum(['Monitor', 'Alert', 'Notifier', 'Recipient'], { description: TYPE_DOC });
const MonitorBlackoutType = Type.Enum(['Monitor', 'Alert']);

const DateTime = Nullable(
  Type.String({
    maxLength: 32,
    description: 'YYYY-MM-DD HH:MM:SS in the account time zone; one-time blackouts only.',
  }),
);
const Day = Nullable(Type.Integer({ minimum: 1, maximum: 7, description: '1 = Sunday … 7 = Saturday.' }));
const Time = Nullable(
  Type.String({
    maxLength: 16,
    description: 'hh:mm, 00:00–23:59, account time zone; the end minute is included.',
  }),
);
const Note = Nullable(Type.String({ maxLength: 255 }));

const NullableText = (description: string) => Type.Union([Type.String(), Type.Null()], { description });
const NullableDay = (description: string) => Type.Union([Type.Integer(), Type.Null()], { description });

/** Every field of a blackout as the API shows it (docs/alertsite-v3.md §5.1). */
const BlackoutFields = Type.Object({
  id: Type.Integer({ description: 'Row id (an integer here; a string in `{"id"}` answers).' }),
  assoc_id: Type.Integer({ description: 'Monitor id (Monitor, Alert) or recipient id (Notifier).' }),
  type: Type.String({ description: 'Monitor, Alert or Notifier.' }),
  persistent: Type.Boolean({ description: 'true = recurring weekly, false = one-time.' }),
  from_date: NullableText('One-time start, account-local YYYY-MM-DD HH:MM:SS; null when recurring.'),
  thru_date: NullableText('One-time end (exclusive); null when recurring.'),
  start_day: NullableDay('Recurring start day, 1 = Sunday … 7 = Saturday; null when one-time.'),
  start_time: NullableText('Recurring start, hh:mm; null when one-time.'),
  end_day: NullableDay('Recurring end day; null when one-time.'),
  end_time: NullableText('Recurring end, hh:mm, the minute included; null when one-time.'),
  note: NullableText('Free text, at most 255 characters.'),
  login: NullableText('Email of the user who created it.'),
  date_added: Type.String({ description: 'Creation time, ISO UTC with Z.' }),
});

/** A blackout as the API shows it; every field optional because `select` may drop any. */
export const Blackout = Type.Partial(BlackoutFields, { $id: 'Blackout' });

/** A blackout as the service builds it (every field present). */
export type BlackoutView = Static<typeof BlackoutFields>;

export const NewBlackoutBody = Type.Object({
  assoc_id: Id,
  type: BlackoutTypeIn,
  persistent: Type.Optional(
    Type.Boolean({
      description: 'true = recurring, false = one-time; inferred from the fields when omitted.',
    }),
  ),
  from_date: Type.Optional(DateTime),
  thru_date: Type.Optional(DateTime),
  start_day: Type.Optional(Day),
  start_time: Type.Optional(Time),
  end_day: Type.Optional(Day),
  end_time: Type.Optional(Time),
  note: Type.Optional(Note),
});

export const BlackoutPatchBody = Type.Object({
  assoc_id: Type.Optional(Id),
  type: Type.Optional(BlackoutTypeIn),
  start_day: Type.Optional(Day),
  start_time: Type.Optional(Time),
  end_day: Type.Optional(Day),
  end_time: Type.Optional(Time),
  from_time: Type.Optional(
    Type.Union([Type.String({ maxLength: 16 }), Type.Null()], { description: 'Alias of start_time.' }),
  ),
  thru_time: Type.Optional(
    Type.Union([Type.String({ maxLength: 16 }), Type.Null()], { description: 'Alias of end_time.' }),
  ),
  note: Type.Optional(Note),
});

/** Body of `POST /blackouts`. */
export type NewBlackoutInput = Static<typeof NewBlackoutBody>;

/**
 * Body of `PATCH /blackouts/{id}`: recurring fields only (null is refused: a recurring blackout
 * needs all four), with the docs' aliases from_time/thru_time (start_time/end_time win).
 */
export type BlackoutPatch = Static<typeof BlackoutPatchBody>;

export const BlackoutFilters = {
  type: Type.Optional(
    Type.String({
      description: 'Monitor, Alert or Notifier (Recipient accepted); comma-separated for several.',
    }),
  ),
  assoc_id: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ROW_ID })),
  persistent: Type.Optional(
    Type.Boolean({ description: 'true: recurring blackouts only; false (the default): both kinds.' }),
  ),
};

const BulkOneTime = Type.Object({
  from_date: Type.String({ maxLength: 32 }),
  thru_date: Type.String({ maxLength: 32 }),
  type: MonitorBlackoutType,
  note: Type.Optional(Note),
});

const BulkRecurring = Type.Object({
  start_day: Type.Integer({ minimum: 1, maximum: 7 }),
  start_time: Type.String({ maxLength: 16 }),
  end_day: Type.Integer({ minimum: 1, maximum: 7 }),
  end_time: Type.String({ maxLength: 16 }),
  type: MonitorBlackoutType,
  note: Type.Optional(Note),
});

const Action = Type.Enum(['append', 'update'], {
  description: 'append adds; update replaces the monitor’s blackouts of that kind (default append).',
});

export const BulkEditBody = Type.Object({
  monitors: Type.Array(Type.Integer(), {
    minItems: 1,
    maxItems: 1000,
    description: 'Target monitors; any id that is not a monitor of the account fails the request with 403.',
  }),
  update_one_time: Type.Boolean(),
  update_one_time_action: Type.Optional(Action),
  one_time_blackouts: Type.Optional(Type.Array(BulkOneTime, { maxItems: 50 })),
  update_persistent: Type.Boolean(),
  update_persistent_action: Type.Optional(Action),
  persistent_blackouts: Type.Optional(Type.Array(BulkRecurring, { maxItems: 50 })),
});

/** Body of `POST /blackouts/bulk-edit` (docs/alertsite-v3.md §5.2). */
export type BulkEditInput = Static<typeof BulkEditBody>;

export const BulkEditResponse = Type.Object({
  results: Type.Array(Type.Object({ monitor_id: Type.String(), ids: Type.Array(Type.String()) })),
});
