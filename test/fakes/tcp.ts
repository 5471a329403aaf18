import net from 'node:net';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { listenOnPortZero } from '../helpers/listen.ts';

/** A listening fake on 127.0.0.1 and how to stop it. */
export interface Fake {
  port: number;
  close(): Promise<void>;
}

/**
 * A line server: sends `greeting` (if any) on connect, then answers each received line with what
 * `answer` returns (nothing for undefined; `null` closes the connection).
 */
export async function lineServer(
  greeting: string | null,
  answer: (line: string) => string | null | undefined = () => undefined,
): Promise<Fake> {
  const server = net.createServer((socket) => {
    if (greeting !== null) socket.write(greeting);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const reply = answer(buffer.slice(0, nl).replace(/\r$/, ''));
        buffer = buffer.slice(nl + 1);
        if (reply === null) socket.end();
        else if (reply !== undefined) socket.write(reply);
      }
    });
  });
  return listenOnPortZero(server);
}

/** A port on 127.0.0.1 where nothing listens (connections are refused). */
export async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A listener whose accept queue is full, so a new connection neither completes nor is refused: the
 * kernel drops its SYNs and the connect hangs (what a firewalled port looks like, on loopback). A
 * worker thread listens with backlog 1 and then blocks, so it never accepts; two filler
 * connections fill the queue.
 */
export async function hangingListener(): Promise<Fake> {
  const shared = new SharedArrayBuffer(4);
  const worker = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const server = require('node:net').createServer();
     server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
       parentPort.postMessage(server.address().port);
       setImmediate(() => { Atomics.wait(new Int32Array(workerData), 0, 0); server.close(); });
     });`,
    { eval: true, workerData: shared },
  );
  const [port] = (await once(worker, 'message')) as [number];
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 2; i++) {
    const s = net.connect({ port, host: '127.0.0.1' }).on('error', () => {});
    fillers.push(s);
    await once(s, 'connect');
  }
  return {
    port,
    async close() {
      for (const s of fillers) s.destroy();
      const flag = new Int32Array(shared);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      await once(worker, 'exit');
    },
  };
}

/**
 * A host name that fails to resolve without sending a query: the C library refuses a label over
 * 63 octets before asking any name server (`no-such-host.invalid` would query the configured,
 * non-loopback resolver, which tests must not contact).
 */
export const UNRESOLVABLE_HOST = `${'a'.repeat(64)}.example`;
