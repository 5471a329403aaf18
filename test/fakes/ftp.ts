import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FtpSrv } from 'ftp-srv';
import type { Fake } from './tcp.ts';
import type { TestCerts } from './tcp-tls.ts';

/** How the fake FTP server behaves. */
export interface FakeFtpOptions {
  /** Accepted user and password; anonymous logins are accepted too when `anonymous`. */
  user?: string;
  password?: string;
  anonymous?: boolean;
  /** TLS: explicit (AUTH TLS on a plain port) or implicit (TLS from the first byte). */
  tls?: { certs: TestCerts; mode: 'explicit' | 'implicit' };
  /** Commands the server refuses (ftp-srv answers 502), e.g. ['STOR'] to deny uploads. */
  refuse?: string[];
}

/** The fake and what it saw. */
export interface FakeFtp extends Fake {
  /** The served directory (a temp dir holding `readme.txt`). */
  root: string;
  /** Files ever stored, by name (they are deleted again by the check). */
  stored: string[];
}

// ftp-srv logs through bunyan by default; tests keep quiet.
const quiet = {
  child: () => quiet,
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** An ftp-srv server on 127.0.0.1 with a port chosen by the system and passive mode on loopback. */
export async function ftpServer(opts: FakeFtpOptions = {}): Promise<FakeFtp> {
  const root = mkdtempSync(join(tmpdir(), 'sitewatch-ftp-'));
  writeFileSync(join(root, 'readme.txt'), 'hello\n');
  const stored: string[] = [];
  const implicit = opts.tls?.mode === 'implicit';
  // Passive ports from a random high range so parallel test runs rarely meet.
  const pasvMin = 20000 + Math.floor(Math.random() * 30000);
  const server = new FtpSrv({
    url: `${implicit ? 'ftps' : 'ftp'}://127.0.0.1:0`,
    pasv_url: '127.0.0.1',
    pasv_min: pasvMin,
    pasv_max: pasvMin + 200,
    anonymous: opts.anonymous ?? false,
    tls: opts.tls ? { key: opts.tls.certs.key, cert: opts.tls.certs.cert } : false,
    blacklist: opts.refuse ?? [],
    log: quiet,
  });
  server.on('login', ({ connection, username, password }, resolve, reject) => {
    const anonymous = opts.anonymous && username === 'anonymous';
    if (!anonymous && (username !== opts.user || password !== opts.password)) {
      return reject(new Error('Login incorrect.'));
    }
    connection.on('STOR', (err: unknown, file: string) => {
      if (!err) stored.push(file);
    });
    resolve({ root });
  });
  await server.listen();
  const inner = (server as unknown as { server: { address(): AddressInfo } }).server;
  return {
    port: inner.address().port,
    root,
    stored,
    async close() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
