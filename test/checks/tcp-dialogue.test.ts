import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConnectionClosedError, UnexpectedLineError, openDialogue } from '../../src/checks/dialogue.ts';
import { EgressRefusedError } from '../../src/checks/egress.ts';
import { testContext } from '../helpers/check-context.ts';
import { hangingListener, lineServer, type Fake } from '../fakes/tcp.ts';
import { makeCerts, tlsLineServer, type TestCerts } from '../fakes/tcp-tls.ts';

describe('dialogue: expect/send over a loopback socket', () => {
  let server: Fake;
  before(async () => {
    server = await lineServer('220-first\r\n220-second\r\n220 ready\r\n', (line) => {
      if (line === 'QUIT') return null;
      return line === 'HELLO' ? '250 hi there\r\n' : '500 what?\r\n';
    });
  });
  after(() => server.close());

  it('reads a multi-line greeting, sends a line and expects the answer', async () => {
    const d = await openDialogue(testContext(), { host: '127.0.0.1', port: server.port });
    try {
      assert.equal(d.address, '127.0.0.1');
      assert.equal(typeof d.phases.connect, 'number');
      const greeting = await d.readReply();
      assert.deepEqual(greeting, {
        code: 220,
        lines: ['220-first', '220-second', '220 ready'],
        text: '220 ready',
      });
      await d.send('HELLO');
      assert.equal(await d.expect(/^250 /), '250 hi there');
      await d.send('NONSENSE');
      await assert.rejects(d.expect(/^250 /), (err: unknown) => {
        assert.ok(err instanceof UnexpectedLineError);
        assert.equal(err.line, '500 what?');
        return true;
      });
    } finally {
      d.close();
    }
  });

  it('rejects a wait when the peer closes', async () => {
    const d = await openDialogue(testContext(), { host: '127.0.0.1', port: server.port });
    try {
      await d.readReply();
      await d.send('QUIT');
      await assert.rejects(d.readLine(), ConnectionClosedError);
    } finally {
      d.close();
    }
  });

  it('rejects at the deadline when the peer says nothing', async () => {
    const silent = await lineServer(null);
    const d = await openDialogue(testContext({ timeoutMs: 300 }), { host: '127.0.0.1', port: silent.port });
    try {
      await assert.rejects(d.readLine(), { name: 'TimeoutError' });
    } finally {
      d.close();
      await silent.close();
    }
  });

  it('rejects a hanging connect at the deadline', async () => {
    const hanging = await hangingListener();
    try {
      await assert.rejects(
        openDialogue(testContext({ timeoutMs: 300 }), { host: '127.0.0.1', port: hanging.port }),
        {
          name: 'TimeoutError',
        },
      );
    } finally {
      await hanging.close();
    }
  });

  it('goes through the egress policy', async () => {
    await assert.rejects(
      openDialogue(testContext({ allow: [] }), { host: '127.0.0.1', port: server.port }),
      EgressRefusedError,
    );
  });
});

describe('dialogue: TLS', () => {
  let certs: TestCerts;
  before(() => {
    certs = makeCerts();
  });

  it('upgrades with STARTTLS, checking the certificate against the host name', async () => {
    const server = await tlsLineServer(certs, 'starttls');
    const d = await openDialogue(testContext(), { host: 'localhost', port: server.port });
    try {
      assert.equal(await d.expect(/^220 /), '220 plain');
      await d.send('STARTTLS');
      await d.expect(/^220 /);
      await d.startTls({ ca: certs.ca });
      assert.equal(typeof d.phases.tls, 'number');
      assert.equal(await d.readLine(), '220 secure');
      await d.send('PING');
      assert.equal(await d.readLine(), 'PONG');
    } finally {
      d.close();
      await server.close();
    }
  });

  it('speaks implicit TLS from the first byte, refusing an untrusted certificate', async () => {
    const server = await tlsLineServer(certs, 'implicit');
    try {
      const d = await openDialogue(testContext(), {
        host: '127.0.0.1',
        port: server.port,
        tls: { ca: certs.ca },
      });
      assert.equal(await d.readLine(), '220 secure');
      d.close();
      await assert.rejects(openDialogue(testContext(), { host: '127.0.0.1', port: server.port, tls: {} }), {
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      });
    } finally {
      await server.close();
    }
  });
});
