import { Type } from 'typebox';
import type { Deps } from '../../../deps.ts';
import { testNotifierService, type TestNotifierInput } from '../../../test-notifiers/service.ts';
import { errorResponses } from '../../schemas/common.ts';
import type { App } from '../../types.ts';
import { TestNotifierBody, TestNotifierResult } from './schema.ts';

/** Test alerts (docs/compatibility.md §11, docs/alertsite-v3.md §8). */
export function registerTestNotifiers(app: App, deps: Deps): void {
  const service = testNotifierService(deps);
  app.addSchema(TestNotifierResult);
  app.post(
    '/test-notifiers',
    {
      // It sends something to somebody: writers only (READONLY and REPORTONLY get 403).
      config: { access: 'write' },
      schema: {
        tags: ['test-notifiers'],
        summary: 'Send a test alert now through a method and destination, or through a stored recipient',
        description:
          "Really delivers a test alert (notify_type `test`, the method's default template) and answers what the receiver said. 400: unknown method, destination not in the method's format, or refused by the egress policy (SITEWATCH_EGRESS_ALLOW). 404: recipient_id of no recipient of the account. 502: not delivered (SMTP not configured, delivery method not configured, the receiver answered an error, timed out, …), the message says why.",
        body: TestNotifierBody,
        response: { 200: Type.Ref('TestNotifierResult'), ...errorResponses(400, 401, 403, 404, 502) },
      },
    },
    async (req) => service.send(req.principal, req.body as TestNotifierInput),
  );
}
