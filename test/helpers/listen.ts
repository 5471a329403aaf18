import type { AddressInfo, Server, Socket } from 'node:net';

/** A listening fake and how to stop it. */
export interface Listening {
  port: number;
  /** Destroys every open connection, then stops listening. */
  close(): Promise<void>;
}

/**
 * Listens on port 0 of `host` and tracks connections: server.close() alone waits for every open
 * connection to end, and a fake's clients (the checks under test) may keep theirs open. Socket
 * errors are ignored: the checks under test reset connections on purpose.
 */
export async function listenOnPortZero(server: Server, host = '127.0.0.1'): Promise<Listening> {
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket)).on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
