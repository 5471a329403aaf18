import { Resolver } from 'node:dns/promises';
import { judgeDns, type DnsObservation, type RecordType } from '../assertions/dns.ts';
import { networkHost } from './tcp.ts';
import { defineExecutor, type CheckExecutor } from './types.ts';

export type { RecordType } from '../assertions/dns.ts';

/**
 * `name_to_resolve_id` read as the IANA RR type number (the AlertSite docs only show 0). 0 and any
 * number not listed here ask for A, so a monitor created with the defaults checks an address.
 */
const TYPE_BY_ID: Readonly<Record<number, RecordType>> = {
  1: 'A',
  2: 'NS',
  5: 'CNAME',
  6: 'SOA',
  12: 'PTR',
  15: 'MX',
  16: 'TXT',
  28: 'AAAA',
  33: 'SRV',
};

export function recordType(id: unknown): RecordType {
  return TYPE_BY_ID[Number(id)] ?? 'A';
}

/** The name server's port: the docs' own example stores `""`, which means 53. */
export function nameServerPort(port: unknown): number {
  return port === '' || port == null ? 53 : Number(port);
}

/** Asks `resolver` for `type` records of `name` and renders each record as one line of text. */
async function query(resolver: Resolver, name: string, type: RecordType): Promise<string[]> {
  switch (type) {
    case 'A':
      return resolver.resolve4(name);
    case 'AAAA':
      return resolver.resolve6(name);
    case 'CNAME':
      return resolver.resolveCname(name);
    case 'NS':
      return resolver.resolveNs(name);
    case 'PTR':
      return resolver.resolvePtr(name);
    case 'MX':
      return (await resolver.resolveMx(name)).map((r) => `${r.priority} ${r.exchange}`);
    case 'TXT':
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    case 'SRV':
      return (await resolver.resolveSrv(name)).map((r) => `${r.priority} ${r.weight} ${r.port} ${r.name}`);
    case 'SOA': {
      const soa = await resolver.resolveSoa(name);
      return [`${soa.nsname} ${soa.hostmaster} ${soa.serial}`];
    }
  }
}

/**
 * `name-server`: asks the name server `hostname` (port; "" means 53) for `name_to_resolve`, one
 * try, waiting at most what the deadline leaves. The name server's address is the destination the
 * egress policy must allow; the answers are only read, never contacted. An empty
 * `name_to_resolve` asks for the root zone's NS records, which any recursive server answers.
 */
export const dnsExecutor: CheckExecutor = defineExecutor<DnsObservation>({
  kind: 'dns',
  types: ['name-server'],
  judge: (_input, obs) => judgeDns(obs),
  async observe(input, ctx) {
    const started = ctx.now();
    const host = networkHost(input.config);
    const port = nameServerPort(input.config.port);
    const server = `${host}:${port}`;
    const configured = String(input.config.name_to_resolve ?? '').trim();
    const name = configured === '' ? '.' : configured;
    const type = configured === '' ? 'NS' : recordType(input.config.name_to_resolve_id);
    let resolved: { address: string; family: 4 | 6 };
    try {
      resolved = await ctx.egress.resolve(host, ctx.signal);
    } catch (error) {
      return { server, name, type, ms: 0, error, unreachable: true };
    }
    const left = Math.max(1, input.timeoutMs - (ctx.now() - started));
    const resolver = new Resolver({ timeout: left, tries: 1 });
    resolver.setServers([
      resolved.family === 6 ? `[${resolved.address}]:${port}` : `${resolved.address}:${port}`,
    ]);
    const cancel = () => resolver.cancel();
    ctx.signal.addEventListener('abort', cancel, { once: true });
    const t = ctx.now();
    try {
      const pending = query(resolver, name, type);
      if (ctx.signal.aborted) cancel();
      const answers = await pending;
      return { server, name, type, ms: ctx.now() - t, answers };
    } catch (error) {
      return { server, name, type, ms: ctx.now() - t, error };
    } finally {
      ctx.signal.removeEventListener('abort', cancel);
    }
  },
});
