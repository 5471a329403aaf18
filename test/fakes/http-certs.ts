import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// node:crypto cannot issue X.509 certificates, so the test PKI comes from the `openssl` command
// (present on Debian). Generated once per test process into a temp dir, then removed.

/** A key and certificate in PEM. */
export interface KeyPair {
  key: string;
  cert: string;
}

/** The test PKI: a CA and leaves signed by it, plus a self-signed leaf trusted by nobody. */
export interface TestPki {
  /** The test CA's certificate: pass it to the executor as an extra trusted CA. */
  ca: string;
  /** For 127.0.0.1 and localhost, valid for 10 more days (inside a "30 Days" warning window). */
  good: KeyPair;
  /** For 127.0.0.1 and localhost, expired (notAfter in the past), signed by the CA. */
  expired: KeyPair;
  /** Valid now but issued for wrong.example only. */
  wrongHost: KeyPair;
  /** Self-signed for 127.0.0.1 (no CA vouches for it). */
  selfSigned: KeyPair;
}

let cached: TestPki | undefined;

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A leaf signed by the CA. OpenSSL 3.0 has no `-not_after`: `-days -1` gives notAfter = yesterday. */
function leaf(dir: string, name: string, san: string, validity: string[]): KeyPair {
  writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\n`);
  openssl(
    dir,
    ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'].concat([
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
    ]),
  );
  openssl(
    dir,
    ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key'].concat([
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-extfile',
      `${name}.ext`,
      ...validity,
    ]),
  );
  return {
    key: readFileSync(join(dir, `${name}.key`), 'utf8'),
    cert: readFileSync(join(dir, `${name}.crt`), 'utf8'),
  };
}

/** Generates (once) the CA and the leaves the HTTPS tests serve. */
export function testPki(): TestPki {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-pki-'));
  try {
    openssl(
      dir,
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'].concat([
        '-keyout',
        'ca.key',
        '-out',
        'ca.crt',
        '-days',
        '3650',
        '-subj',
        '/CN=sitewatch test CA',
      ]),
    );
    const local = 'IP:127.0.0.1,DNS:localhost';
    const pki: TestPki = {
      ca: readFileSync(join(dir, 'ca.crt'), 'utf8'),
      good: leaf(dir, 'good', local, ['-days', '10']),
      expired: leaf(dir, 'expired', local, ['-days', '-1']),
      wrongHost: leaf(dir, 'wrong', 'DNS:wrong.example', ['-days', '2']),
      selfSigned: { key: '', cert: '' },
    };
    openssl(
      dir,
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes']
        .concat(['-keyout', 'self.key', '-out', 'self.crt', '-days', '2', '-subj', '/CN=self-signed'])
        .concat(['-addext', `subjectAltName=${local}`]),
    );
    pki.selfSigned = {
      key: readFileSync(join(dir, 'self.key'), 'utf8'),
      cert: readFileSync(join(dir, 'self.crt'), 'utf8'),
    };
    cached = pki;
    return pki;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
