import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgePing, parsePingOutput, replyWaitSeconds } from './ping.ts';

// Output of iputils-ping 20221126 (Debian) with LC_ALL=C: the 0% sample was recorded on loopback
// here; the loss samples have iputils' exact wording for lost and unreachable replies.
const ALL_BACK = `PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.053 ms
64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.038 ms
64 bytes from 127.0.0.1: icmp_seq=3 ttl=64 time=0.039 ms

--- 127.0.0.1 ping statistics ---
3 packets transmitted, 3 received, 0% packet loss, time 408ms
rtt min/avg/max/mdev = 0.038/0.043/0.053/0.006 ms
`;
const ONE_LOST = `PING 192.0.2.10 (192.0.2.10) 56(84) bytes of data.
64 bytes from 192.0.2.10: icmp_seq=1 ttl=63 time=87.5 ms
64 bytes from 192.0.2.10: icmp_seq=2 ttl=63 time=77.4 ms

--- 192.0.2.10 ping statistics ---
3 packets transmitted, 2 received, 33.3333% packet loss, time 2005ms
rtt min/avg/max/mdev = 77.434/82.445/87.457/5.011 ms
`;
const ALL_LOST = `PING 192.0.2.1 (192.0.2.1) 56(84) bytes of data.

--- 192.0.2.1 ping statistics ---
3 packets transmitted, 0 received, 100% packet loss, time 2050ms
`;
const UNREACHABLE = `PING 192.0.2.1 (192.0.2.1) 56(84) bytes of data.
From 192.0.2.254 icmp_seq=1 Destination Host Unreachable
From 192.0.2.254 icmp_seq=2 Destination Host Unreachable
From 192.0.2.254 icmp_seq=3 Destination Host Unreachable

--- 192.0.2.1 ping statistics ---
3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2009ms
pipe 2
`;
const IPV6 = `PING ::1(::1) 56 data bytes
64 bytes from ::1: icmp_seq=1 ttl=64 time=0.210 ms
64 bytes from ::1: icmp_seq=2 ttl=64 time=0.036 ms
64 bytes from ::1: icmp_seq=3 ttl=64 time=0.041 ms

--- ::1 ping statistics ---
3 packets transmitted, 3 received, 0% packet loss, time 408ms
rtt min/avg/max/mdev = 0.036/0.095/0.210/0.080 ms
`;

describe('ping output parser', () => {
  it('reads counts, loss and round trips', () => {
    assert.deepEqual(parsePingOutput(ALL_BACK), {
      transmitted: 3,
      received: 3,
      lossPct: 0,
      rtt: { min: 0.038, avg: 0.043, max: 0.053 },
    });
    assert.deepEqual(parsePingOutput(ONE_LOST)?.lossPct, 33.3333);
    assert.deepEqual(parsePingOutput(ALL_LOST), { transmitted: 3, received: 0, lossPct: 100 });
    assert.deepEqual(parsePingOutput(UNREACHABLE), {
      transmitted: 3,
      received: 0,
      lossPct: 100,
      error: 'Destination Host Unreachable',
    });
    assert.equal(parsePingOutput(IPV6)?.rtt?.avg, 0.095);
    assert.equal(parsePingOutput('ping: socket: Operation not permitted\n'), null);
  });
});

describe('ping judge', () => {
  it('all replies: OK with the average round trip as the response time', () => {
    const v = judgePing('127.0.0.1', parsePingOutput(ALL_BACK), '');
    assert.equal(v.status, 0);
    assert.equal(v.responseMs, 0.043);
    assert.equal(v.info_msg, '3 of 3 replies from 127.0.0.1; round trip min/avg/max 0.038/0.043/0.053 ms');
    assert.deepEqual(v.detail, {
      address: '127.0.0.1',
      transmitted: 3,
      received: 3,
      packet_loss_pct: 0,
      rtt_min_ms: 0.038,
      rtt_avg_ms: 0.043,
      rtt_max_ms: 0.053,
    });
  });

  it('partial loss: still OK, the loss in info_msg and detail', () => {
    const v = judgePing('192.0.2.10', parsePingOutput(ONE_LOST), '');
    assert.equal(v.status, 0);
    assert.equal(
      v.info_msg,
      '1 of 3 packets lost to 192.0.2.10 (33.3333% loss); round trip min/avg/max 77.434/82.445/87.457 ms',
    );
    assert.equal(v.detail?.packet_loss_pct, 33.3333);
    assert.equal(v.responseMs, 82.445);
  });

  it('every packet lost: 14', () => {
    const v = judgePing('192.0.2.1', parsePingOutput(ALL_LOST), '');
    assert.equal(v.status, 14);
    assert.equal(v.info_msg, '3 of 3 packets lost to 192.0.2.1');
    assert.equal(v.responseMs, null);
    assert.equal(v.detail?.packet_loss_pct, 100);
    const u = judgePing('192.0.2.1', parsePingOutput(UNREACHABLE), '');
    assert.equal(u.status, 14);
    assert.equal(u.info_msg, '3 of 3 packets lost to 192.0.2.1 (Destination Host Unreachable)');
  });

  it('no statistics: an unreachable network is 14, anything else an agent problem (21)', () => {
    assert.equal(judgePing('192.0.2.1', null, 'ping: connect: Network is unreachable\n').status, 14);
    const v = judgePing('127.0.0.1', null, 'ping: socket: Operation not permitted\n');
    assert.equal(v.status, 21);
    assert.equal(v.info_msg, 'ping could not run on the agent: socket: Operation not permitted');
  });
});

describe('ping reply wait', () => {
  it('fits the deadline, between 1 and 5 s', () => {
    assert.equal(replyWaitSeconds(30_000, 3), 5);
    assert.equal(replyWaitSeconds(3_000, 3), 2);
    assert.equal(replyWaitSeconds(1_000, 3), 1);
  });
});
