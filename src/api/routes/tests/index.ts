import { Type } from 'typebox';
import type { Deps } from '../../../deps.ts';
import { testService, type TestQuery as Query } from '../../../tests-on-demand/service.ts';
import { getRoute } from '../../resource.ts';
import { errorResponses } from '../../schemas/common.ts';
import type { App } from '../../types.ts';
import { TestQuerySchema, TestResult } from '../../../tests-on-demand/schema.ts';

const tag = 'tests';

/** Test on demand (docs/compatibility.md §11, docs/alertsite-v3.md §9). */
export function registerTests(app: App, deps: Deps): void {
  const tests = testService(deps);
  app.addSchema(TestResult);
  const item = Type.Ref('TestResult');

  app.get(
    '/tests',
    {
      // A GET that runs a check and stores a result: writers only (docs/compatibility.md §3).
      config: { access: 'write' },
      schema: {
        tags: [tag],
        summary: 'Run a monitor, an ad-hoc URL or a ping once, now, and answer the stored result',
        description:
          'Exactly one of monitor_id, url (sitewatch extension) or hostname (sitewatch extension, ping). Writers only (READONLY and REPORTONLY get 403). The test does not change the alert state.',
        querystring: TestQuerySchema,
        response: { 200: item, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => tests.run(req.principal, req.query as Query),
  );
  getRoute(app, {
    tag,
    path: '/tests/:id',
    idKind: 'int',
    summary: 'Get a test-on-demand result again (any role)',
    item,
    get: (p, id) => tests.get(p, id),
  });
}
