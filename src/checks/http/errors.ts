import { classifyError, type FailureCode } from '../failures.ts';
import type { Phases } from '../types.ts';
import { TlsRejectedError } from './tls.ts';

/** Response headers a target may send (browsers allow ~256 KB; more is a broken or hostile server). */
export const MAX_HEADER_BYTES = 256 * 1024;

/** A transport failure of one HTTP exchange, classified, with what was measured before it. */
export class HttpFailure extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
    /** ms from the start of the request to the failure. */
    readonly elapsedMs: number,
    /** The phases completed before the failure (dns, connect, tls). */
    readonly phases: Phases = {},
    /** When the failure came mid-body: bytes received and the declared Content-Length. */
    readonly partial?: { bytes: number; declaredLength: number | null },
  ) {
    super(message);
  }
}

/** undici errors meaning the server's answer was not valid HTTP. */
const MALFORMED = new Set([
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
  'UND_ERR_INVALID_ARG',
  'HPE_INVALID_CONSTANT',
]);

/**
 * classifyError (failures.ts) plus what only HTTP sees: parser errors (status 3) and the
 * certificate refusals of our own connector, whose messages are more precise than the generic one.
 */
export function classifyHttp(err: unknown, target: string): { code: FailureCode; message: string } {
  if (err instanceof TlsRejectedError) {
    const code: FailureCode = err.code === 'CERT_HAS_EXPIRED' ? 'TLS_EXPIRED' : 'TLS_UNTRUSTED';
    return { code, message: err.message };
  }
  const e = err as { code?: unknown; name?: string; message?: string };
  // DOMException (abort, timeout) has a numeric code.
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code === 'UND_ERR_HEADERS_OVERFLOW') {
    const kib = MAX_HEADER_BYTES / 1024;
    return { code: 'MALFORMED', message: `${target} sent more than ${kib} KiB of response headers` };
  }
  if (e?.name === 'HTTPParserError' || code.startsWith('HPE_') || MALFORMED.has(code)) {
    return { code: 'MALFORMED', message: `${target} sent an invalid HTTP response (${e.message ?? code})` };
  }
  return classifyError(err, target);
}
