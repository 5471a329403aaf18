import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { listenOnPortZero } from '../helpers/listen.ts';
import type { TestCerts } from './smtp-certs.ts';

/** One client of a line server: write lines, upgrade to TLS. */
export interface LineClient {
  /** Sends one line (CRLF added). */
  say(line: string): void;
  /** Switches this connection to TLS (after answering STARTTLS/STLS). */
  startTls(): void;
  /** Closes the connection. */
  end(): void;
}

/** A running fake server. */
export interface FakeServer {
  port: number;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

/**
 * A TCP server that greets, then hands each received line to `onLine` (POP3 and IMAP fakes).
 * `implicitTls` wraps every connection in TLS from the first byte.
 */
export async function lineServer(opts: {
  certs?: TestCerts;
  implicitTls?: boolean;
  greet(c: LineClient): void;
  onLine(line: string, c: LineClient): void;
  host?: string;
}): Promise<FakeServer> {
  const server: Server = createServer((raw) => {
    let socket: Socket = raw;
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let i: number;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i).replace(/\r$/, '');
        buffer = buffer.slice(i + 1);
        opts.onLine(line, client);
      }
    };
    const secure = () => {
      socket.off('data', onData);
      const t = new TLSSocket(socket, { isServer: true, key: opts.certs!.key, cert: opts.certs!.cert });
      t.on('error', () => raw.destroy());
      t.on('data', onData);
      socket = t;
    };
    const client: LineClient = {
      say: (line) => socket.write(`${line}\r\n`),
      startTls: secure,
      end: () => socket.end(),
    };
    if (opts.implicitTls) secure();
    else socket.on('data', onData);
    opts.greet(client);
  });
  return listenOnPortZero(server, opts.host);
}
