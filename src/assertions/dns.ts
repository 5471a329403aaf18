import { classifyError, failed } from './verdict.ts';
import type { Verdict } from './verdict.ts';

/** Record types the name-server check can ask for. */
export type RecordType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'NS' | 'PTR' | 'SOA' | 'SRV' | 'TXT';

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
  /** The name server's own host name could not be resolved or is refused by the egress policy. */
  unreachable?: boolean;
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
  if (o.unreachable) {
    const { code, message } = classifyError(o.error, `name server ${o.server}`);
    return failed(code, message);
  }
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
