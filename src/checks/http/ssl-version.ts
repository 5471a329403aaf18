import type { SecureVersion } from 'node:tls';

// `use_ssl_version` of website-ssl (AlertSite's "SSL version" choice, an integer). Sitewatch
// honours it: 0 negotiates (Node's defaults, TLS 1.2 and 1.3); 3–6 pin one protocol version,
// so a server that cannot speak it fails the handshake (status 11) like AlertSite's agent would.
// 1 and 2 (SSL 2 and 3) cannot be spoken by OpenSSL 3 at all; AlertSite's own documented
// example sends 2, so they are accepted and negotiate like 0. Other values negotiate too.

/** The TLS version each `use_ssl_version` value pins. */
export const SSL_VERSIONS: Readonly<Record<number, SecureVersion>> = {
  3: 'TLSv1',
  4: 'TLSv1.1',
  5: 'TLSv1.2',
  6: 'TLSv1.3',
};

/** `{ minVersion, maxVersion }` for a `use_ssl_version` value; {} to negotiate. */
export function sslVersions(value: unknown): { minVersion?: SecureVersion; maxVersion?: SecureVersion } {
  const v = typeof value === 'number' ? SSL_VERSIONS[value] : undefined;
  return v ? { minVersion: v, maxVersion: v } : {};
}
