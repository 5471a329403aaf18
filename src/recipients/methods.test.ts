import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { destinationProblem, recipientMethod, RECIPIENT_METHODS } from './methods.ts';

const ok = (id: number, value: string) => destinationProblem(recipientMethod(id)!, value) === null;

describe('recipient methods', () => {
  it('knows AlertSite ids 1–17 except 7 and 13, plus the Slack/Teams/PagerDuty extensions', () => {
    assert.deepEqual(
      RECIPIENT_METHODS.map((x) => x.id),
      [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 14, 15, 16, 17, 101, 102, 103],
    );
    assert.equal(recipientMethod(7), undefined);
    assert.equal(recipientMethod(13), undefined);
    assert.equal(recipientMethod(12)!.description, 'E-mail (HTML format)');
    assert.equal(recipientMethod(14)!.creatable, false);
    assert.equal(recipientMethod(103)!.creatable, true);
  });

  it('checks email destinations', () => {
    for (const id of [1, 4, 12]) {
      assert.ok(ok(id, 'devops@example.com'));
      assert.ok(ok(id, 'first.last+tag@mail.example.co.uk'));
      assert.ok(!ok(id, 'devops'));
      assert.ok(!ok(id, 'devops@example'));
      assert.ok(!ok(id, 'a b@example.com'));
      assert.ok(!ok(id, 'https://example.com'));
    }
    assert.match(destinationProblem(recipientMethod(12)!, 'x')!, /email address.*method_id 12/);
  });

  it('checks URL destinations', () => {
    for (const id of [10, 15, 16, 17, 101, 102, 103]) {
      assert.ok(ok(id, 'https://hooks.example.com/alert?x=1'));
      assert.ok(ok(id, 'http://10.0.0.5:8080/in'));
      assert.ok(!ok(id, 'ftp://example.com/'));
      assert.ok(!ok(id, 'example.com/hook'));
      assert.ok(!ok(id, 'devops@example.com'));
    }
  });

  it('checks phone destinations', () => {
    for (const id of [2, 3, 5, 6, 11]) {
      assert.ok(ok(id, '+1 (555) 010-2030'));
      assert.ok(ok(id, '5550102030'));
      assert.ok(!ok(id, 'call me'));
      assert.ok(!ok(id, '12'));
      assert.ok(!ok(id, '+1234567890123456'));
      assert.ok(!ok(id, 'devops@example.com'));
    }
  });

  it('checks SNMP host[:port] destinations', () => {
    for (const id of [8, 9]) {
      assert.ok(ok(id, 'traps.example.com'));
      assert.ok(ok(id, 'traps.example.com:162'));
      assert.ok(ok(id, '192.0.2.7:1162'));
      assert.ok(ok(id, '2001:db8::1'));
      assert.ok(ok(id, '[2001:db8::1]:162'));
      assert.ok(!ok(id, 'traps.example.com:0'));
      assert.ok(!ok(id, 'traps.example.com:70000'));
      assert.ok(!ok(id, 'http://traps.example.com'));
      assert.ok(!ok(id, 'bad host'));
    }
  });
});
