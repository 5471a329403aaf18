import assert from 'node:assert/strict';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { browserExecutor, CHROMIUM_PATH } from '../../src/checks/browser.ts';
import { skipUnless } from '../helpers/requirements.ts';
import { testContext, testInput } from '../helpers/check-context.ts';

// Issue 9, finding 6: nothing a page does in the browser check may bypass the egress policy.
// WebRTC (UDP to a STUN server on loopback) and WebSockets to a refused address must not leave.

const skip = skipUnless(existsSync(CHROMIUM_PATH), `${CHROMIUM_PATH} is absent: install Debian's chromium`);

let site: Server;
let refusedWs: Server;
let stun: UdpSocket;
let base = '';
let stunPort = 0;
let wsPort = 0;
let udpPackets = 0;
let refusedConnections = 0;

function pageWith(script: string): string {
  // The slow image holds the load event back while the page's script runs its attempt.
  return `<!doctype html><html><head><title>t</title><script>${script}</script></head><body><img src="/slow.png">ok</body></html>`;
}

before(async () => {
  stun = createSocket('udp4');
  stun.on('message', () => udpPackets++);
  await new Promise<void>((r) => stun.bind(0, '127.0.0.1', r));
  stunPort = stun.address().port;

  refusedWs = createServer((_req, res) => res.end('no'));
  refusedWs.on('connection', () => refusedConnections++);
  await new Promise<void>((r) => refusedWs.listen(0, '127.0.0.2', r));
  wsPort = (refusedWs.address() as AddressInfo).port;

  site = createServer((req, res) => {
    if (req.url === '/slow.png') {
      setTimeout(() => res.writeHead(404).end(), 1500);
      return;
    }
    const scripts: Record<string, string> = {
      '/webrtc': `
        const pc = new RTCPeerConnection({ iceServers: [{ urls: 'stun:127.0.0.1:${stunPort}' }] });
        pc.createDataChannel('probe');
        pc.createOffer().then((o) => pc.setLocalDescription(o));`,
      '/websocket': `try { new WebSocket('ws://127.0.0.2:${wsPort}/'); } catch (e) {}`,
    };
    const script = scripts[req.url ?? ''];
    if (script === undefined) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html' }).end(pageWith(script));
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});

after(async () => {
  site.closeAllConnections();
  refusedWs.closeAllConnections();
  stun.close();
  await Promise.all([new Promise((r) => site.close(r)), new Promise((r) => refusedWs.close(r))]);
});

async function load(path: string) {
  // The page's own host is allowed (127.0.0.1); 127.0.0.2 stands for a refused destination.
  const ctx = testContext({ allow: ['127.0.0.1/32'], deny: ['127.0.0.2/32'], timeoutMs: 15_000 });
  const input = testInput('dejaclick', { url: `${base}${path}`, step_timeout: 60 }, { timeoutMs: 15_000 });
  return browserExecutor.run(input, ctx);
}

describe('the browser check cannot escape the egress policy', { skip }, () => {
  it('sends no WebRTC UDP packet to a STUN server on loopback', async () => {
    await load('/webrtc');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(udpPackets, 0, 'a STUN packet left the browser');
  });

  it('opens no WebSocket to a refused address', async () => {
    await load('/websocket');
    assert.equal(refusedConnections, 0, 'the WebSocket reached the refused address');
  });
});
