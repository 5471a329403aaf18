import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { tcpExecutor } from '../../src/checks/tcp.ts';
import { runCheck } from '../../src/engine/run-check.ts';
import { executorsByType } from '../../src/monitors/registry.ts';
import { testContext, testInput } from '../helpers/check-context.ts';
import { UNRESOLVABLE_HOST, closedPort, hangingListener, lineServer, type Fake } from '../fakes/tcp.ts';

const tcp = (port: number, host = '127.0.0.1') =>
  testInput('tcp', { hostname: host, port, ipv4: '', resolve_dns: true });

describe('tcp executor against loopback listeners', () => {
  let open: Fake;
  before(async () => {
    open = await lineServer('hello\r\n');
  });
  after(() => open.close());

  it('connects: status 0 with the connect time', async () => {
    const v = await tcpExecutor.run(tcp(open.port), testContext());
    assert.equal(v.status, 0, v.info_msg);
    assert.match(
      v.info_msg,
      new RegExp(`^connected to 127\\.0\\.0\\.1:${open.port} \\(127\\.0\\.0\\.1\\) in \\d+ ms$`),
    );
    assert.equal(typeof v.responseMs, 'number');
    assert.equal(v.detail?.address, '127.0.0.1');
  });

  it('uses ipv4 when resolve_dns is off', async () => {
    const input = testInput('tcp', {
      hostname: UNRESOLVABLE_HOST,
      ipv4: '127.0.0.1',
      resolve_dns: false,
      port: open.port,
    });
    assert.equal((await tcpExecutor.run(input, testContext())).status, 0);
  });

  it('refused: status 1', async () => {
    const port = await closedPort();
    const v = await tcpExecutor.run(tcp(port), testContext());
    assert.equal(v.status, 1);
    assert.equal(v.info_msg, `connection refused by 127.0.0.1:${port}`);
  });

  it('a port that never completes the handshake: status 2 at the deadline', async () => {
    const hanging = await hangingListener();
    try {
      const started = Date.now();
      const v = await tcpExecutor.run(tcp(hanging.port), testContext({ timeoutMs: 500 }));
      assert.equal(v.status, 2, v.info_msg);
      assert.equal(v.info_msg, `127.0.0.1:${hanging.port} did not answer in time`);
      assert.ok(Date.now() - started < 2000);
    } finally {
      await hanging.close();
    }
  });

  it('a name that does not resolve: status 4', async () => {
    const v = await tcpExecutor.run(tcp(open.port, UNRESOLVABLE_HOST), testContext());
    assert.equal(v.status, 4);
    assert.match(v.info_msg, /could not be resolved/);
  });

  it('loopback without the allow list: status 20', async () => {
    const v = await tcpExecutor.run(tcp(open.port), testContext({ allow: [] }));
    assert.equal(v.status, 20);
    assert.equal(
      v.info_msg,
      'destination 127.0.0.1 is refused by the egress policy (loopback or an address of this host; SITEWATCH_EGRESS_ALLOW can allow it)',
    );
  });

  it('runs through runCheck by monitor type', async () => {
    const ctx = testContext();
    const v = await runCheck(
      {
        executors: executorsByType(),
        egress: ctx.egress,
        secrets: ctx.secrets,
        clock: { now: ctx.now },
        log: ctx.log,
      },
      tcp(open.port),
    );
    assert.equal(v.status, 0, v.info_msg);
  });
});
