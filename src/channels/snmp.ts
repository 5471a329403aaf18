import { isIP } from 'node:net';
import type { Session, Varbind } from 'net-snmp';
import type { AlertEvent } from '../domain/alert-event.ts';
import { EgressRefusedError, DnsFailedError } from '../checks/egress.ts';
import { messageText } from './template.ts';
import type {
  AlertChannel,
  DeliveryContext,
  DeliveryOutcome,
  Destination,
  OutboundMessage,
} from './types.ts';

// SNMP traps, v1 (method 8) and v2c (method 9), with net-snmp, to the recipient's host[:port]
// (162 unless given). Community: the recipient's password, "public" when empty. Traps are
// unacknowledged UDP: "sent" means the datagram left; the egress policy applies to the host.
//
// OIDs live under 1.3.6.1.4.1.32473, the enterprise number RFC 5612 reserves for documentation
// and examples: sitewatch has no IANA number of its own, and a fixed, documented tree lets a trap
// receiver map it. The tree (README "Delivery methods"):
//   SITEWATCH = 1.3.6.1.4.1.32473.1
//   notifications SITEWATCH.0.N: 1 error, 2 clear, 3 performance, 4 test (v1: enterprise
//     SITEWATCH, generic 6, specific N, the RFC 3584 mapping of the same OID)
//   varbinds SITEWATCH.1.N, in VARBINDS order below.

/** The root of sitewatch's trap OIDs. */
export const SITEWATCH_OID = '1.3.6.1.4.1.32473.1';

const NOTIFICATION: Record<AlertEvent['notify_type'], number> = {
  error: 1,
  clear: 2,
  performance: 3,
  test: 4,
};

/** Varbind N (SITEWATCH.1.N) carries field VARBINDS[N-1]; numbers are INTEGER, the rest OCTET STRING. */
export const VARBINDS = [
  'device_name',
  'device_id',
  'device_type',
  'url',
  'location',
  'status',
  'status_text',
  'info_msg',
  'timestamp',
  'notify_type',
  'custid',
  'errcount',
  'message',
  'response_time',
  'http_status',
  'location_num',
  'step_num',
  'step_name',
] as const;

const INTEGER_FIELDS = new Set([
  'device_id',
  'status',
  'custid',
  'errcount',
  'http_status',
  'location_num',
  'step_num',
]);

/** host and port of `host`, `host:port`, `v6`, `[v6]` or `[v6]:port`. */
export function snmpTarget(address: string): { host: string; port: number } | null {
  const value = address.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(value);
  if (bracketed) return { host: bracketed[1]!, port: Number(bracketed[2] ?? 162) };
  if (isIP(value) === 6) return { host: value, port: 162 };
  const m = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(value);
  if (!m) return null;
  const port = Number(m[2] ?? 162);
  return port >= 1 && port <= 65535 ? { host: m[1]!, port } : null;
}

function varbindValue(
  event: AlertEvent,
  field: (typeof VARBINDS)[number],
  dest: Destination,
): string | number {
  if (field === 'message') return messageText(event, dest.methodId, dest.template);
  // Seconds as text: SNMP INTEGER has no fraction, and "1.234" is what the other channels show.
  if (field === 'response_time') return event.response_time === null ? '' : String(event.response_time);
  const value = event[field];
  if (INTEGER_FIELDS.has(field)) return typeof value === 'number' ? value : 0;
  return value === null || value === undefined ? '' : String(value);
}

function send(session: Session, oid: string, varbinds: Varbind[], signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    session.on('error', reject);
    session.trap(oid, varbinds, (err: Error | null) => {
      signal.removeEventListener('abort', abort);
      if (err) reject(err);
      else resolve();
    });
  });
}

async function deliverTrap(
  msg: OutboundMessage,
  dest: Destination,
  ctx: DeliveryContext,
): Promise<DeliveryOutcome> {
  if (msg.kind !== 'snmp')
    return { status: 'failed', reason: msg.kind === 'none' ? msg.reason : 'not an SNMP trap' };
  const target = snmpTarget(dest.address);
  if (!target)
    return { status: 'failed', reason: `recipient "${dest.address.slice(0, 100)}" is not host[:port]` };
  let resolved: { address: string; family: 4 | 6 };
  try {
    resolved = await ctx.egress.resolve(target.host, ctx.signal);
  } catch (err) {
    if (err instanceof EgressRefusedError) return { status: 'failed', reason: err.message };
    if (err instanceof DnsFailedError) return { status: 'retry', reason: err.message };
    return { status: 'retry', reason: `resolving ${target.host}: ${(err as Error).message}` };
  }
  // net-snmp is loaded by the first trap, so a process that sends none does not carry it.
  const { default: snmp } = await import('net-snmp');
  let session: Session;
  try {
    session = snmp.createSession(resolved.address, dest.password?.trim() || 'public', {
      version: msg.version === 1 ? snmp.Version1 : snmp.Version2c,
      transport: resolved.family === 6 ? 'udp6' : 'udp4',
      trapPort: target.port,
    });
  } catch (err) {
    return { status: 'failed', reason: `SNMP session for ${target.host}: ${(err as Error).message}` };
  }
  const varbinds = msg.varbinds.map((v) => ({
    oid: v.oid,
    type: typeof v.value === 'number' ? snmp.ObjectType.Integer : snmp.ObjectType.OctetString,
    value: v.value,
  }));
  const trapOid = msg.trapOid ?? `${SITEWATCH_OID}.0.${NOTIFICATION.error}`;
  // net-snmp makes a v1 trap's enterprise and specific-trap from "<enterprise>.<specific>".
  const oid = msg.version === 1 ? trapOid.replace(/\.0\.(\d+)$/, '.$1') : trapOid;
  const where = `${resolved.family === 6 ? `[${resolved.address}]` : resolved.address}:${target.port}`;
  try {
    await send(session, oid, varbinds, ctx.signal);
    return {
      status: 'sent',
      reply: `SNMPv${msg.version === 1 ? '1' : '2c'} trap sent to ${where} (traps are not acknowledged)`,
    };
  } catch (err) {
    if (ctx.signal.aborted) return { status: 'retry', reason: `SNMP trap to ${where} timed out` };
    return { status: 'retry', reason: `SNMP trap to ${where}: ${(err as Error).message}` };
  } finally {
    session.close();
  }
}

/** SNMP traps v1 and v2c. */
export const snmpChannel: AlertChannel = {
  kind: 'snmp',
  methods: [8, 9],
  render(event, dest): OutboundMessage {
    return {
      kind: 'snmp',
      version: dest.methodId === 8 ? 1 : 2,
      trapOid: `${SITEWATCH_OID}.0.${NOTIFICATION[event.notify_type]}`,
      varbinds: VARBINDS.map((field, i) => ({
        oid: `${SITEWATCH_OID}.1.${i + 1}`,
        value: varbindValue(event, field, dest),
      })),
    };
  },
  deliver: deliverTrap,
  describe: (dest) => dest.address.trim(),
};
