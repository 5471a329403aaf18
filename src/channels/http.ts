import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Agent, type buildConnector } from 'undici';
import { DnsFailedError, EgressRefusedError, type EgressPolicy } from '../checks/egress.ts';
import type { DeliveryContext, DeliveryOutcome, Destination, OutboundMessage } from './types.ts';

// The one HTTP delivery path every webhook channel uses (JSON/form POST, Slack, Teams, Splunk,
// ServiceNow, PagerDuty). Every connection, each redirect hop included, goes through the egress
// policy (docs/compatibility.md §12); the receiver's answer is classified into the dispatcher's
// three outcomes: 2xx sent; 408, 429, 5xx, network errors and timeouts retry; anything else fails.

/** Redirects followed before giving up; webhooks rarely redirect at all. */
export const MAX_REDIRECTS = 5;
/** Bytes of a receiver's answer read; the connection is dropped after that (a 10 MB body never stalls). */
export const REPLY_READ_LIMIT = 64 * 1024;
/** Characters of the answer kept in the outcome (the attempt record, the test-notifiers reply). */
const REPLY_KEEP = 300;
const USER_AGENT = 'sitewatch (alerts)';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** What every egress refusal says (checks/egress.ts adds why, and which setting opens it). */
export const EGRESS_REFUSED = 'is refused by the egress policy';

class ConnectFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

function onceSettled<T extends Socket>(socket: T, event: string, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    socket.once('error', (err) => {
      signal.removeEventListener('abort', abort);
      reject(err);
    });
    socket.once(event, () => {
      signal.removeEventListener('abort', abort);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

/** Longest wait for a new connection (resolution, TCP and TLS); the attempt's deadline may end it sooner. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens TCP (and TLS) to the address the egress policy resolved, never to a name a library looked
 * up itself, so the address checked is the address used. TLS is verified against Node's roots
 * (plus NODE_EXTRA_CA_CERTS) for the URL's host name.
 */
function egressConnector(egress: EgressPolicy): buildConnector.connector {
  const open = async (opts: buildConnector.Options): Promise<Socket> => {
    const signal = AbortSignal.timeout(CONNECT_TIMEOUT_MS);
    const host = opts.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80);
    const { address, family } = await egress.resolve(host, signal);
    const target = `${family === 6 ? `[${address}]` : address}:${port}`;
    const tcp = await onceSettled(
      netConnect({ host: address, port, family, noDelay: true }),
      'connect',
      signal,
    ).catch((err: NodeJS.ErrnoException) => {
      if (err === signal.reason) throw new ConnectFailure(`timed out connecting to ${target}`, false);
      const what =
        err.code === 'ECONNREFUSED' ? 'connection refused by' : `${err.code ?? err.message} connecting to`;
      throw new ConnectFailure(`${what} ${target}`, false);
    });
    if (opts.protocol !== 'https:') return tcp;
    return onceSettled(
      tlsConnect({ socket: tcp, servername: isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'] }),
      'secureConnect',
      signal,
    ).catch((err: Error) => {
      tcp.destroy();
      if (err === signal.reason) throw new ConnectFailure(`timed out in TLS with ${target}`, false);
      // A certificate that does not verify is a configuration problem: retrying will not fix it.
      throw new ConnectFailure(`TLS with ${host} (${target}) failed: ${err.message}`, true);
    });
  };
  return (opts, callback) => {
    open(opts).then(
      (socket) => callback(null, socket),
      (err: Error) => callback(err, null),
    );
  };
}

// One connection pool per egress policy (one per process in practice). Every new connection is
// checked by the connector; a kept-alive connection was checked when it opened, to the same
// address, so reusing it skips nothing. Alerts to one receiver in a burst then cost no handshakes.
const agents = new WeakMap<EgressPolicy, Agent>();

function agentFor(egress: EgressPolicy): Agent {
  let agent = agents.get(egress);
  if (!agent) {
    agent = new Agent({
      connect: egressConnector(egress),
      // ctx.signal is the only clock (the attempt's deadline); undici's 300 s timers are off.
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: 4_000,
      connections: 16,
    });
    agents.set(egress, agent);
  }
  return agent;
}

/** What one exchange gave: status, headers that matter, and at most REPLY_READ_LIMIT bytes of body. */
interface Exchange {
  status: number;
  location: string | undefined;
  retryAfter: string | undefined;
  body: string;
}

async function exchange(
  url: URL,
  headers: Record<string, string>,
  body: string,
  ctx: DeliveryContext,
): Promise<Exchange> {
  const res = await agentFor(ctx.egress).request({
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: 'POST',
    headers: { 'user-agent': USER_AGENT, ...headers, 'content-length': String(Buffer.byteLength(body)) },
    body,
    signal: ctx.signal,
  });
  const kept: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      kept.push(chunk);
      bytes += chunk.length;
      // Enough to say what the receiver answered; the rest is not worth waiting for.
      if (bytes >= REPLY_READ_LIMIT) break;
    }
  } catch {
    // The status line decided the outcome; a body cut short (reset, deadline) only shortens the reply.
  }
  const first = (name: string) => {
    const v = res.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return {
    status: res.statusCode,
    location: first('location'),
    retryAfter: first('retry-after'),
    body: Buffer.concat(kept).subarray(0, REPLY_READ_LIMIT).toString('utf8'),
  };
}

/** Retry-After as milliseconds (delta-seconds or an HTTP date), capped at an hour. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), 3_600_000);
}

const snippet = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > REPLY_KEEP ? `${flat.slice(0, REPLY_KEEP)}…` : flat;
};

function answered(status: number, body: string): string {
  const text = snippet(body);
  return text ? `HTTP ${status}: ${text}` : `HTTP ${status}`;
}

/** Why a transport failure happened, and whether another attempt could help. */
function transportOutcome(err: unknown, ctx: DeliveryContext, url: URL): DeliveryOutcome {
  if (err instanceof EgressRefusedError) {
    return { status: 'failed', reason: err.message };
  }
  if (err instanceof DnsFailedError) return { status: 'retry', reason: err.message };
  if (err instanceof ConnectFailure) {
    return err.permanent
      ? { status: 'failed', reason: err.message }
      : { status: 'retry', reason: err.message };
  }
  if (ctx.signal.aborted) {
    return {
      status: 'retry',
      reason: `no answer from ${url.host} before the attempt's deadline (timed out)`,
    };
  }
  const e = err as NodeJS.ErrnoException;
  return {
    status: 'retry',
    reason: `${url.host}: ${e.code ? `${e.code} ` : ''}${e.message ?? String(err)}`.trim(),
  };
}

/** What the HTTP plumbing needs to send one rendered message. */
export interface PostOptions {
  /** Basic auth from the recipient (sent only to the URL's origin, never to a redirect elsewhere). */
  basic?: { username: string; password: string } | null;
  /** Replaces Basic auth (Splunk's `Authorization: Splunk <token>`); same-origin only too. */
  authorization?: string;
  /** Replaces the rendered body at send time: secrets (PagerDuty's routing key) never sit in the message. */
  body?: string;
  /** Reads the receiver's id for what it created (a ServiceNow incident number) from a 2xx body. */
  providerId?: (body: string) => string | undefined;
}

/**
 * POSTs a rendered `http` message to `address`, following at most MAX_REDIRECTS redirects (each
 * re-sends the POST: a webhook turned into a GET would lose the alert), and classifies the answer.
 * Never throws.
 */
export async function postMessage(
  address: string,
  msg: OutboundMessage,
  ctx: DeliveryContext,
  opts: PostOptions = {},
): Promise<DeliveryOutcome> {
  if (msg.kind !== 'http') return { status: 'failed', reason: `cannot POST a ${msg.kind} message` };
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { status: 'failed', reason: `recipient "${address}" is not a URL` };
  }
  const origin = url.origin;
  const authorization =
    opts.authorization ??
    (opts.basic
      ? `Basic ${Buffer.from(`${opts.basic.username}:${opts.basic.password}`).toString('base64')}`
      : undefined);
  const seen = new Set<string>();
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { status: 'failed', reason: `cannot deliver to ${url.protocol} URLs (only http and https)` };
    }
    seen.add(url.href);
    const headers: Record<string, string> = {
      'content-type': msg.contentType,
      'x-sitewatch-delivery': ctx.deliveryId,
      ...msg.headers,
    };
    if (authorization && url.origin === origin) headers.authorization = authorization;
    let res: Exchange;
    try {
      res = await exchange(url, headers, opts.body ?? msg.body, ctx);
    } catch (err) {
      return transportOutcome(err, ctx, url);
    }
    const { status } = res;
    if (status >= 200 && status < 300) {
      const providerId = readProviderId(opts, res.body);
      const sent = { status: 'sent' as const, httpStatus: status, reply: answered(status, res.body) };
      return providerId ? { ...sent, providerId } : sent;
    }
    if (REDIRECTS.has(status) && res.location) {
      let next: URL;
      try {
        next = new URL(res.location, url);
      } catch {
        return {
          status: 'failed',
          httpStatus: status,
          reason: `redirect to an unparsable location "${snippet(res.location)}"`,
        };
      }
      if (seen.has(next.href)) {
        return {
          status: 'failed',
          httpStatus: status,
          reason: `redirect loop: ${describeUrl(url.href)} leads back to ${describeUrl(next.href)}`,
        };
      }
      if (hop + 1 > MAX_REDIRECTS) {
        return {
          status: 'failed',
          httpStatus: status,
          reason: `more than ${MAX_REDIRECTS} redirects (last to ${describeUrl(next.href)})`,
        };
      }
      url = next;
      continue;
    }
    const reason = `receiver answered ${answered(status, res.body)}`;
    if (status === 408 || status === 429 || status >= 500) {
      const afterMs = retryAfterMs(res.retryAfter);
      return afterMs === undefined
        ? { status: 'retry', httpStatus: status, reason }
        : { status: 'retry', httpStatus: status, reason, afterMs };
    }
    return { status: 'failed', httpStatus: status, reason };
  }
}

function readProviderId(opts: PostOptions, body: string): string | undefined {
  try {
    return opts.providerId?.(body);
  } catch {
    return undefined; // a receiver's odd answer is not a failed delivery
  }
}

/** Whether an outcome is the egress policy refusing the destination (a 400 for POST /test-notifiers). */
export function isEgressRefusal(outcome: DeliveryOutcome): boolean {
  return outcome.status === 'failed' && outcome.reason.includes(EGRESS_REFUSED);
}

/** The recipient's Basic credentials, when it has a user name. */
export function basicAuth(dest: Destination): PostOptions['basic'] {
  return dest.username ? { username: dest.username, password: dest.password ?? '' } : null;
}

/** A URL as it may be shown: no user info, and no query (webhook URLs carry tokens there). */
export function describeUrl(address: string): string {
  try {
    const u = new URL(address);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return address.slice(0, 200);
  }
}
