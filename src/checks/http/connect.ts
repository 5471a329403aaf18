import { connect as netConnect, isIP, type Socket } from 'node:net';
import {
  connect as tlsConnect,
  createSecureContext,
  type SecureContext,
  type SecureVersion,
  type TLSSocket,
} from 'node:tls';
import type { buildConnector } from 'undici';
import type { CheckContext } from '../types.ts';
import { inspectPeer, rejection, type TlsFacts, type TlsTrust } from './tls.ts';

/** What the connector measured and saw while opening one connection. */
export interface ConnectTrace {
  /** ms spent resolving (egress policy included), connecting TCP, and in the TLS handshake. */
  dns?: number;
  connect?: number;
  tls?: number;
  /** `address:port` actually contacted, for messages ("connection refused by 127.0.0.1:4711"). */
  target?: string;
  /** The peer certificate, for https. */
  cert?: TlsFacts;
}

/** How the connector treats TLS. */
export interface ConnectTls {
  trust: TlsTrust;
  /** With "Off" expiry checks an otherwise trusted, expired certificate is accepted. */
  ignoreExpiry: boolean;
  /** Protocol versions allowed (`use_ssl_version`); absent = Node's defaults (TLS 1.2–1.3). */
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
}

/**
 * The context for one connection: the trust's shared one, or, when `use_ssl_version` pins a
 * protocol, a new one with the versions (tls.connect ignores version options beside a context).
 */
function secureContextFor(tls: ConnectTls): SecureContext | undefined {
  if (!tls.minVersion && !tls.maxVersion) return tls.trust.context;
  const old = tls.minVersion === 'TLSv1' || tls.minVersion === 'TLSv1.1';
  return createSecureContext({
    ca: [...tls.trust.ca],
    minVersion: tls.minVersion,
    maxVersion: tls.maxVersion,
    // OpenSSL 3 refuses TLS 1.0/1.1 at its default security level even when they are allowed.
    ...(old ? { ciphers: 'DEFAULT@SECLEVEL=0' } : {}),
  });
}

function onceSettled<T extends Socket>(socket: T, event: string, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    const fail = (err: Error) => {
      signal.removeEventListener('abort', abort);
      reject(err);
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    socket.once('error', fail);
    socket.once(event, () => {
      signal.removeEventListener('abort', abort);
      socket.off('error', fail);
      resolve(socket);
    });
  });
}

/**
 * An undici connector that never lets a library resolve a name: the host goes through the egress
 * policy, the TCP connection goes to the address it returned, TLS gets the name as servername
 * (and is verified for it). One trace per connection; the request opens exactly one.
 */
export function egressConnector(
  ctx: CheckContext,
  signal: AbortSignal,
  tls: ConnectTls,
  trace: ConnectTrace,
): buildConnector.connector {
  const open = async (opts: buildConnector.Options): Promise<Socket> => {
    const host = opts.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80);
    const t0 = ctx.now();
    const { address, family } = await ctx.egress.resolve(host, signal);
    const t1 = ctx.now();
    trace.dns = t1 - t0;
    trace.target = `${family === 6 ? `[${address}]` : address}:${port}`;
    const tcp = await onceSettled(
      netConnect({ host: address, port, family, noDelay: true }),
      'connect',
      signal,
    );
    const t2 = ctx.now();
    trace.connect = t2 - t1;
    if (opts.protocol !== 'https:') return tcp;
    const secure: TLSSocket = await onceSettled(
      tlsConnect({
        socket: tcp,
        // SNI must be a name, never an address (RFC 6066 §3).
        servername: isIP(host) ? undefined : host,
        secureContext: secureContextFor(tls),
        rejectUnauthorized: false,
        ALPNProtocols: ['http/1.1'],
      }),
      'secureConnect',
      signal,
    ).catch((err: unknown) => {
      tcp.destroy();
      throw err;
    });
    trace.tls = ctx.now() - t2;
    trace.cert = inspectPeer(secure, host, tls.trust, tls.ignoreExpiry, ctx.now());
    // Refused before a byte of the request (and its credentials) is written.
    if (!trace.cert.trusted) {
      secure.destroy();
      throw rejection(trace.cert, `${host}:${port}`);
    }
    return secure;
  };
  return (opts, callback) => {
    open(opts).then(
      (socket) => callback(null, socket),
      (err: Error) => callback(err, null),
    );
  };
}
