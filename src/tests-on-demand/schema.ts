import { Type, type Static } from 'typebox';

// The test-on-demand contract (docs/compatibility.md §11): validation, the service's types
// (Static) and the OpenAPI document all come from these schemas.

const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);

/** `GET /tests` query (docs/compatibility.md §11): exactly one of monitor_id, url, hostname. */
export const TestQuerySchema = Type.Object({
  monitor_id: Type.Optional(Type.Integer({ minimum: 1, description: 'Test this monitor of the account.' })),
  location_id: Type.Optional(
    Type.Integer({
      minimum: 0,
      description:
        "Where to run. With monitor_id: one of the monitor's locations (default its home location, else its first). With url or hostname: a location the account may use (default the account's default location).",
    }),
  ),
  url: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2048,
      description:
        'sitewatch: test an ad-hoc http:// or https:// URL, as a website / website-ssl check with the default 30 s timeout. The egress policy applies (a refused destination gives status 20).',
    }),
  ),
  hostname: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 253,
      description:
        'sitewatch: ping this host name or IP address (test_type=ping, the default with a hostname).',
    }),
  ),
  test_type: Type.Optional(
    Type.Union([Type.Literal('Fullpage'), Type.Literal('Non-Fullpage'), Type.Literal('ping')], {
      description:
        "Fullpage (default: the monitor's own setting) or Non-Fullpage (HTML only) for monitors and URLs; ping for hostnames. traceroute is not offered.",
    }),
  ),
  monitor_agent: Type.Optional(
    Type.String({ description: 'Accepted and ignored: this server has one agent.' }),
  ),
});

const Step = Type.Object(
  {
    step_number: Type.Integer(),
    step_name: Type.String(),
    status: Type.Integer(),
    info_msg: Type.String(),
    response_time: Nullable(Type.Number()),
  },
  { additionalProperties: true },
);

/** A test result (docs/compatibility.md §11). */
export const TestResult = Type.Object(
  {
    id: Type.String({ description: 'The result id.' }),
    monitor_id: Type.Union([Type.Integer(), Type.Null()], {
      description: 'The monitor tested; null for ad-hoc URL and ping tests.',
    }),
    location_id: Type.Integer(),
    status: Type.Integer({ description: 'Status code (0 = OK); see status-codes.' }),
    status_desc: Type.String(),
    info_msg: Type.String(),
    response_time: Nullable(
      Type.Number({ description: 'Seconds, 3 decimals; null when nothing was measured.' }),
    ),
    dt: Type.String({ description: 'Start of the test, "YYYY-MM-DD HH:MM:SS" UTC.' }),
    steps: Type.Array(Step, {
      description: 'Per-step status and timings of multi-step types; [] otherwise.',
    }),
    link: Type.String({ description: 'Where to fetch this result again: /api/v3/tests/<id>.' }),
  },
  {
    $id: 'TestResult',
    description:
      "A test-on-demand result. It is stored (kind test) but never changes the monitor's alert state, its status in the site status report, its rollups or its SLA.",
  },
);

/** The query of `GET /tests`. */
export type TestQuery = Static<typeof TestQuerySchema>;

/** A test-on-demand result as `GET /tests` and `GET /tests/{id}` answer it. */
export type TestResultView = Static<typeof TestResult>;
