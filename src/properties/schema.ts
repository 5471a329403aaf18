import { Type, type Static } from 'typebox';

// The custom-properties contract (docs/alertsite-v3.md §12): validation, the service's types
// (Static) and the OpenAPI document all come from these schemas.

// Names: 255 characters, like every other name in the API. A property holds at most 1000 values
// (a pick list, not a data store); value names are unique within their property, ignoring case.
const Name = Type.String({ minLength: 1, maxLength: 255 });
const MAX_VALUES = 1000;

const Value = Type.Object({ id: Type.Integer(), name: Type.String() });

/** Every field of a custom property as the API shows it. */
const PropertyFields = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: 'Unique in the account (ignoring case and surrounding spaces).' }),
  values: Type.Array(Value, { description: 'The values a monitor may pick, in list order.' }),
});

/** A custom property as the API shows it; every field optional because `select` may drop any. */
export const Property = Type.Partial(PropertyFields, { $id: 'Property' });

/** A custom property as the service builds it. */
export type PropertyView = Static<typeof PropertyFields>;

export const NewPropertyBody = Type.Object({
  name: Type.String({
    minLength: 1,
    maxLength: 255,
    description: 'Unique in the account (ignoring case and surrounding spaces).',
  }),
  values: Type.Optional(
    Type.Array(Type.Object({ name: Name }), {
      maxItems: MAX_VALUES,
      description: 'Value names in list order; unique within the property, ignoring case.',
    }),
  ),
});

export const PropertyPatchBody = Type.Object({
  name: Type.Optional(Name),
  values: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.Optional(
          Type.Integer({
            minimum: 0,
            description: 'A value of this property to keep; 0 or absent adds one.',
          }),
        ),
        name: Name,
      }),
      {
        maxItems: MAX_VALUES,
        description:
          'Replaces the whole list: values left out are deleted, and monitors that used them lose that choice.',
      },
    ),
  ),
});

/** A new property: its name and, optionally, its value names in list order. */
export type NewProperty = Static<typeof NewPropertyBody>;

/**
 * A partial edit: `values` is the whole new list (an item with an id of this property's value
 * keeps and may rename it, `id` 0 or absent adds one, values left out are deleted).
 */
export type PropertyPatch = Static<typeof PropertyPatchBody>;
