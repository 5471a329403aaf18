// What judging an observation produces, and the one table from failure codes to AlertSite status
// codes (docs/status-codes.md). It sits in assertions/ so that judges need nothing from checks/:
// executors (checks/) observe and import the judges, never the other way round.

/** Named phases of one request, in milliseconds (blackbox_exporter's split). */
export type Phases = Partial<Record<'dns' | 'connect' | 'tls' | 'firstByte' | 'download', number>>;

/** The judged outcome of one API step or browser step. */
export interface StepVerdict {
  step_number: number;
  step_name: string;
  /** Status code of docs/status-codes.md (0 = OK). */
  status: number;
  info_msg: string;
  /** Seconds, 3 decimals; null when the step did not run. */
  response_time: number | null;
  phases?: Phases;
}

/** The judged outcome of one check: what results, reports and alerts record. */
export interface Verdict {
  /** Status code of docs/status-codes.md (0 = OK); src/domain/status-codes.ts has the table. */
  status: number;
  /** What a person reads: "HTTP 503 Service Unavailable", "Connection refused by 10.0.0.5:443". */
  info_msg: string;
  /** Total response time in ms; null when nothing was measured. */
  responseMs: number | null;
  phases: Phases;
  /** Per-step results for multi-step types; [] otherwise. */
  steps: StepVerdict[];
  /** Facts worth keeping: HTTP status, certificate expiry, resolved address, packet loss … */
  detail?: Record<string, string | number | boolean>;
}

/** Failure codes executors use, each mapped to one status of docs/status-codes.md (one table). */
export const FAILURE_STATUS = {
  TCP_FAILED: 1,
  TIMEOUT: 2,
  MALFORMED: 3,
  DNS_FAILED: 4,
  KEYWORD_MISSING: 5,
  CONNECTION_RESET: 6,
  HTTP_ERROR: 7,
  TOO_MANY_REDIRECTS: 8,
  KEYWORD_PRESENT: 9,
  ASSERTION_FAILED: 10,
  TLS_HANDSHAKE: 11,
  TLS_UNTRUSTED: 12,
  TLS_EXPIRED: 13,
  PING_NO_REPLY: 14,
  DNS_ANSWER: 15,
  FTP_FAILED: 16,
  MAIL_FAILED: 17,
  ROUND_TRIP_TIMEOUT: 18,
  BROWSER_FAILED: 19,
  EGRESS_REFUSED: 20,
  INTERNAL: 21,
  UNSUPPORTED: 98,
  FULLPAGE_MISSING: 7121,
  FULLPAGE_SIZE: 7122,
  FULLPAGE_TIMEOUT: 7123,
} as const;

export type FailureCode = keyof typeof FAILURE_STATUS;

const TLS_UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
]);

/**
 * Classifies a thrown connection error (Node, undici, our egress/DNS errors) as a failure code
 * with a readable message. `target` names what was contacted ("example.com:443").
 */
export function classifyError(err: unknown, target: string): { code: FailureCode; message: string } {
  const e = err as { code?: string; name?: string; message?: string; cause?: unknown };
  const code = e?.code ?? '';
  // The egress policy's own errors (checks/egress.ts) carry these codes and a readable message.
  if (code === 'EGRESS_REFUSED' || code === 'DNS_FAILED') return { code, message: e.message ?? code };
  if (
    e?.name === 'AbortError' ||
    e?.name === 'TimeoutError' ||
    code === 'ETIMEDOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return { code: 'TIMEOUT', message: `${target} did not answer in time` };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return { code: 'DNS_FAILED', message: `host name of ${target} could not be resolved` };
  if (code === 'ECONNREFUSED') return { code: 'TCP_FAILED', message: `connection refused by ${target}` };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return { code: 'TCP_FAILED', message: `${target} is unreachable` };
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
    return { code: 'CONNECTION_RESET', message: `connection to ${target} was closed or reset` };
  }
  if (code === 'CERT_HAS_EXPIRED')
    return { code: 'TLS_EXPIRED', message: `the TLS certificate of ${target} has expired` };
  if (TLS_UNTRUSTED.has(code))
    return { code: 'TLS_UNTRUSTED', message: `the TLS certificate of ${target} is not trusted (${code})` };
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO') {
    return { code: 'TLS_HANDSHAKE', message: `TLS handshake with ${target} failed (${code})` };
  }
  if (e?.cause && e.cause !== err) return classifyError(e.cause, target);
  return { code: 'INTERNAL', message: `check failed on the agent: ${e?.message ?? String(err)}` };
}

/** A Verdict for a failure code, with nothing measured unless given. */
export function failed(code: FailureCode, info_msg: string, responseMs: number | null = null): Verdict {
  return { status: FAILURE_STATUS[code], info_msg, responseMs, phases: {}, steps: [] };
}
