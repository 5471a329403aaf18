import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import type { KeyPair } from './http-certs.ts';
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

/** Certificates for the TLS faults the main test PKI has none of. */
export interface FaultPki {
  /** Expired, signed by a CA nobody trusts: trust must be reported before expiry (issue 13). */
  strangerExpired: KeyPair;
  /** A root to trust, and a leaf signed by its intermediate, served without the intermediate. */
  chainRoot: string;
  incompleteChain: KeyPair;
}

/** Generates the FaultPki with `openssl` (OpenSSL 3 `req -x509` refuses past dates; `x509 -req` takes them). */
export function faultPki(): FaultPki {
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-faultpki-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const ca = (name: string) =>
    ssl(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      '30',
      '-subj',
      `/CN=${name}`,
    );
  const sign = (name: string, issuer: string, ext: string, days: string) => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    ssl('req', '-new', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${issuer}.crt`,
      '-CAkey',
      `${issuer}.key`,
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-extfile',
      `${name}.ext`,
      '-days',
      days,
    );
  };
  const leafExt = 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n';
  try {
    ca('stranger-ca');
    sign('stale', 'stranger-ca', leafExt, '-1');
    ca('chain-root');
    sign(
      'chain-intermediate',
      'chain-root',
      'basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign,cRLSign\n',
      '20',
    );
    sign('chain-leaf', 'chain-intermediate', leafExt, '10');
    return {
      strangerExpired: { key: read('stale.key'), cert: read('stale.crt') },
      chainRoot: read('chain-root.crt'),
      incompleteChain: { key: read('chain-leaf.key'), cert: read('chain-leaf.crt') },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
