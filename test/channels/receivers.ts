import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pino from 'pino';
import type { AlertEvent } from '../../src/domain/alert-event.ts';
import { egressPolicy } from '../../src/checks/egress.ts';
import type { DeliveryContext } from '../../src/channels/types.ts';
import { listenOnPortZero, type Listening } from '../helpers/listen.ts';

// Real receivers for the channel tests, on loopback port 0.

/** One request a receiver got, body complete. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local HTTP receiver: records every request and answers with `handler` (default 200 "ok"). */
export interface HttpReceiver extends Listening {
  url: string;
  received: Received[];
}

export type Handler = (req: Received, res: ServerResponse) => void;

export async function startHttpReceiver(handler?: Handler): Promise<HttpReceiver> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      received.push(r);
      if (handler) handler(r, res);
      else res.end('ok');
    });
  });
  const l = await listenOnPortZero(server);
  return { ...l, url: `http://127.0.0.1:${l.port}`, received };
}

/** The loopback CIDRs the tests allow (docs/compatibility.md §12: loopback is refused unless allowed). */
export const LOOPBACK = ['127.0.0.0/8', '::1/128'];

/** A DeliveryContext as the dispatcher builds it, with a real egress policy. */
export function deliveryContext(
  opts: { allow?: string[]; timeoutMs?: number; smtp?: DeliveryContext['smtp']; deliveryId?: string } = {},
): DeliveryContext {
  return {
    deliveryId: opts.deliveryId ?? 'dlv-test-1',
    signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
    egress: egressPolicy({ allow: opts.allow ?? LOOPBACK, deny: [] }),
    smtp: opts.smtp ?? null,
    log: pino({ level: 'silent' }),
  };
}

/** An error alert as the policy writes it. */
export function sampleEvent(over: Partial<AlertEvent> = {}): AlertEvent {
  return {
    custid: 7,
    company: 'Acme & Co',
    device_id: 42,
    device_name: 'Shop <front>',
    device_type: 'website',
    device_typecode: 'HTTPS',
    errcount: 2,
    http_status: 503,
    location: 'Local',
    location_num: 10,
    notify_type: 'error',
    timestamp: '2026-11-29T08:00:00.000Z',
    status: 7,
    status_text: 'HTTP error',
    info_msg: 'HTTP 503 Service Unavailable',
    url: 'https://shop.example.com/',
    response_time: 1.234,
    step_num: 0,
    step_name: '',
    ...over,
  };
}

/** The clear notice of sampleEvent. */
export const clearEvent = (over: Partial<AlertEvent> = {}): AlertEvent =>
  sampleEvent({
    notify_type: 'clear',
    status: 0,
    status_text: 'OK',
    errcount: 0,
    http_status: 200,
    info_msg: 'OK',
    ...over,
  });
