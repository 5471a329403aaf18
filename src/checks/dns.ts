import { Resolver } from 'node:dns/promises';
import { classifyError, failed } from './failures.ts';
import { networkHost } from './tcp.ts';
import type { CheckExecutor, Verdict } from './types.ts';

/** Record types the name-server check can ask for. */
export type RecordType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'NS' | 'PTR' | 'SOA' | 'SRV' | 'TXT';

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

/** What one query saw: the answers as text, or the resolver's error. */
export interface DnsObservation {
  /** `host:port` of the name server, as configured. */
  server: string;
  name: string;
  type: RecordType;
  /** Query time in ms. */
  ms: number;
  answers?: string[];
  error?: unknown;
}

/** Resolver error codes that mean the server answered, but not with records (status 15). */
const NEGATIVE: Record<string, string> = {
  ENOTFOUND: 'does not exist (NXDOMAIN)',
  ESERVFAIL: 'failed on the server (SERVFAIL)',
  EREFUSED: 'was refused by the server (REFUSED)',
  ENOTIMP: 'is not implemented by the server (NOTIMP)',
  EFORMERR: 'was rejected as malformed (FORMERR)',
};

/**
 * Judges a name-server query: records that include one of `expected` (or any records when nothing
 * is expected) are 0; NXDOMAIN, no records, an error answer or other records are 15; silence is 2.
 */
export function judgeDns(o: DnsObservation, expected: readonly string[] = []): Verdict {
  const query = `${o.name} ${o.type}`;
  if (o.error !== undefined) {
    const code = (o.error as { code?: string }).code ?? '';
    if (NEGATIVE[code]) return failed('DNS_ANSWER', `${query} ${NEGATIVE[code]} at ${o.server}`, o.ms);
    if (code === 'ENODATA')
      return failed('DNS_ANSWER', `${o.server} has no ${o.type} record for ${o.name}`, o.ms);
    if (code === 'ETIMEOUT' || code === 'ECANCELLED')
      return failed('TIMEOUT', `name server ${o.server} did not answer ${query} in time`);
    if (code === 'EBADRESP') return failed('MALFORMED', `name server ${o.server} sent a malformed answer`);
    if (code === 'ECONNREFUSED') return failed('TCP_FAILED', `connection refused by name server ${o.server}`);
    const { code: failure, message } = classifyError(o.error, `name server ${o.server}`);
    return failed(failure, message);
  }
  const answers = o.answers ?? [];
  if (answers.length === 0) return failed('DNS_ANSWER', `${o.server} gave no answer for ${query}`, o.ms);
  const shown = answers.join(', ');
  const norm = (s: string) => s.toLowerCase().replace(/\.$/, '');
  if (expected.length > 0 && !answers.some((a) => expected.some((e) => norm(e) === norm(a)))) {
    return failed('DNS_ANSWER', `${query} answered ${shown}, expected ${expected.join(' or ')}`, o.ms);
  }
  return {
    status: 0,
    info_msg: `${query} answered ${shown}`,
    responseMs: o.ms,
    phases: {},
    steps: [],
    detail: { server: o.server, record_type: o.type, answers: shown },
  };
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
export const dnsExecutor: CheckExecutor = {
  kind: 'dns',
  types: ['name-server'],
  async run(input, ctx) {
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
    } catch (err) {
      const { code, message } = classifyError(err, `name server ${server}`);
      return failed(code, message);
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
      return judgeDns({ server, name, type, ms: ctx.now() - t, answers });
    } catch (error) {
      return judgeDns({ server, name, type, ms: ctx.now() - t, error });
    } finally {
      ctx.signal.removeEventListener('abort', cancel);
    }
  },
};
