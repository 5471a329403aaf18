import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { checkServerIdentity, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import type { Trust } from '../trust.ts';

/** What the executor learned about the server's certificate. */
export interface TlsFacts {
  /** notAfter, epoch ms. */
  notAfter: number;
  /** Subject and issuer as OpenSSL prints them ("CN=example.com"). */
  subject: string;
  issuer: string;
  /** Whether the certificate was accepted: chain to a trusted CA, host match, dates (unless expiry is "Off"). */
  trusted: boolean;
  /** The verification failure code when not trusted ("CERT_HAS_EXPIRED", "ERR_TLS_CERT_ALTNAME_INVALID"). */
  error?: string;
  /** Set with an untrust error when the certificate has also expired: one message names both faults. */
  alsoExpired?: boolean;
}

/** Which CAs checks trust (src/checks/trust.ts: Node's roots plus SITEWATCH_CA_CERTS). */
export type TlsTrust = Trust;

/** A certificate the verification refused; `code` is Node's/OpenSSL's verification code. */
export class TlsRejectedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
}

/**
 * Whether the peer's chain leads to a trusted root by signatures alone, ignoring validity dates:
 * OpenSSL reports only its last error, so "expired" can hide "untrusted"; with expiry checks
 * "Off" an expired certificate passes only if this holds.
 */
function chainTrustedIgnoringTime(peer: DetailedPeerCertificate, trust: TlsTrust): boolean {
  const chain: X509Certificate[] = [];
  let c = peer;
  for (let i = 0; i < 10 && c?.raw; i++) {
    chain.push(new X509Certificate(c.raw));
    if (c.issuerCertificate === c) break;
    c = c.issuerCertificate;
  }
  const roots = trust.roots();
  let cert = chain[0];
  for (let depth = 0; cert && depth < 10; depth++) {
    const current: X509Certificate = cert;
    if (roots.some((r) => r.fingerprint256 === current.fingerprint256 || issuedBy(current, r))) return true;
    cert = chain.find((x) => x !== current && issuedBy(current, x));
  }
  return false;
}

/** Facts about the peer certificate and whether it verifies for `host`. */
export function inspectPeer(
  socket: TLSSocket,
  host: string,
  trust: TlsTrust,
  ignoreExpiry: boolean,
  now: number,
): TlsFacts {
  // Read once: on a socket wrapped by tls.connect({socket}), Node 20 returns an empty certificate
  // on the second read of the peer certificate.
  const peer = socket.getPeerCertificate(true);
  const x509 = peer?.raw ? new X509Certificate(peer.raw) : undefined;
  const facts: TlsFacts = {
    notAfter: x509 ? Date.parse(x509.validTo) : Number.NaN,
    subject: x509?.subject.replace(/\n/g, ', ') ?? '',
    issuer: x509?.issuer.replace(/\n/g, ', ') ?? '',
    trusted: socket.authorized,
  };
  if (!socket.authorized) {
    const code = String(socket.authorizationError ?? 'CERT_UNTRUSTED');
    const expired = Number.isFinite(facts.notAfter) && facts.notAfter <= now;
    if (code === 'CERT_HAS_EXPIRED') {
      // OpenSSL reports its last error only: an expired certificate from an unknown CA says
      // "expired". Trust is the fault to report first (renewing alone would not clear the check),
      // with the expiry named beside it.
      if (!chainTrustedIgnoringTime(peer, trust))
        return { ...facts, trusted: false, error: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', alsoExpired: true };
      if (!ignoreExpiry) return { ...facts, trusted: false, error: code };
    } else return { ...facts, trusted: false, error: code, ...(expired ? { alsoExpired: true } : {}) };
  }
  const mismatch = checkServerIdentity(isIP(host) ? host : host.toLowerCase(), peer);
  if (mismatch) return { ...facts, trusted: false, error: 'ERR_TLS_CERT_ALTNAME_INVALID' };
  return { ...facts, trusted: true };
}

/** The error a refused certificate becomes, with a sentence a person understands. */
export function rejection(facts: TlsFacts, target: string): TlsRejectedError {
  const code = facts.error ?? 'CERT_UNTRUSTED';
  if (code === 'CERT_HAS_EXPIRED') {
    const when = new Date(facts.notAfter).toISOString().slice(0, 10);
    return new TlsRejectedError(code, `the TLS certificate of ${target} expired on ${when}`);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return new TlsRejectedError(
      code,
      `the TLS certificate of ${target} does not match the host (${facts.subject})`,
    );
  const expiry = facts.alsoExpired
    ? `; it also expired on ${new Date(facts.notAfter).toISOString().slice(0, 10)}`
    : '';
  return new TlsRejectedError(
    code,
    `the TLS certificate of ${target} is not trusted (${code}, issuer ${facts.issuer})${expiry}`,
  );
}
