import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { box, runHttp } from '../fakes/http-harness.ts';
import { hang, json, page, startHttpServer, type FakeHttpServer } from '../fakes/http-server.ts';

type Step = Record<string, unknown>;

function step(n: number, name: string, url: string, over: Step = {}): Step {
  return {
    step_number: n,
    step_name: name,
    url,
    http_method: 'GET',
    post: null,
    head: { http_basic_auth_username: '', http_basic_auth_password: null, preemptive_authentication: false },
    assertions: [],
    variables: [],
    ...over,
  };
}

const assertion = (source: string, property: string, comparison: string, value = '') => ({
  source,
  property,
  comparison,
  value,
});

describe('API steps executor against a local JSON API', () => {
  let api: FakeHttpServer;
  const basic = `Basic ${Buffer.from('bot:pw').toString('base64')}`;
  before(async () => {
    api = await startHttpServer({
      '/login': (req, res, body) => {
        const ok = req.headers['content-type'] === 'application/json' && JSON.parse(body).user === 'ann';
        res.writeHead(ok ? 200 : 403, { 'content-type': 'application/json', 'x-api': 'v1' });
        res.end(
          JSON.stringify(ok ? { data: { token: 'T0K', items: [{ id: 41 }, { id: 42 }] } } : { error: 'no' }),
        );
      },
      '/orders/42': (req, res) => {
        const ok = req.url === '/orders/42?token=T0K';
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { status: 'pending', total: 12.5 } }));
      },
      '/xml': page(
        '<?xml version="1.0"?><order id="7"><items><item>a</item><item>b</item></items></order>',
        200,
        { 'content-type': 'application/xml' },
      ),
      '/guarded': (req, res) => {
        if (req.headers.authorization === basic) json({ ok: true })(req, res, '');
        else res.writeHead(401, { 'www-authenticate': 'Basic realm="api"' }).end();
      },
      '/hang': hang,
    });
  });
  after(() => api.close());

  const login = (over: Step = {}) =>
    step(1, 'Log in', `${api.origin}/login`, {
      http_method: 'POST',
      post: '{"user":"ann"}',
      assertions: [
        assertion('Status Code', '', 'equals', '200'),
        assertion('JSON Response', 'data.token', 'exists'),
      ],
      variables: [
        { name: 'token', property: 'data.token' },
        { name: 'order', property: 'data.items[1].id' },
      ],
      ...over,
    });

  it('0: steps run in order, variables flow into later URLs, every step has a verdict and a time', async () => {
    const v = await runHttp('website-api', {
      api_steps: [
        login(),
        step(2, 'Get order', `${api.origin}/orders/{{order}}?token={{token}}`, {
          assertions: [
            assertion('JSON Response', '$.data.status', 'equals', 'pending'),
            assertion('JSON Response', 'data.total', 'greater than', '10'),
            assertion('JSON Response', 'data.missing', 'does not exist'),
            assertion('Response', '', 'contains', '"pending"'),
            assertion('Timeout', '', 'less than', '5'),
          ],
        }),
        step(3, 'XML', `${api.origin}/xml`, {
          assertions: [
            assertion('XML Response', 'order/items/item[2]', 'equals', 'b'),
            assertion('XML Response', 'order/@id', 'matches regex', '^\\d+$'),
            assertion('Header', 'Content-Type', 'contains', 'xml'),
          ],
        }),
      ],
    });
    assert.equal(v.status, 0, v.info_msg);
    assert.equal(v.info_msg, '3 steps passed');
    assert.deepEqual(
      v.steps.map((s) => [s.step_number, s.status]),
      [
        [1, 0],
        [2, 0],
        [3, 0],
      ],
    );
    for (const s of v.steps) assert.ok(typeof s.response_time === 'number' && s.response_time >= 0);
    assert.equal(api.seen.find((s) => s.path === '/login')?.headers['content-type'], 'application/json');
    const sum = Object.values(v.phases).reduce((a, b) => a + (b ?? 0), 0);
    assert.ok(Math.abs(sum - v.responseMs!) <= 3);
  });

  it('10: the first failing assertion ends the run and names step and assertion', async () => {
    const v = await runHttp('website-api', {
      api_steps: [
        login(),
        step(2, 'Get order', `${api.origin}/orders/{{order}}?token={{token}}`, {
          assertions: [assertion('JSON Response', 'data.status', 'equals', 'paid')],
        }),
        step(3, 'Never', `${api.origin}/xml`),
      ],
    });
    assert.equal(v.status, 10);
    assert.equal(
      v.info_msg,
      `Step 2 'Get order': JSON Response data.status equals "paid" failed: got "pending"`,
    );
    assert.equal(v.steps.length, 2);
    assert.equal(v.steps[1]!.status, 10);
  });

  it('10: a variable that names nothing; 7 without a Status Code assertion', async () => {
    const noVar = await runHttp('website-api', {
      api_steps: [login({ variables: [{ name: 'x', property: 'data.nope' }] })],
    });
    assert.equal(noVar.status, 10);
    assert.match(noVar.info_msg, /^Step 1 'Log in': variable x: data.nope not found/);
    const denied = await runHttp('website-api', {
      api_steps: [step(1, 'Bad login', `${api.origin}/login`, { http_method: 'POST', post: 'user=bob' })],
    });
    assert.equal(denied.status, 7);
    assert.equal(denied.info_msg, "Step 1 'Bad login': HTTP 403 Forbidden");
  });

  it('basic auth from head: preemptive, or in answer to the challenge', async () => {
    const head = (preemptive: boolean) => ({
      http_basic_auth_username: 'bot',
      http_basic_auth_password: box.seal('pw'),
      preemptive_authentication: preemptive,
    });
    for (const preemptive of [true, false]) {
      const before = api.seen.length;
      const v = await runHttp('website-api', {
        api_steps: [step(1, 'Guarded', `${api.origin}/guarded`, { head: head(preemptive) })],
      });
      assert.equal(v.status, 0, v.info_msg);
      assert.equal(api.seen.length - before, preemptive ? 1 : 2);
    }
  });

  it('2 and 1 and 20: transport failures name the step', async () => {
    const slow = await runHttp(
      'website-api',
      { api_steps: [login(), step(2, 'Hangs', `${api.origin}/hang`)] },
      { timeoutMs: 400 },
    );
    assert.equal(slow.status, 2);
    assert.equal(slow.info_msg, `Step 2 'Hangs': no complete answer from 127.0.0.1:${api.port} within 0.4 s`);
    assert.equal(slow.steps[0]!.status, 0);
    const refused = await runHttp('website-api', { api_steps: [login()] }, { allow: [] });
    assert.equal(refused.status, 20);
    assert.match(refused.info_msg, /^Step 1 'Log in': destination 127\.0\.0\.1 is refused/);
  });
});
