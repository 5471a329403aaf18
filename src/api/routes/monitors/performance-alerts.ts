import { Type } from 'typebox';
import type { Deps } from '../../../deps.ts';
import { performanceAlertService, type PerformanceAlertInput } from '../../../alerting/performance-config.ts';
import { listEnvelope, pageOf } from '../../lists.ts';
import { errorResponses, IdResponse, ListEnvelope, ListQuery } from '../../schemas/common.ts';
import type { App } from '../../types.ts';

const Digits = Type.String({ pattern: '^[0-9]{1,15}$' });
const Params = Type.Object({ id: Digits });
const AlertParams = Type.Object({ id: Digits, alert_id: Digits });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Item = Type.Object(
  {
    id: Type.Optional(Type.String()),
    monitor_id: Type.Optional(Type.Integer()),
    step_number: Type.Optional(Type.Integer({ description: '0: the whole monitor; else one step.' })),
    type: Type.Optional(Type.String({ description: 'static or dynamic.' })),
    threshold_seconds: Type.Optional(
      Nullable(Type.Number({ description: 'static: the response time limit.' })),
    ),
    percent: Type.Optional(Nullable(Type.Integer({ description: 'dynamic: percent above the baseline.' }))),
    baseline_days: Type.Optional(
      Nullable(Type.Integer({ description: 'dynamic: days of the baseline mean (1–7).' })),
    ),
    window_minutes: Type.Optional(
      Type.Integer({ description: 'The measured mean covers this many minutes.' }),
    ),
    min_locations: Type.Optional(
      Type.Integer({ description: 'Locations that must be over the threshold at once.' }),
    ),
    enabled: Type.Optional(Type.Boolean()),
    active: Type.Optional(Type.Boolean({ description: 'Over the threshold now.' })),
    dt_fired: Type.Optional(Nullable(Type.String({ description: 'When it last began to fire, UTC.' }))),
  },
  { $id: 'PerformanceAlert' },
);

const Body = Type.Object({
  step_number: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  type: Type.Optional(Type.String({ maxLength: 20, description: 'static or dynamic; required on create.' })),
  threshold_seconds: Type.Optional(Nullable(Type.Number({ description: 'static: seconds, up to 600.' }))),
  percent: Type.Optional(Nullable(Type.Integer({ description: 'dynamic: 1–1000.' }))),
  baseline_days: Type.Optional(Nullable(Type.Integer({ description: 'dynamic: 1–7, default 7.' }))),
  window_minutes: Type.Optional(Type.Integer({ description: '10–1440, default 10.' })),
  min_locations: Type.Optional(Type.Integer({ description: 'Default 1.' })),
  enabled: Type.Optional(Type.Boolean()),
});

const DOC =
  'sitewatch extension. A monitor (or one step) is slow when, at min_locations locations or more, its mean response time over the last window_minutes is above a static threshold (seconds) or a dynamic one (percent above the mean of the past baseline_days). Evaluated every minute; one notice per episode to recipients with performance_alert on, whatever the blackouts.';

/** `/monitors/{id}/performance-alerts` (issue 7 §6). */
export function registerPerformanceAlerts(app: App, deps: Deps): void {
  app.addSchema(Item);
  const svc = performanceAlertService(deps);
  const tags = ['monitors'];
  const ids = (params: unknown) => {
    const p = params as { id: string; alert_id?: string };
    return { monitorId: Number(p.id), alertId: Number(p.alert_id) };
  };
  app.get(
    '/monitors/:id/performance-alerts',
    {
      config: { access: 'read' },
      schema: {
        tags,
        summary: "List a monitor's performance alerts",
        description: DOC,
        params: Params,
        querystring: Type.Object(ListQuery),
        response: { 200: ListEnvelope(Type.Ref('PerformanceAlert')), ...errorResponses(400, 401, 404) },
      },
    },
    async (req) => {
      const q = req.query as { limit?: number; offset?: number; select?: string };
      const page = pageOf(q);
      const all = await svc.list(req.principal, ids(req.params).monitorId);
      return listEnvelope(
        req.principal,
        page,
        all.length,
        all.slice(page.offset, page.offset + page.limit),
        q.select,
      );
    },
  );
  app.post(
    '/monitors/:id/performance-alerts',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: 'Add a performance alert to a monitor',
        description: DOC,
        params: Params,
        body: Body,
        response: { 200: IdResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => ({
      id: String(
        await svc.create(req.principal, ids(req.params).monitorId, req.body as PerformanceAlertInput),
      ),
    }),
  );
  app.patch(
    '/monitors/:id/performance-alerts/:alert_id',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: 'Change a performance alert (partial)',
        params: AlertParams,
        body: Body,
        response: { 200: IdResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { monitorId, alertId } = ids(req.params);
      return {
        id: String(await svc.update(req.principal, monitorId, alertId, req.body as PerformanceAlertInput)),
      };
    },
  );
  app.delete(
    '/monitors/:id/performance-alerts/:alert_id',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: 'Remove a performance alert',
        params: AlertParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const { monitorId, alertId } = ids(req.params);
      await svc.remove(req.principal, monitorId, alertId);
      return reply.code(204).send(null);
    },
  );
}
