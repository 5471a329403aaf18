import { Client } from 'undici';
import type { CheckContext, Phases } from '../types.ts';
import { ACCEPT_ENCODING, BodyDecoder, BodyDecodeError, decodeText } from './body.ts';
import { egressConnector, type ConnectTls, type ConnectTrace } from './connect.ts';
import { classifyHttp, HttpFailure, MAX_HEADER_BYTES } from './errors.ts';
import type { TlsFacts } from './tls.ts';

/** One HTTP request, before redirects. */
export interface HttpRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string | null;
}

/** How to send it. */
export interface RequestOptions {
  /** Trusted CAs and the "Off" expiry mode; verification itself is never disabled. */
  tls: ConnectTls;
  /** Aborts the request (the check's deadline, or a shorter per-object one). */
  signal: AbortSignal;
  /**
   * Decoded bytes of body kept for judging; reading stops once they are (what lies beyond could
   * not change the verdict). 0: the body is not decoded, only counted (embedded objects).
   */
  bodyLimit: number;
  /** Transferred bytes after which reading stops in any case; default MAX_READ_BYTES. */
  readLimit?: number;
}

/** Most bytes one response may transfer before the check stops reading (an endless body ends here). */
export const MAX_READ_BYTES = 8 * 1024 * 1024;

/** What one exchange showed. */
export interface HttpResponse {
  url: URL;
  status: number;
  /** The reason phrase as the server sent it ("Service Unavailable"). */
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  /** The decoded body (Content-Encoding undone), at most `bodyLimit` bytes. */
  body: Buffer;
  /** Bytes transferred (as sent, compressed or not). */
  bodyBytes: number;
  /** Bytes after decoding, as far as the body was read. */
  decodedBytes: number;
  /** Content-Encoding the server applied ("gzip"), "" when none. */
  encoding: string;
  /** Whether reading stopped before the body's end (the limits above). */
  truncated: boolean;
  /** Content-Length as declared, when it was. */
  declaredLength: number | null;
  /** dns + connect + tls + firstByte + download = totalMs. */
  phases: Phases;
  totalMs: number;
  /** `address:port` contacted. */
  target: string;
  cert?: TlsFacts;
}

/** Sent unless the caller sets them. */
export const DEFAULT_HEADERS = {
  'user-agent': 'sitewatch (synthetic monitor)',
  accept: '*/*',
  'accept-encoding': ACCEPT_ENCODING,
};

/**
 * Sends one request over its own connection (a Client per request keeps the phases honest and
 * leaves no pooled socket behind) and reads the whole body. Throws HttpFailure for every
 * transport failure, classified.
 */
export async function httpRequest(
  req: HttpRequest,
  ctx: CheckContext,
  opts: RequestOptions,
): Promise<HttpResponse> {
  const trace: ConnectTrace = {};
  const client = new Client(req.url.origin, {
    connect: egressConnector(ctx, opts.signal, opts.tls, trace),
    // The signal is the only clock: undici's own 300 s timers would outlive short deadlines' meaning.
    headersTimeout: 0,
    bodyTimeout: 0,
    maxHeaderSize: MAX_HEADER_BYTES,
  });
  const start = ctx.now();
  let partial: HttpFailure['partial'];
  try {
    const res = await client.request({
      path: `${req.url.pathname}${req.url.search}`,
      method: req.method as 'GET',
      headers: { ...DEFAULT_HEADERS, ...req.headers },
      body: req.body ?? undefined,
      signal: opts.signal,
    });
    const headersAt = ctx.now();
    const declared = Number(res.headers['content-length']);
    const declaredLength =
      Number.isFinite(declared) && res.headers['content-length'] !== undefined ? declared : null;
    const decoder = new BodyDecoder(
      opts.bodyLimit > 0 ? res.headers['content-encoding'] : undefined,
      opts.bodyLimit,
    );
    const readLimit = opts.readLimit ?? MAX_READ_BYTES;
    partial = { bytes: 0, declaredLength };
    let truncated = false;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      partial.bytes += chunk.length;
      if (opts.bodyLimit > 0) decoder.push(chunk);
      if ((opts.bodyLimit > 0 && decoder.full) || partial.bytes >= readLimit) {
        // Stop reading: the rest could not change the verdict (issue: a 1 GB body was read whole).
        truncated = true;
        break;
      }
    }
    const bytes = partial.bytes;
    const body = await decoder.finish(!truncated);
    const end = ctx.now();
    const setup = (trace.dns ?? 0) + (trace.connect ?? 0) + (trace.tls ?? 0);
    return {
      url: req.url,
      status: res.statusCode,
      statusText: res.statusText,
      headers: res.headers,
      body,
      bodyBytes: bytes,
      decodedBytes: opts.bodyLimit > 0 ? decoder.decodedBytes : bytes,
      encoding: decoder.encoding,
      truncated,
      declaredLength,
      phases: {
        dns: trace.dns ?? 0,
        connect: trace.connect ?? 0,
        ...(trace.tls === undefined ? {} : { tls: trace.tls }),
        firstByte: Math.max(0, headersAt - start - setup),
        download: end - headersAt,
      },
      totalMs: end - start,
      target: trace.target ?? req.url.host,
      cert: trace.cert,
    };
  } catch (err) {
    const target = trace.target ?? req.url.host;
    const { code, message } =
      err instanceof BodyDecodeError
        ? { code: 'MALFORMED' as const, message: `${target}: ${err.message}` }
        : classifyHttp(err, target);
    const phases: Phases = {};
    for (const k of ['dns', 'connect', 'tls'] as const) if (trace[k] !== undefined) phases[k] = trace[k];
    throw new HttpFailure(code, message, ctx.now() - start, phases, partial);
  } finally {
    await client.destroy().catch(() => {});
  }
}

/** The body as text, in the charset a browser would use (BOM, Content-Type, meta, UTF-8). */
export function bodyText(res: Pick<HttpResponse, 'body' | 'headers'>): string {
  return decodeText(res.body, String(res.headers['content-type'] ?? ''));
}
