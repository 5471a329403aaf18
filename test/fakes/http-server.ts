import { createServer as createHttp, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { SecureContextOptions } from 'node:tls';
import type { KeyPair } from './http-certs.ts';

/** Handles one request; may never answer (hanging endpoints), the server cleans up on close. */
export type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A running fake HTTP(S) server on 127.0.0.1, port 0. */
export interface FakeHttpServer {
  /** `http://127.0.0.1:<port>` (or https). */
  origin: string;
  port: number;
  /** Requests seen, in order: method, path, headers, body. */
  seen: { method: string; path: string; headers: IncomingMessage['headers']; body: string }[];
  /** Destroys every open socket (hanging requests included) and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a server answering `routes` by path (query string ignored); unknown paths get 404.
 * With `tls` it speaks HTTPS with that key and certificate.
 */
export async function startHttpServer(
  routes: Record<string, Route>,
  opts: { tls?: KeyPair & Pick<SecureContextOptions, 'minVersion' | 'maxVersion' | 'ciphers'> } = {},
): Promise<FakeHttpServer> {
  const seen: FakeHttpServer['seen'] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0]!;
      seen.push({ method: req.method ?? '', path, headers: req.headers, body });
      const route = routes[path];
      if (route) route(req, res, body);
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    });
  };
  const server = opts.tls ? createHttps({ ...opts.tls }, handler) : createHttp(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // A client that gives up mid-handshake is not a test failure.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers `status` with an HTML (or other) body. */
export function page(body: string, status = 200, headers: Record<string, string> = {}): Route {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
  };
}

/** Answers JSON. */
export function json(value: unknown, status = 200): Route {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  };
}

/** Redirects to `location` with `status`. */
export function redirect(location: string, status = 302): Route {
  return (_req, res) => {
    res.writeHead(status, { location }).end();
  };
}

/** Never answers: headers are never sent. */
export const hang: Route = () => {};

/** Sends headers and part of the body, then never finishes. */
export const hangBody: Route = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html', 'content-length': '1000' });
  res.write('<html>partial');
};

/** Answers after `ms` milliseconds. */
export function slow(ms: number, body = 'slow but fine'): Route {
  return (_req, res) => {
    const t = setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end(body), ms);
    res.on('close', () => clearTimeout(t));
  };
}

/** Resets the connection without answering. */
export const reset: Route = (req) => {
  req.socket.resetAndDestroy();
};

/** Writes a response that is not HTTP. */
export const garbage: Route = (req) => {
  req.socket.end('SSH-2.0-OpenSSH_9.2\r\nthis is not http\r\n\r\n');
};
