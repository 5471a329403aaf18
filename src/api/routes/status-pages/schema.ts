import { Type } from 'typebox';

/** A page's slug; the public routes accept only this shape (anything else is an unknown page). */
export const Slug = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$',
  description: 'Lower-case letters, digits and inner hyphens; the page is served at /status/<slug>. Unique.',
});
const Title = Type.String({ minLength: 1, maxLength: 255 });
const Description = Type.String({ maxLength: 1024 });
const Monitors = Type.Array(Type.Integer({ minimum: 1 }), {
  minItems: 1,
  maxItems: 100,
  description: 'Monitors of the account, in display order (replaces the list).',
});

/** POST /status-pages body. */
export const NewStatusPageBody = Type.Object({
  slug: Slug,
  title: Title,
  description: Type.Optional(Description),
  monitors: Monitors,
});

/** PATCH /status-pages/{id} body (partial). */
export const StatusPagePatchBody = Type.Object({
  slug: Type.Optional(Slug),
  title: Type.Optional(Title),
  description: Type.Optional(Description),
  monitors: Type.Optional(Monitors),
});

/** A status page as the API shows it; every field optional because `select` may drop any. */
export const StatusPage = Type.Object(
  {
    id: Type.Optional(Type.Integer()),
    slug: Type.Optional(Type.String()),
    title: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    monitors: Type.Optional(Type.Array(Type.Integer())),
    public_url: Type.Optional(Type.String({ description: 'Path of the public page (no token).' })),
    data_url: Type.Optional(Type.String({ description: 'Path of the public page JSON (no token).' })),
    created: Type.Optional(Type.String({ description: 'ISO 8601 UTC.' })),
    updated: Type.Optional(Type.String({ description: 'ISO 8601 UTC.' })),
  },
  { $id: 'StatusPage' },
);

const Bar = Type.Object({
  date: Type.String({ description: '"YYYY-MM-DD" UTC.' }),
  uptime: Type.Union([Type.Number(), Type.Null()], { description: 'Percent; null: no data that day.' }),
});

/** GET /status/{slug}/data answer. */
export const PublicStatusPage = Type.Object(
  {
    title: Type.String(),
    description: Type.String(),
    generated_at: Type.String({ description: 'When this answer was built (it is cached).' }),
    monitors: Type.Array(
      Type.Object({
        name: Type.String(),
        status: Type.Union([
          Type.Literal('up'),
          Type.Literal('down'),
          Type.Literal('unknown'),
          Type.Literal('paused'),
        ]),
        uptime_90d: Type.Union([Type.Number(), Type.Null()]),
        days: Type.Array(Bar, { description: '90 daily bars, oldest first.' }),
      }),
    ),
    incidents: Type.Array(
      Type.Object({
        monitor: Type.String(),
        from: Type.String(),
        to: Type.String(),
        status: Type.String(),
        failures: Type.Integer(),
      }),
    ),
  },
  { $id: 'PublicStatusPage' },
);
