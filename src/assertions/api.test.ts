import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeAssertion, type StepObservation } from './api.ts';
import { jsonPath, parseJsonPath } from './json-path.ts';
import { parseXml, xmlPath } from './xml-path.ts';

describe('jsonPath', () => {
  const doc = { data: { items: [{ id: 1 }, { id: 2, 'a.b': 'dotted' }], n: null, zero: 0 } };
  it('reads dotted paths, indexes (negative from the end), bracketed names and $', () => {
    assert.deepEqual(jsonPath(doc, 'data.items[0].id'), { found: true, value: 1 });
    assert.deepEqual(jsonPath(doc, '$.data.items[-1].id'), { found: true, value: 2 });
    assert.deepEqual(jsonPath(doc, "data.items[1]['a.b']"), { found: true, value: 'dotted' });
    assert.deepEqual(jsonPath(doc, 'data.n'), { found: true, value: null });
    assert.deepEqual(jsonPath(doc, 'data.zero'), { found: true, value: 0 });
    assert.deepEqual(jsonPath([5, 6], '[1]'), { found: true, value: 6 });
  });
  it('a missing step or a wrong kind is not found', () => {
    for (const p of [
      'data.items[2].id',
      'data.nope',
      'data.items.id',
      'data.zero.x',
      'data.items[0]x[',
      'constructor',
    ])
      assert.equal(jsonPath(doc, p).found, false, p);
    assert.equal(parseJsonPath('a[x]'), null);
  });
});

describe('xmlPath', () => {
  const xml = `<?xml version="1.0"?><!-- c --><soap:Envelope xmlns:soap="x"><soap:Body>
    <order id="7" state='paid'><item>a &amp; b</item><item><![CDATA[<raw>]]></item></order></soap:Body></soap:Envelope>`;
  it('reads elements by path (1-based index), attributes, namespaces ignored', () => {
    assert.deepEqual(xmlPath(xml, 'Envelope/Body/order/item'), { found: true, value: 'a & b' });
    assert.deepEqual(xmlPath(xml, '/soap:Envelope/Body/order/item[2]'), { found: true, value: '<raw>' });
    assert.deepEqual(xmlPath(xml, 'Envelope/Body/order/@state'), { found: true, value: 'paid' });
    assert.equal(xmlPath(xml, 'Envelope/Body/order/item[3]').found, false);
    assert.equal(xmlPath(xml, 'Other/Body').found, false);
    assert.equal(xmlPath(xml, 'Envelope/Body/order/@nope').found, false);
  });
  it('refuses what is not well formed', () => {
    assert.equal(parseXml('<a><b></a>'), null);
    assert.equal(parseXml('not xml'), null);
    assert.equal(xmlPath('{"json": true}', 'json').found, false);
  });
});

describe('judgeAssertion', () => {
  const obs: StepObservation = {
    status: 201,
    headers: { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] },
    body: JSON.stringify({ data: { status: 'pending', total: 12.5, tags: ['x'] } }),
    seconds: 0.25,
  };
  const a = (source: string, property: string, comparison: string, value = '') => ({
    source,
    property,
    comparison,
    value,
  });
  const pass = (...args: Parameters<typeof a>) =>
    assert.equal(judgeAssertion(a(...args), obs), null, args.join(' '));
  const fail = (msg: string, ...args: Parameters<typeof a>) =>
    assert.deepEqual(judgeAssertion(a(...args), obs), { code: 'ASSERTION_FAILED', message: msg });

  it('every comparison, passing', () => {
    pass('Status Code', '', 'equals', '201');
    pass('Status Code', '', 'not equals', '200');
    pass('Status Code', '', 'less than', '300');
    pass('JSON Response', 'data.status', 'equals', 'pending');
    pass('JSON Response', 'data.total', 'greater than', '12');
    pass('JSON Response', 'data.total', 'equals', '12.50');
    pass('JSON Response', 'data.tags', 'contains', '"x"');
    pass('JSON Response', 'data.status', 'does not contain', 'paid');
    pass('JSON Response', 'data.status', 'exists');
    pass('JSON Response', 'data.nope', 'does not exist');
    pass('JSON Response', 'data.status', 'matches regex', '^pend');
    pass('JSON Response', 'data.status', 'does not match regex', '^paid$');
    pass('Header', 'Content-Type', 'contains', 'json');
    pass('Header', 'set-cookie', 'equals', 'a=1, b=2');
    pass('Header', 'x-none', 'does not exist');
    pass('Response', '', 'contains', '"pending"');
    pass('Timeout', '', 'less than', '1');
  });

  it('failing, with what was expected and what was got', () => {
    fail(
      'JSON Response data.status equals "paid" failed: got "pending"',
      'JSON Response',
      'data.status',
      'equals',
      'paid',
    );
    fail('Status Code equals "200" failed: got "201"', 'Status Code', '', 'equals', '200');
    fail('JSON Response data.nope exists failed: not found', 'JSON Response', 'data.nope', 'exists');
    fail('Timeout less than "0.1" s failed: got "0.25"', 'Timeout', '', 'less than', '0.1');
    fail('XML Response a/b exists failed: not found', 'XML Response', 'a/b', 'exists');
    fail(
      'JSON Response data.status greater than "1" failed: got "pending"',
      'JSON Response',
      'data.status',
      'greater than',
      '1',
    );
    const notJson = judgeAssertion(a('JSON Response', 'x', 'exists'), { ...obs, body: '<html>' });
    assert.equal(notJson?.message, 'JSON Response x exists failed: the response is not JSON');
  });
});
