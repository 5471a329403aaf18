import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import tls from 'node:tls';
import { listenOnPortZero } from '../helpers/listen.ts';
import type { Fake } from './tcp.ts';

/** A test CA and a server certificate it signed for localhost / 127.0.0.1, as PEM. */
export interface TestCerts {
  /** The CA certificate a check must be told to trust. */
  ca: string;
  key: string;
  cert: string;
}

/** Makes a fresh CA and a server certificate for `san` with the openssl command in a temp dir (removed after). */
export function makeCerts(san = 'DNS:localhost,IP:127.0.0.1,IP:::1'): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-certs-'));
  const f = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  try {
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=sitewatch test CA',
      '-keyout',
      f('ca.key'),
      '-out',
      f('ca.pem'),
    );
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-keyout',
      f('key.pem'),
      '-out',
      f('csr.pem'),
    );
    writeFileSync(f('ext.cnf'), `subjectAltName=${san}\n`);
    ssl(
      'x509',
      '-req',
      '-in',
      f('csr.pem'),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      f('ext.cnf'),
      '-out',
      f('cert.pem'),
    );
    return {
      ca: readFileSync(f('ca.pem'), 'utf8'),
      key: readFileSync(f('key.pem'), 'utf8'),
      cert: readFileSync(f('cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A line server speaking TLS: from the first byte (`implicit`), or after the client sends
 * `STARTTLS` (answered `220 go ahead`). Over TLS it answers `PING` with `PONG`.
 */
export async function tlsLineServer(certs: TestCerts, mode: 'implicit' | 'starttls'): Promise<Fake> {
  const secure = (raw: net.Socket) => {
    const s = new tls.TLSSocket(raw, { isServer: true, key: certs.key, cert: certs.cert });
    s.on('error', () => {});
    s.write('220 secure\r\n');
    s.on('data', (d) => {
      if (d.toString().startsWith('PING')) s.write('PONG\r\n');
    });
  };
  const server = net.createServer((socket) => {
    if (mode === 'implicit') return secure(socket);
    socket.write('220 plain\r\n');
    socket.once('data', (d) => {
      if (!d.toString().startsWith('STARTTLS')) return socket.end('500 no\r\n');
      socket.write('220 go ahead\r\n', () => secure(socket));
    });
  });
  return listenOnPortZero(server);
}
