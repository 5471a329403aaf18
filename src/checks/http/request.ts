import { Client } from 'undici';
import type { CheckContext, Phases } from '../types.ts';
import { egressConnector, type ConnectTls, type ConnectTrace } from './connect.ts';
import { classifyHttp, HttpFailure } from './errors.ts';
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
  /** Bytes of body kept for judging; the rest is read (for timing) and counted, not kept. */
  bodyLimit: number;
}

/** What one exchange showed. */
export interface HttpResponse {
  url: URL;
  status: number;
  /** The reason phrase as the server sent it ("Service Unavailable"). */
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  /** At most `bodyLimit` bytes. */
  body: Buffer;
  /** Bytes received in all. */
  bodyBytes: number;
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
export const DEFAULT_HEADERS = { 'user-agent': 'sitewatch (synthetic monitor)', accept: '*/*' };

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
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let bytes = 0;
    const declared = Number(res.headers['content-length']);
    const declaredLength =
      Number.isFinite(declared) && res.headers['content-length'] !== undefined ? declared : null;
    partial = { bytes, declaredLength };
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      partial.bytes = bytes;
      if (keptBytes < opts.bodyLimit) {
        const part = chunk.subarray(0, opts.bodyLimit - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
    }
    const end = ctx.now();
    const setup = (trace.dns ?? 0) + (trace.connect ?? 0) + (trace.tls ?? 0);
    return {
      url: req.url,
      status: res.statusCode,
      statusText: res.statusText,
      headers: res.headers,
      body: Buffer.concat(kept),
      bodyBytes: bytes,
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
    const { code, message } = classifyHttp(err, trace.target ?? req.url.host);
    const phases: Phases = {};
    for (const k of ['dns', 'connect', 'tls'] as const) if (trace[k] !== undefined) phases[k] = trace[k];
    throw new HttpFailure(code, message, ctx.now() - start, phases, partial);
  } finally {
    await client.destroy().catch(() => {});
  }
}

/** The body as text, in the charset the server declared (UTF-8 when none or unknown). */
export function bodyText(res: Pick<HttpResponse, 'body' | 'headers'>): string {
  const type = String(res.headers['content-type'] ?? '');
  const charset = /charset=["']?([\w-]+)/i.exec(type)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(res.body);
  } catch {
    return new TextDecoder('utf-8').decode(res.body);
  }
}
