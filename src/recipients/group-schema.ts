import { Type, type Static } from 'typebox';
import { MAX_ROW_ID } from '../store/ids.ts';

// The recipient-group contract (docs/alertsite-v3.md §7): validation, the service's types
// (Static) and the OpenAPI document all come from these schemas.

const Id = Type.Integer();
const RefList = (description: string, minItems?: number) =>
  Type.Array(Type.Object({ id: Id }), { maxItems: 5000, description, ...(minItems ? { minItems } : {}) });

/** Every field of a recipient group as the API shows it. */
const GroupFields = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  is_default: Type.Boolean(),
  monitors: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      step_number: Type.Integer(),
      step_name: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  recipients: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), recipient: Type.String() })),
  errortypes: Type.Array(Type.Object({ id: Type.Integer(), description: Type.String() }), {
    description: 'Status codes that alert; empty means every error.',
  }),
  templates: Type.Array(
    Type.Object({ id: Type.Integer(), name: Type.String(), alert_description_short: Type.String() }),
  ),
});

/** A recipient group as the API shows it; every field optional because `select` may drop any. */
export const NotifierGroup = Type.Partial(GroupFields, { $id: 'NotifierGroup' });

/** A recipient group as the service builds it (every field present). */
export type GroupView = Static<typeof GroupFields>;

const monitors = (minItems?: number) =>
  Type.Array(
    Type.Object({
      id: Id,
      step_number: Type.Optional(
        Type.Integer({ minimum: 0, maximum: 1000, description: '0 (default) = the whole monitor.' }),
      ),
    }),
    { maxItems: 5000, ...(minItems ? { minItems } : {}) },
  );

// Read-only member fields (name, step_name, description…) are not listed, so they are ignored.
const members = {
  errortypes: Type.Optional(RefList('Status codes of up to 3 digits; empty or missing = all errors.')),
  templates: Type.Optional(RefList('Built-in alert template ids.')),
  is_default: Type.Optional(Type.Boolean({ description: "true makes it the account's only default group." })),
};
const Name = Type.String({ minLength: 1, maxLength: 128 });

export const NewGroupBody = Type.Object({
  name: Name,
  monitors: monitors(1),
  recipients: RefList('Recipients of the account.', 1),
  ...members,
});

/** Arrays given replace the stored ones as a whole; absent ones are kept. */
export const GroupPatchBody = Type.Object({
  name: Type.Optional(Name),
  monitors: Type.Optional(monitors(1)),
  recipients: Type.Optional(RefList('Recipients of the account.', 1)),
  ...members,
});

/** The writable fields of a group, every one optional (PATCH; POST requires name, monitors, recipients). */
export type GroupInput = Static<typeof GroupPatchBody>;

/** The member arrays of a group body. */
export type GroupMembersInput = Pick<GroupInput, 'monitors' | 'recipients' | 'errortypes' | 'templates'>;

export const GroupFilters = {
  monitor_id: Type.Optional(
    Type.Integer({ minimum: 0, maximum: MAX_ROW_ID, description: 'Groups holding this monitor.' }),
  ),
  monidor_id: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: MAX_ROW_ID,
      description: 'The documented misspelling of monitor_id.',
    }),
  ),
  recipient_id: Type.Optional(
    Type.Integer({ minimum: 0, maximum: MAX_ROW_ID, description: 'Groups holding this recipient.' }),
  ),
};
