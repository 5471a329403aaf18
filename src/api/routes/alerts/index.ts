import { Type } from 'typebox';
import type { Deps } from '../../../deps.ts';
import { alertHistory, NOTIFY_TYPES, type AlertQuery } from '../../../alerting/history.ts';
import { MAX_ROW_ID } from '../../../store/ids.ts';
import { listRoute } from '../../resource.ts';
import type { App } from '../../types.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Attempt = Type.Object(
  {
    attempt: Type.Integer({ description: '1 for the first attempt.' }),
    dt: Type.String({ description: 'Start, "YYYY-MM-DD HH:MM:SS" UTC.' }),
    duration_ms: Type.Integer(),
    channel: Type.String({
      description: 'Channel kind (webhook, email …); none when no channel serves the method.',
    }),
    destination: Type.String({ description: 'Where it went, without passwords or secret parameters.' }),
    outcome: Type.String({ description: 'sent, retry (tried again later) or failed.' }),
    http_status: Nullable(Type.Integer()),
    reply: Nullable(Type.String({ description: "The receiver's answer, or why the attempt failed." })),
  },
  { $id: 'AlertAttempt' },
);

const Alert = Type.Object(
  {
    id: Type.Optional(Type.String()),
    delivery_id: Type.Optional(
      Type.String({ description: 'The X-Sitewatch-Delivery header of every attempt.' }),
    ),
    monitor_id: Type.Optional(Type.Integer()),
    location_id: Type.Optional(Type.Integer()),
    recipient_id: Type.Optional(Type.Integer()),
    notify_type: Type.Optional(Type.String({ description: 'error, clear or performance.' })),
    status: Type.Optional(Type.Integer({ description: 'Status code the alert carries (0 on clear).' })),
    status_desc: Type.Optional(Type.String()),
    errcount: Type.Optional(Type.Integer({ description: 'Consecutive errors at the time (0 on clear).' })),
    method_id: Type.Optional(Type.Integer()),
    destination: Type.Optional(Type.String()),
    state: Type.Optional(
      Type.String({ description: 'pending (waiting or being delivered), sent or failed.' }),
    ),
    last_error: Type.Optional(Nullable(Type.String())),
    dt: Type.Optional(Type.String({ description: 'Queued, "YYYY-MM-DD HH:MM:SS" UTC.' })),
    dt_settled: Type.Optional(
      Nullable(Type.String({ description: 'Sent or failed, UTC; null while pending.' })),
    ),
    attempts: Type.Optional(Type.Array(Type.Ref('AlertAttempt'))),
  },
  { $id: 'Alert' },
);

const When = (description: string) =>
  Type.Optional(
    Type.String({
      maxLength: 40,
      description: `${description} "YYYY-MM-DD HH:MM:SS" in the account's time zone, or ISO 8601 with a zone.`,
    }),
  );

/** `GET /alerts`: the alert history (sitewatch extension, issue 7 §7). */
export function registerAlerts(app: App, deps: Deps): void {
  app.addSchema(Attempt);
  app.addSchema(Alert);
  const history = alertHistory(deps);
  listRoute(app, {
    tag: 'alerts',
    path: '/alerts',
    summary: 'Alert history: every notification queued, newest first, with its delivery attempts',
    description:
      'sitewatch extension. One row per notification to one recipient. Delivered and failed rows are kept as long as check results (SITEWATCH_RESULT_RETENTION_DAYS).',
    item: Type.Ref('Alert'),
    filters: {
      monitor_id: Type.Optional(
        Type.Integer({ minimum: 0, maximum: MAX_ROW_ID, description: 'Only this monitor.' }),
      ),
      notify_type: Type.Optional(
        Type.String({ maxLength: 20, description: `One of ${NOTIFY_TYPES.join(', ')}.` }),
      ),
      from: When('Queued at or after.'),
      to: When('Queued before.'),
    },
    list: (p, q, page) => history(p, q as AlertQuery, page),
  });
}
