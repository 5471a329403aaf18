import { Type } from 'typebox';
import type { Deps } from '../../../deps.ts';
import { MAX_ROW_ID } from '../../../store/ids.ts';
import { resultsHistory, type HistoryQuery } from '../../../reports/results-history.ts';
import { listEnvelope, pageOf } from '../../lists.ts';
import { errorResponses, IntIdParams, ListEnvelope, ListQuery } from '../../schemas/common.ts';
import type { App } from '../../types.ts';

const When = (description: string) =>
  Type.Optional(
    Type.String({
      maxLength: 40,
      description: `${description} "YYYY-MM-DD HH:MM:SS" in the account's time zone, or ISO 8601 with a zone (2026-03-01T00:00:00Z).`,
    }),
  );

const Item = Type.Object(
  {
    type: Type.String({
      description: '"raw": one check result; "hourly": one hour of one location, rolled up.',
    }),
    location_id: Type.Integer(),
    dt: Type.String({
      description: 'raw: start of the check; hourly: start of the hour. "YYYY-MM-DD HH:MM:SS" UTC.',
    }),
    id: Type.Optional(Type.String({ description: 'raw: the result id.' })),
    kind: Type.Optional(Type.String({ description: 'raw: scheduled, retry or verify.' })),
    status: Type.Optional(Type.Integer({ description: 'raw: status code, 0 = OK.' })),
    status_desc: Type.Optional(Type.String()),
    info_msg: Type.Optional(Type.String()),
    warning: Type.Optional(Type.Boolean({ description: 'raw: the failure passed on retry.' })),
    phases: Type.Optional(
      Type.Record(Type.String(), Type.Number(), {
        description:
          'raw, sitewatch extension: measured phases in seconds (dns, connect, tls, firstByte, download), those the check saw.',
      }),
    ),
    runs: Type.Optional(Type.Integer({ description: 'hourly: results in the hour.' })),
    errors: Type.Optional(Type.Integer({ description: 'hourly: non-zero, non-internal results.' })),
    internal: Type.Optional(Type.Integer({ description: 'hourly: internal results (never count).' })),
    warnings: Type.Optional(Type.Integer()),
    availability: Type.Optional(
      Type.Union([Type.Number(), Type.Null()], {
        description: 'hourly: percent of non-internal runs without error.',
      }),
    ),
    response_time: Type.Union([Type.Number(), Type.Null()], {
      description:
        'Seconds, 3 decimals; hourly: the mean of measured results. null when nothing was measured.',
    }),
    response_time_max: Type.Optional(
      Type.Union([Type.Number(), Type.Null()], { description: 'hourly: seconds.' }),
    ),
  },
  { $id: 'MonitorResult' },
);

/** `GET /monitors/{id}/results`: a sitewatch extension for the dashboard (issue 4 §8). */
export function registerMonitorResults(app: App, deps: Deps): void {
  const history = resultsHistory(deps);
  app.addSchema(Item);
  app.get(
    '/monitors/:id/results',
    {
      config: { access: 'read' },
      schema: {
        tags: ['monitors'],
        summary: "A monitor's result history: raw results within retention, hourly rollups before it",
        description:
          'sitewatch extension. Results of the window [from, to) in time order, as the list envelope (limit/offset page them). Raw results (scheduled, retry, verify; never test-on-demand) are kept SITEWATCH_RESULT_RETENTION_DAYS (default 30): hours that start before the first whole hour inside that retention come from hourly rollups (type "hourly", rollup hours starting at or after `from`), later ones are raw (type "raw"), rollups first. Defaults: to = now, from = 24 hours before to.',
        params: IntIdParams,
        querystring: Type.Object({
          ...ListQuery,
          from: When('Start of the window (inclusive).'),
          to: When('End of the window (exclusive).'),
          location_id: Type.Optional(
            Type.Integer({ minimum: 0, maximum: MAX_ROW_ID, description: 'Only this location.' }),
          ),
        }),
        response: { 200: ListEnvelope(Type.Ref('MonitorResult')), ...errorResponses(400, 401, 404) },
      },
    },
    async (req) => {
      const query = req.query as HistoryQuery & { limit?: number; offset?: number; select?: string };
      const page = pageOf(query);
      const id = Number((req.params as { id: string }).id);
      const { count, rows } = await history(req.principal, id, query, page);
      return listEnvelope(req.principal, page, count, rows, query.select);
    },
  );
}
