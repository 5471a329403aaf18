import { after, before } from 'node:test';
import type { FakeServer } from '../fakes/pop3-base.ts';
import { makeCerts, type TestCerts } from '../fakes/smtp-certs.ts';

/** What a mail check test file shares: one set of certificates and the fakes it started. */
export interface MailFakes {
  /** The test CA and server certificate, made before the file's first test. */
  readonly certs: TestCerts;
  /** Awaits a started fake and remembers it, so it is closed after the file's last test. */
  keep<T extends FakeServer>(p: Promise<T>): Promise<T>;
}

/**
 * Registers the file-level hooks of a mail check test: certificates are made once (openssl runs
 * several commands, too slow to repeat per test) and every kept server is closed at the end, so a
 * failing test cannot leave a port open.
 */
export function mailFakes(): MailFakes {
  let certs: TestCerts | undefined;
  const servers: FakeServer[] = [];
  before(() => {
    certs = makeCerts();
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  return {
    get certs() {
      if (!certs) throw new Error('mailFakes: certs are made in the before hook');
      return certs;
    },
    async keep(p) {
      const s = await p;
      servers.push(s);
      return s;
    },
  };
}
