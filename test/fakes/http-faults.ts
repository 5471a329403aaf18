import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import type { Route } from './http-server.ts';

// Targets with the faults the fidelity findings describe (issue 13, issue 9): pre-compressed
// bodies sent whatever the client asked for, header floods, endless bodies, meta-declared charsets.

/** `body` compressed with `coding` (gzip, deflate, deflate-raw, br), as a pre-compressed static file. */
export function compressed(body: string | Buffer, coding: 'gzip' | 'deflate' | 'deflate-raw' | 'br'): Buffer {
  const raw = typeof body === 'string' ? Buffer.from(body) : body;
  if (coding === 'gzip') return gzipSync(raw);
  if (coding === 'deflate') return deflateSync(raw);
  if (coding === 'deflate-raw') return deflateRawSync(raw);
  return brotliCompressSync(raw);
}

/** Answers `bytes` with `Content-Encoding: encoding`, ignoring Accept-Encoding (as static hosts do). */
export function encoded(bytes: Buffer, encoding: string, type = 'text/html; charset=utf-8'): Route {
  return (_req, res) => {
    res.writeHead(200, {
      'content-type': type,
      'content-encoding': encoding,
      'content-length': bytes.length,
    });
    res.end(bytes);
  };
}

/** A status line followed by about `kib` KiB of headers (issue 9: ~400 KB gave the internal status 21). */
export function headerFlood(kib: number): Route {
  return (req) => {
    const line = `X-Pad: ${'a'.repeat(1000)}\r\n`;
    req.socket.end(`HTTP/1.1 200 OK\r\n${line.repeat(kib)}content-length: 2\r\n\r\nok`);
  };
}

/**
 * Declares `totalBytes` and sends them as fast as the client reads (64 KiB chunks of `fill`);
 * `sent()` tells how many bytes went out before the client stopped reading.
 */
export function endless(totalBytes: number, fill = 'x'): Route & { sent(): number } {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, fill);
  const route: Route = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': totalBytes });
    const pump = () => {
      while (!res.destroyed && sent < totalBytes) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };
  return Object.assign(route, { sent: () => sent });
}

/** Answers `bytes` as `text/html` with no charset in the header (the page declares its own). */
export function htmlBytes(bytes: Buffer): Route {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(bytes);
  };
}
