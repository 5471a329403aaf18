import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { skipUnless } from '../helpers/requirements.ts';
import { describe, it } from 'node:test';
import { createPingExecutor, pingExecutor } from '../../src/checks/ping.ts';
import { testContext, testInput } from '../helpers/check-context.ts';
import { UNRESOLVABLE_HOST } from '../fakes/tcp.ts';

// Only loopback is ever pinged: tests send no traffic anywhere else. Loss (14) is covered by the
// judge's unit tests on recorded iputils output.
const ping = (hostname: string, over: Record<string, unknown> = {}) =>
  testInput('ping', { hostname, ipv4: '', resolve_dns: true, ...over });

// .ci/run installs iputils-ping; elsewhere say clearly why these are skipped.
const skip = skipUnless(
  existsSync('/usr/bin/ping'),
  "/usr/bin/ping is absent: install Debian's iputils-ping",
);

describe('ping executor with the system ping', { skip }, () => {
  it('127.0.0.1 answers: 0 with loss and round trips', async () => {
    const v = await pingExecutor.run(ping('127.0.0.1'), testContext());
    assert.equal(v.status, 0, v.info_msg);
    assert.match(
      v.info_msg,
      /^3 of 3 replies from 127\.0\.0\.1; round trip min\/avg\/max [\d.]+\/[\d.]+\/[\d.]+ ms$/,
    );
    assert.equal(v.detail?.packet_loss_pct, 0);
    assert.equal(typeof v.responseMs, 'number');
  });

  it('::1 is pinged over IPv6', async () => {
    const v = await pingExecutor.run(ping('::1'), testContext());
    assert.equal(v.status, 0, v.info_msg);
    assert.equal(v.detail?.address, '::1');
  });

  it('a host name is resolved by the egress policy, not by ping', async () => {
    const v = await pingExecutor.run(ping('localhost'), testContext());
    assert.equal(v.status, 0, v.info_msg);
    assert.ok(['127.0.0.1', '::1'].includes(String(v.detail?.address)));
  });

  it('loopback refused by the egress policy: 20, and nothing is sent', async () => {
    const v = await pingExecutor.run(ping('127.0.0.1'), testContext({ allow: [] }));
    assert.equal(v.status, 20);
    assert.equal(
      v.info_msg,
      'destination 127.0.0.1 is refused by the egress policy (loopback or an address of this host; SITEWATCH_EGRESS_ALLOW can allow it)',
    );
  });

  it('a name that does not resolve: 4', async () => {
    const v = await pingExecutor.run(ping(UNRESOLVABLE_HOST), testContext());
    assert.equal(v.status, 4);
  });

  it('no ping binary on the agent: 21', async () => {
    const missing = createPingExecutor({ binary: '/nonexistent/ping' });
    const v = await missing.run(ping('127.0.0.1'), testContext());
    assert.equal(v.status, 21);
    assert.equal(v.info_msg, 'the ping command is not available on this agent (/nonexistent/ping: ENOENT)');
  });

  it('a deadline shorter than the run kills ping: 2', async () => {
    const slow = createPingExecutor({ count: 20 });
    const v = await slow.run(ping('127.0.0.1'), testContext({ timeoutMs: 300 }));
    assert.equal(v.status, 2, v.info_msg);
    assert.equal(v.info_msg, '127.0.0.1 did not answer ping in time');
  });
});
