import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EgressRefusedError, egressPolicy, hostAddresses } from './egress.ts';

describe('egress policy', () => {
  it('refuses loopback by default and metadata/link-local always', () => {
    const p = egressPolicy({ allow: [], deny: [] });
    for (const a of [
      '127.0.0.1',
      '127.8.9.1',
      '::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
      '169.254.169.254',
      'fe80::1',
      'fd00:ec2::254',
    ]) {
      assert.equal(p.allows(a), false, a);
    }
    for (const a of ['93.184.216.34', '10.1.2.3', '192.168.1.1', '2606:4700::1111'])
      assert.equal(p.allows(a), true, a);
  });

  it('lets the operator allow loopback and deny more, but never the metadata range', () => {
    const p = egressPolicy({ allow: ['127.0.0.0/8', '::1/128', '169.254.0.0/16'], deny: ['10.0.0.0/8'] });
    assert.equal(p.allows('127.0.0.1'), true);
    assert.equal(p.allows('::1'), true);
    assert.equal(p.allows('169.254.169.254'), false);
    assert.equal(p.allows('10.9.9.9'), false);
    assert.equal(p.allows('not an ip'), false);
  });

  it('resolves names and literal addresses, checking the address that will be used', async () => {
    const open = egressPolicy({ allow: ['127.0.0.0/8', '::1/128'], deny: [] });
    assert.deepEqual(await open.resolve('127.0.0.1'), { address: '127.0.0.1', family: 4 });
    assert.deepEqual(await open.resolve('[::1]'), { address: '::1', family: 6 });
    const local = await open.resolve('localhost');
    assert.ok(['127.0.0.1', '::1'].includes(local.address));
    const closed = egressPolicy({ allow: [], deny: [] });
    await assert.rejects(closed.resolve('localhost'), EgressRefusedError);
    await assert.rejects(closed.resolve('169.254.169.254'), EgressRefusedError);
    await assert.rejects(open.resolve('no-such-host.invalid'), /could not be resolved/);
  });
});

describe("egress policy and the host's own addresses", () => {
  it('refuses every interface address of this host unless allowed, naming the setting', async () => {
    const p = egressPolicy({ allow: [], deny: [] });
    const own = hostAddresses();
    assert.ok(own.length > 0);
    for (const address of own) {
      assert.equal(p.allows(address), false, address);
      await assert.rejects(p.resolve(address), (err: Error) => {
        assert.ok(err instanceof EgressRefusedError);
        // Link-local interface addresses are in the never-allowed range; the rest name the setting.
        assert.match(err.message, /SITEWATCH_EGRESS_ALLOW|never allowed/);
        return true;
      });
    }
  });

  it('treats an injected host address like loopback, and lets SITEWATCH_EGRESS_ALLOW open it', () => {
    const closed = egressPolicy({ allow: [], deny: [], hostAddresses: () => ['10.20.30.40', 'fd12::7'] });
    assert.equal(closed.allows('10.20.30.40'), false);
    assert.equal(closed.allows('::ffff:10.20.30.40'), false);
    assert.equal(closed.allows('fd12::7'), false);
    assert.equal(closed.allows('10.20.30.41'), true);
    const open = egressPolicy({
      allow: ['10.20.30.40/32'],
      deny: [],
      hostAddresses: () => ['10.20.30.40'],
    });
    assert.equal(open.allows('10.20.30.40'), true);
  });

  it('names the setting in the refusal of loopback, and says metadata is never allowed', async () => {
    const p = egressPolicy({ allow: [], deny: [] });
    await assert.rejects(p.resolve('127.0.0.1'), /SITEWATCH_EGRESS_ALLOW/);
    await assert.rejects(p.resolve('169.254.169.254'), /never allowed/);
  });
});
