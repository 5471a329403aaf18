import { Type, type TSchema } from 'typebox';

/** `{"errors":[{code, message, fields?}]}`: every error response. */
export const ErrorEnvelope = Type.Object(
  {
    errors: Type.Array(
      Type.Object({
        code: Type.Integer(),
        message: Type.String(),
        fields: Type.Optional(Type.Array(Type.String())),
      }),
    ),
  },
  { $id: 'ErrorEnvelope' },
);

/** `{"id": "123"}`: the answer to every create and update, id as a string. */
export const IdResponse = Type.Object({ id: Type.String() }, { $id: 'IdResponse' });

/** Path parameter of integer-id resources; anything else is a record that cannot exist. */
export const IntIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) });

/** Path parameter of users. */
export const GuidParams = Type.Object({
  id: Type.String({
    pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  }),
});

/** Query parameters every list shares (docs/compatibility.md §5). */
export const ListQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 0, description: 'Rows to return; at most 5000.' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, description: '0-based index of the first row.' })),
  select: Type.Optional(
    Type.String({ description: 'Comma-separated field names to return; empty returns empty objects.' }),
  ),
};

export const SelectQuery = { select: ListQuery.select };

/** The list envelope around rows of `item`. */
export function ListEnvelope<T extends TSchema>(item: T) {
  return Type.Object({
    metadata: Type.Object({
      __permissions: Type.Object({ acl: Type.Integer() }),
      resultset: Type.Object({
        count: Type.Integer(),
        limit: Type.Union([Type.Integer(), Type.Null()]),
        offset: Type.Union([Type.Integer(), Type.Null()]),
      }),
    }),
    results: Type.Array(item),
  });
}

/** Standard error responses to document on a route. */
export const errorResponses = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [c, Type.Ref('ErrorEnvelope')]));
