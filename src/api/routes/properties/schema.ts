import { Type } from 'typebox';

// Names: 255 characters, like every other name in the API. A property holds at most 1000 values
// (a pick list, not a data store); value names are unique within their property, ignoring case.
const Name = Type.String({ minLength: 1, maxLength: 255 });
const MAX_VALUES = 1000;

const Value = Type.Object({ id: Type.Integer(), name: Type.String() });

/** A custom property as the API shows it; every field optional because `select` may drop any. */
export const Property = Type.Object(
  {
    id: Type.Optional(Type.Integer()),
    name: Type.Optional(Type.String()),
    values: Type.Optional(Type.Array(Value, { description: 'Values in list order.' })),
  },
  { $id: 'Property' },
);

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
