import { Type } from 'typebox';
import { MAX_ROW_ID } from '../../../store/ids.ts';

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

/** A blackout as the API shows it (reference §5.1); every field optional because `select` may drop any. */
export const Blackout = Type.Object(
  {
    id: Type.Optional(Type.Integer()),
    assoc_id: Type.Optional(Type.Integer()),
    type: Type.Optional(Type.String()),
    persistent: Type.Optional(Type.Boolean()),
    from_date: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    thru_date: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    start_day: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    start_time: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    end_day: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    end_time: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    note: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    login: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    date_added: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { $id: 'Blackout' },
);

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

export const BulkEditResponse = Type.Object({
  results: Type.Array(Type.Object({ monitor_id: Type.String(), ids: Type.Array(Type.String()) })),
});
