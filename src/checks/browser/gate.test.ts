import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { testContext } from '../../../test/helpers/check-context.ts';
import { openEgressGate } from './gate.ts';

// The proxy is the enforcement behind the browser's route handler: test it without a browser.
let target: Server;
let port = 0;
before(async () => {
  target = createServer((req, res) => res.end(`hello ${req.url}`));
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  port = (target.address() as AddressInfo).port;
});
after(async () => {
  target.closeAllConnections();
  await new Promise((r) => target.close(r));
});

function viaProxy(
  proxyUrl: string,
  opts: { method?: string; path: string },
): Promise<{ status: number; body: string }> {
  const proxy = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const req = request({
      host: proxy.hostname,
      port: proxy.port,
      method: opts.method ?? 'GET',
      path: opts.path,
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('connect', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser egress gate', () => {
  it('forwards plain HTTP and tunnels CONNECT to allowed hosts', async () => {
    const gate = await openEgressGate(testContext());
    try {
      const plain = await viaProxy(gate.proxyUrl, { path: `http://127.0.0.1:${port}/x?y=1` });
      assert.deepEqual(plain, { status: 200, body: 'hello /x?y=1' });
      const tunnel = await viaProxy(gate.proxyUrl, { method: 'CONNECT', path: `127.0.0.1:${port}` });
      assert.equal(tunnel.status, 200);
    } finally {
      await gate.close();
    }
  });

  it('refuses both for hosts the policy refuses, and remembers them', async () => {
    const gate = await openEgressGate(testContext({ allow: [] }));
    try {
      const plain = await viaProxy(gate.proxyUrl, { path: `http://127.0.0.1:${port}/` });
      assert.equal(plain.status, 403);
      const tunnel = await viaProxy(gate.proxyUrl, { method: 'CONNECT', path: `127.0.0.1:${port}` });
      assert.equal(tunnel.status, 403);
      assert.equal(gate.refused.get('127.0.0.1'), '127.0.0.1');
      const again = await gate.check('127.0.0.1');
      assert.equal(again.ok, false);
    } finally {
      await gate.close();
    }
  });
});
