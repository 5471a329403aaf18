import { Type } from 'typebox';
import type { Deps } from '../../../deps.ts';
import { aclFor } from '../../../domain/roles.ts';
import { siteStatusReport, type SiteStatusQuery } from '../../../reports/site-status.ts';
import { errorResponses } from '../../schemas/common.ts';
import type { App } from '../../types.ts';

const Flag = (description: string) =>
  Type.Optional(
    Type.Union([Type.Literal('true'), Type.Literal('false'), Type.Literal('1'), Type.Literal('0')], {
      description,
    }),
  );
const Text = (description: string) => Type.Union([Type.String(), Type.Null()], { description });

const Query = Type.Object({
  monitors: Type.Optional(
    Type.String({
      description:
        "Monitor id or comma list. An id that is not one of the reported accounts' monitors answers 404 (ids of another account look missing, docs/compatibility.md §3).",
    }),
  ),
  monitor_groups: Type.Optional(
    Type.String({
      description:
        'sitewatch: AlertSite "monitor groups" have no v3 CRUD, so these are recipient-group (/notifier-groups) ids, id or comma list; an unknown id answers 404. Only monitors inside the groups are returned, once per group (docs/alertsite-v3.md §10), in group id order; with `monitors` too, only those of them inside the groups.',
    }),
  ),
  showsubaccounts: Flag("true/1: report the caller's sub-accounts as well as its own account."),
  sub_accounts: Type.Optional(
    Type.String({
      description:
        "Customer id or comma list: exactly these accounts are reported (showsubaccounts is then implied). Each must be the caller's account or one of its sub-accounts; any other id answers 404.",
    }),
  ),
  summarize: Flag(
    'true/1: one row per monitor, showing the location whose latest result is worst (error > internal error > OK > never run), the latest among equals; otherwise one row per monitor and location.',
  ),
  enabledonly: Flag('true/1: only enabled monitors.'),
  showrecs: Type.Optional(
    Type.Union([Type.Literal('ok'), Type.Literal('err')], {
      description:
        'ok: only rows whose last status is 0; err: only rows with a non-zero last status, internal codes (21, 98) included. Rows that never ran match neither.',
    }),
  ),
  type: Type.Optional(
    Type.String({ description: 'Monitor type or comma list (website, tcp, …); an unknown type is 400.' }),
  ),
});

const Row = Type.Object(
  {
    obj_device: Type.String({ description: 'Monitor id.' }),
    device_name: Type.String(),
    device_typ: Type.String({ description: 'The v3 monitor type string (website, tcp, …).' }),
    monitor: Type.String({ description: '"y" enabled, "n" disabled.' }),
    monitor_interval: Type.String({ description: 'Minutes.' }),
    last_status: Text(
      'Latest status code as a string ("0" = OK); null when the monitor never ran at this location.',
    ),
    last_status_desc: Text("The status code's meaning; null when never run."),
    dt_last_status: Text('"YYYY-MM-DD HH:MM:SS" UTC; null when never run.'),
    resptime_last: Text('Seconds with 3 decimals ("0.412"); null when never run or nothing was measured.'),
    info_msg: Text('What the latest run saw; null when never run.'),
    obj_location: Text('Location id; null only for a monitor without locations.'),
    location_name: Text('Location name.'),
    customer_id: Type.String({ description: 'The account (customer) id owning the monitor.' }),
  },
  { $id: 'SiteStatusRow' },
);

/** `GET /report-sitestatus` (docs/compatibility.md §9, docs/alertsite-v3.md §10): any role may read it. */
export function registerReports(app: App, deps: Deps): void {
  const report = siteStatusReport(deps);
  app.addSchema(Row);
  app.get(
    '/report-sitestatus',
    {
      config: { access: 'read' },
      schema: {
        tags: ['reports'],
        summary: 'Site status: the latest result of every monitor (per location, or summarized)',
        description:
          'Every row field is a JSON string or null. Test-on-demand results never show here. The answer is not paged: resultset.count is the number of rows, limit and offset are null.',
        querystring: Query,
        response: {
          200: Type.Object({
            metadata: Type.Object({
              __permissions: Type.Object({ acl: Type.Integer() }),
              resultset: Type.Object({ count: Type.Integer(), limit: Type.Null(), offset: Type.Null() }),
            }),
            results: Type.Array(Type.Ref('SiteStatusRow')),
          }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (req, reply) => {
      const results = await report(req.principal, req.query as SiteStatusQuery);
      // Rows are built field by field (reports/site-status.ts); JSON.stringify writes 50,000 of
      // them ten times faster than the compiled serializer, whose string building degrades past a
      // few hundred rows (see api/resource.ts).
      reply.serializer(JSON.stringify);
      return {
        metadata: {
          __permissions: { acl: aclFor(req.principal.role) },
          resultset: { count: results.length, limit: null, offset: null },
        },
        results,
      };
    },
  );
}
