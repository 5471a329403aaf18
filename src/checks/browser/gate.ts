import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { CheckContext } from '../types.ts';

// Every connection the browser makes goes through this in-process forward proxy (Chromium is
// launched with --proxy-server pointing here and --proxy-bypass-list=<-loopback>, so loopback is
// proxied too). The proxy resolves each host once per run with ctx.egress and connects to the
// address the policy checked: redirects, subresources, preconnects and WebSockets alike, with no
// DNS-rebinding gap since Chromium never resolves or connects to a target itself.

/** The egress decision for one host, cached for the run. */
export type HostVerdict = { ok: true; address: string } | { ok: false; reason: string; refused: boolean };

/** The per-run egress gate: a host cache and the proxy in front of the browser. */
export interface EgressGate {
  /** The egress decision for a host name or literal IP (resolved once per run). */
  check(host: string): Promise<HostVerdict>;
  /** Hosts the policy refused during this run, with the refused address. */
  readonly refused: Map<string, string>;
  /** `http://127.0.0.1:<port>` for --proxy-server. */
  readonly proxyUrl: string;
  /** Stops the proxy and destroys every tunnel. */
  close(): Promise<void>;
}

const HOP_BY_HOP = ['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'te', 'upgrade'];

/** Starts the gate on 127.0.0.1 (port 0). */
export async function openEgressGate(ctx: CheckContext): Promise<EgressGate> {
  const cache = new Map<string, Promise<HostVerdict>>();
  const refused = new Map<string, string>();
  const sockets = new Set<Duplex>();
  const track = (s: Duplex) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };

  const check = (rawHost: string): Promise<HostVerdict> => {
    const host = rawHost.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    let hit = cache.get(host);
    if (!hit) {
      hit = ctx.egress.resolve(host, ctx.signal).then(
        ({ address }): HostVerdict => ({ ok: true, address }),
        (err: Error & { code?: string; address?: string }): HostVerdict => {
          if (err.code === 'EGRESS_REFUSED') refused.set(host, err.address ?? host);
          return { ok: false, reason: err.message, refused: err.code === 'EGRESS_REFUSED' };
        },
      );
      cache.set(host, hit);
    }
    return hit;
  };

  // Plain HTTP: the browser sends the absolute URL; forward it to the checked address.
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    track(req.socket);
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      return res.writeHead(400).end();
    }
    const verdict = await check(url.hostname);
    if (!verdict.ok)
      return res.writeHead(verdict.refused ? 403 : 502, { 'x-sitewatch-egress': verdict.reason }).end();
    const headers = { ...req.headers };
    for (const h of HOP_BY_HOP) delete headers[h];
    const up = httpRequest(
      {
        host: verdict.address,
        port: url.port || 80,
        method: req.method,
        path: url.pathname + url.search,
        headers,
      },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('socket', track);
    up.on('error', () => res.destroy());
    req.pipe(up);
  };

  // HTTPS and WebSockets: CONNECT host:port, then a raw tunnel to the checked address.
  const tunnel = async (req: IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    const at = (req.url ?? '').lastIndexOf(':');
    const host = (req.url ?? '').slice(0, at);
    const port = Number((req.url ?? '').slice(at + 1));
    const verdict = await check(host);
    if (!verdict.ok || !Number.isInteger(port)) return client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const upstream: Socket = connect({ host: verdict.address, port }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  };

  const server = createServer((req, res) => void forward(req, res));
  server.on('connect', (req, socket, head) => void tunnel(req, socket, head));
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    check,
    refused,
    proxyUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
