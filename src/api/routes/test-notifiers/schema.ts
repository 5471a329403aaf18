import { Type } from 'typebox';

/** `POST /test-notifiers` body (docs/alertsite-v3.md §8); recipient_id is a sitewatch extension. */
export const TestNotifierBody = Type.Object({
  method_id: Type.Optional(
    Type.Integer({
      description:
        'Delivery method, as on recipients (1, 4, 12 e-mail; 10 form POST; 16 JSON POST; 15 Splunk; 17 ServiceNow; 8, 9 SNMP; 101 Slack; 102 Teams; 103 PagerDuty; 2, 3, 5, 6, 11 are not configured). Required unless recipient_id is given.',
    }),
  ),
  recipient: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2048,
      description: 'The destination in the format of the method. Required unless recipient_id is given.',
    }),
  ),
  username: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  password: Type.Optional(
    Type.Union([Type.String({ maxLength: 1024 }), Type.Null()], {
      description:
        'Basic auth password, Splunk HEC token, PagerDuty routing key or SNMP community, as the method needs.',
    }),
  ),
  location_id: Type.Optional(
    Type.Integer({
      minimum: 0,
      description: "The location the test alert names; default the account's default location.",
    }),
  ),
  recipient_id: Type.Optional(
    Type.Integer({
      minimum: 1,
      description:
        'sitewatch: test this recipient of the account (its method, destination and stored credentials).',
    }),
  ),
});

/** What was delivered. */
export const TestNotifierResult = Type.Object(
  {
    method_id: Type.Integer(),
    method_description: Type.String(),
    destination: Type.String({ description: 'Where it went, without credentials or secret URL parts.' }),
    status: Type.Literal('sent'),
    reply: Type.Union([Type.String(), Type.Null()], {
      description: 'What the receiver answered (HTTP status and the start of its body, the SMTP reply, …).',
    }),
    http_status: Type.Union([Type.Integer(), Type.Null()]),
    provider_id: Type.Union([Type.String(), Type.Null()], {
      description:
        "The receiver's id for it: PagerDuty dedup_key, ServiceNow incident number, e-mail Message-ID.",
    }),
    delivery_id: Type.String({ description: 'The X-Sitewatch-Delivery header value the receiver saw.' }),
    duration_ms: Type.Integer(),
  },
  { $id: 'TestNotifierResult' },
);
