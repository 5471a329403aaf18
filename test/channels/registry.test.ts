import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channelFor, CHANNELS, renderAndDeliver } from '../../src/channels/registry.ts';
import type { AlertChannel } from '../../src/channels/types.ts';
import { RECIPIENT_METHODS } from '../../src/recipients/methods.ts';
import { deliveryContext, sampleEvent } from './receivers.ts';

describe('channel registry', () => {
  it('has exactly one channel for every creatable method, none for AlertSite PagerDuty (14)', () => {
    for (const m of RECIPIENT_METHODS) {
      if (m.creatable) assert.ok(channelFor(m.id), `no channel for method ${m.id}`);
    }
    assert.equal(channelFor(14), undefined);
    assert.equal(channelFor(7), undefined);
    const ids = CHANNELS.flatMap((c) => c.methods);
    assert.equal(new Set(ids).size, ids.length, 'a method is claimed twice');
  });

  it('renderAndDeliver turns a channel that throws into a retry with the reason', async () => {
    const broken: AlertChannel = {
      kind: 'broken',
      methods: [],
      render: () => ({ kind: 'none', reason: 'x' }),
      deliver: () => Promise.reject(new Error('library surprise')),
      describe: () => 'nowhere',
    };
    const out = await renderAndDeliver(
      broken,
      sampleEvent(),
      { methodId: 0, address: '' },
      deliveryContext(),
    );
    assert.deepEqual(out, {
      status: 'retry',
      reason: 'broken delivery failed unexpectedly: library surprise',
    });
  });
});
