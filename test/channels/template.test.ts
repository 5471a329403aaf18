import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channelFor } from '../../src/channels/registry.ts';
import {
  defaultTemplate,
  groupTemplate,
  substitute,
  templateFormatFor,
  templateText,
} from '../../src/channels/template.ts';
import { webhookPayload } from '../../src/channels/webhook.ts';
import { ALERT_TEMPLATES } from '../../src/recipients/templates.ts';
import { clearEvent, sampleEvent } from './receivers.ts';

describe('alert templates', () => {
  it('substitutes every alert field, escaped as asked, and leaves unknown names as written', () => {
    const e = sampleEvent({ company: 'A "quoted" <co>' });
    assert.equal(
      substitute('{{device_name}}|{{ status }}|{{http_status}}|{{x}}', e),
      'Shop <front>|7|503|{{x}}',
    );
    assert.equal(substitute('{{company}}', e, 'html'), 'A &quot;quoted&quot; &lt;co&gt;');
    assert.equal(substitute('"{{company}}"', e, 'json'), '"A \\"quoted\\" <co>"');
    assert.equal(substitute('{{response_time}}', sampleEvent({ response_time: null }), 'json'), 'null');
    const perf = sampleEvent({
      notify_type: 'performance',
      performance: { measured_seconds: 4.5, threshold_seconds: 3, window_minutes: 10, locations: 2 },
    });
    assert.equal(
      substitute('{{performance_measured_seconds}}>{{performance_threshold_seconds}}', perf),
      '4.5>3',
    );
  });

  it('has a text for every built-in template id, and the JSON ones render the §14 payload', () => {
    for (const t of ALERT_TEMPLATES) assert.ok(templateText(t.id), `no text for template ${t.id}`);
    assert.equal(templateText(99), undefined);
    const e = sampleEvent({ company: 'Quote " and \\ backslash' });
    assert.deepEqual(JSON.parse(substitute(templateText(5)!, e, 'json')), webhookPayload(e));
    assert.deepEqual(
      JSON.parse(substitute(templateText(6)!, clearEvent(), 'json')),
      webhookPayload(clearEvent()),
    );
  });

  it('picks the group template that suits the method and the alert, else none', () => {
    assert.equal(templateFormatFor(12), 'email');
    assert.equal(templateFormatFor(16), 'json');
    assert.equal(templateFormatFor(101), 'text');
    assert.equal(groupTemplate([1, 3, 5], 12, 'error'), templateText(1));
    assert.equal(groupTemplate([1, 2], 1, 'clear'), templateText(2));
    assert.equal(groupTemplate([3, 4], 101, 'test'), templateText(3));
    assert.equal(groupTemplate([5], 12, 'error'), null);
    assert.equal(groupTemplate([], 16, 'error'), null);
  });

  it('defaults per method, and a test alert says it is a test', () => {
    assert.match(defaultTemplate(1, 'error'), /detected a problem/);
    assert.match(defaultTemplate(6, 'clear'), /OK again/);
    assert.match(defaultTemplate(101, 'test'), /test alert.*nothing is wrong/);
  });

  it('render is pure: the same event and destination give the same message, for every channel', () => {
    for (const methodId of [1, 4, 12, 10, 16, 15, 17, 101, 102, 103, 8, 9, 6]) {
      const dest = { methodId, address: 'https://example.com/x', password: 'secret-pw' };
      const channel = channelFor(methodId)!;
      const a = channel.render(sampleEvent(), dest);
      assert.deepEqual(channel.render(sampleEvent(), dest), a);
      assert.ok(!JSON.stringify(a).includes('secret-pw'), `method ${methodId} put a secret in the message`);
    }
  });
});
