import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import snmp, { type Notification, type Receiver } from 'net-snmp';
import { channelFor } from '../../src/channels/registry.ts';
import { SITEWATCH_OID, VARBINDS } from '../../src/channels/snmp.ts';
import { clearEvent, deliveryContext, sampleEvent } from './receivers.ts';

// A real trap receiver: net-snmp's own Receiver (its decoder), bound to a loopback port 0 through
// the dgram module it lets callers supply (its `port` option cannot say 0).

interface TrapReceiver {
  port: number;
  next(): Promise<Notification>;
  close(): Promise<void>;
}

async function startTrapReceiver(): Promise<TrapReceiver> {
  const queue: Notification[] = [];
  const waiting: ((n: Notification) => void)[] = [];
  let socket: dgram.Socket | undefined;
  const dgramModule = {
    createSocket(type: 'udp4') {
      socket = dgram.createSocket(type);
      const bind = socket.bind.bind(socket);
      socket.bind = ((..._args: unknown[]) => bind(0, '127.0.0.1')) as typeof socket.bind;
      return socket;
    },
  };
  const receiver: Receiver = snmp.createReceiver(
    { port: 1162, disableAuthorization: true, includeAuthentication: true, dgramModule },
    (err, n) => {
      if (err || !n) return;
      const w = waiting.shift();
      if (w) w(n);
      else queue.push(n);
    },
  );
  await once(socket!, 'listening');
  return {
    port: socket!.address().port,
    next: () => {
      const n = queue.shift();
      return n ? Promise.resolve(n) : new Promise((r) => waiting.push(r));
    },
    close: () => new Promise<void>((r) => receiver.close(() => r())),
  };
}

const receivers: TrapReceiver[] = [];
after(() => Promise.all(receivers.map((r) => r.close())));

const value = (n: Notification, field: (typeof VARBINDS)[number]) => {
  const oid = `${SITEWATCH_OID}.1.${VARBINDS.indexOf(field) + 1}`;
  const vb = n.pdu.varbinds.find((v) => v.oid === oid);
  assert.ok(vb, `no varbind ${oid} (${field})`);
  return Buffer.isBuffer(vb.value) ? vb.value.toString() : vb.value;
};

describe('SNMP traps', () => {
  it('sends a v2c trap (9) with the community from the password and every field', async () => {
    const r = await startTrapReceiver();
    receivers.push(r);
    const dest = { methodId: 9, address: `127.0.0.1:${r.port}`, password: 'c0mmunity' };
    const ch = channelFor(9)!;
    const out = await ch.deliver(ch.render(sampleEvent(), dest), dest, deliveryContext());
    assert.equal(out.status, 'sent');
    assert.match(
      (out as { reply: string }).reply,
      new RegExp(`^SNMPv2c trap sent to 127\\.0\\.0\\.1:${r.port}`),
    );
    const n = await r.next();
    assert.equal(n.pdu.type, 167); // SNMPv2-Trap-PDU
    assert.equal(n.pdu.community, 'c0mmunity');
    // varbind 1 is sysUpTime, 2 snmpTrapOID.
    assert.equal(n.pdu.varbinds[1]!.oid, '1.3.6.1.6.3.1.1.4.1.0');
    assert.equal(n.pdu.varbinds[1]!.value, `${SITEWATCH_OID}.0.1`);
    assert.equal(value(n, 'device_name'), 'Shop <front>');
    assert.equal(value(n, 'device_id'), 42);
    assert.equal(value(n, 'status'), 7);
    assert.equal(value(n, 'status_text'), 'HTTP error');
    assert.equal(value(n, 'info_msg'), 'HTTP 503 Service Unavailable');
    assert.equal(value(n, 'notify_type'), 'error');
    assert.equal(value(n, 'response_time'), '1.234');
    assert.equal(value(n, 'http_status'), 503);
    assert.match(String(value(n, 'message')), /DOWN ST=7/);
  });

  it('sends a v1 trap (8) for a clear, community "public" by default', async () => {
    const r = await startTrapReceiver();
    receivers.push(r);
    const dest = { methodId: 8, address: `127.0.0.1:${r.port}` };
    const ch = channelFor(8)!;
    const out = await ch.deliver(ch.render(clearEvent(), dest), dest, deliveryContext());
    assert.equal(out.status, 'sent');
    const n = await r.next();
    assert.equal(n.pdu.type, 164); // Trap-PDU (v1)
    assert.equal(n.pdu.community, 'public');
    assert.equal(n.pdu.enterprise, SITEWATCH_OID);
    assert.equal(n.pdu.generic, 6);
    assert.equal(n.pdu.specific, 2);
    assert.equal(value(n, 'notify_type'), 'clear');
    assert.equal(value(n, 'status'), 0);
  });

  it('refuses a host the egress policy refuses, naming the setting', async () => {
    const dest = { methodId: 9, address: '127.0.0.1' };
    const ch = channelFor(9)!;
    const out = await ch.deliver(ch.render(sampleEvent(), dest), dest, deliveryContext({ allow: [] }));
    assert.deepEqual(out, {
      status: 'failed',
      reason:
        'destination 127.0.0.1 is refused by the egress policy (loopback or an address of this host; SITEWATCH_EGRESS_ALLOW can allow it)',
    });
  });
});
