import dgram from 'node:dgram';
import { once } from 'node:events';
import dns2 from 'dns2';
import type { Fake } from './tcp.ts';

const { Packet } = dns2;

/** One record of the fake zone: the dns2 resource fields besides name/type/class/ttl. */
export type FakeRecord =
  | { type: 'A' | 'AAAA'; address: string }
  | { type: 'MX'; exchange: string; priority: number }
  | { type: 'CNAME'; domain: string }
  | { type: 'NS'; ns: string }
  | { type: 'TXT'; data: string };

/**
 * An authoritative-style UDP name server on 127.0.0.1 (dns2): answers the records of `zone`, an
 * empty NOERROR for a known name without records of the asked type, NXDOMAIN for unknown names,
 * and SERVFAIL for names in `failing`.
 */
export async function dnsServer(zone: Record<string, FakeRecord[]>, failing: string[] = []): Promise<Fake> {
  const server = dns2.createUDPServer((request, send) => {
    const response = Packet.createResponseFromRequest(request);
    const question = request.questions[0];
    if (!question) return void send(response);
    const name = question.name.toLowerCase();
    const records = zone[name];
    if (failing.includes(name)) response.header.rcode = Packet.RCODE.SERVFAIL;
    else if (!records) response.header.rcode = Packet.RCODE.NXDOMAIN;
    else {
      for (const record of records) {
        const type = Packet.TYPE[record.type];
        if (type !== question.type) continue;
        const answer = { ...record, name: question.name, type, class: Packet.CLASS.IN, ttl: 60 };
        // dns2 types answers as its Resource class; the encoder only reads these plain fields.
        response.answers.push(answer as unknown as (typeof response.answers)[number]);
      }
    }
    void send(response);
  });
  await server.listen(0, '127.0.0.1');
  return {
    port: server.address().port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A UDP port on 127.0.0.1 that receives queries and never answers them. */
export async function silentDnsServer(): Promise<Fake> {
  const socket = dgram.createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return {
    port: socket.address().port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
