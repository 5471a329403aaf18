import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';

// One trust store for every outbound TLS connection sitewatch makes: HTTP checks, API steps, mail
// and FTP over TLS, the browser check and (src/channels/) alert webhooks. It is Node's bundled
// Mozilla roots plus the operator's private CAs (SITEWATCH_CA_CERTS), loaded once at start.

/** Which CAs outbound TLS trusts. */
export interface Trust {
  /** Node's roots followed by the extra CAs, PEM: pass as `ca` to tls.connect / undici `connect`. */
  readonly ca: readonly string[];
  /** Only the extra (private) CAs, PEM; [] when none are configured. */
  readonly extra: readonly string[];
  /**
   * A secure context holding `ca`, built once (a per-connection `ca` list rebuilds a store of ~140
   * roots every time); undefined when there are no extra CAs (Node's default context is the same).
   */
  readonly context: SecureContext | undefined;
  /** The trusted roots as certificates, for the expiry-blind chain check of "Off" (lazily parsed). */
  roots(): readonly X509Certificate[];
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM text; throws when it holds none or one does not parse. */
export function splitPem(text: string, source: string): string[] {
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new Error(`${source} holds no PEM certificate`);
  for (const b of blocks) {
    try {
      new X509Certificate(b);
    } catch (err) {
      throw new Error(`${source} holds a certificate that does not parse: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  return blocks.map((b) => `${b}\n`);
}

/**
 * Reads the CA certificates named by SITEWATCH_CA_CERTS: each path is a PEM file (one or more
 * certificates) or a folder, whose `*.pem` / `*.crt` files are read in name order. Throws with the
 * path in the message when a file is missing or holds no certificate, so a typo stops the start.
 */
export function loadCaCerts(paths: readonly string[]): string[] {
  const pems: string[] = [];
  for (const path of paths) {
    const files = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((f) => /\.(pem|crt)$/i.test(f))
          .sort()
          .map((f) => join(path, f))
      : [path];
    if (files.length === 0) throw new Error(`${path} has no .pem or .crt file`);
    for (const file of files) pems.push(...splitPem(readFileSync(file, 'utf8'), file));
  }
  return pems;
}

/** Trust built from `extraCa` (PEM) besides Node's roots. */
export function createTrust(extraCa: readonly string[] = []): Trust {
  let roots: X509Certificate[] | undefined;
  const ca = [...rootCertificates, ...extraCa];
  return {
    ca,
    extra: [...extraCa],
    context: extraCa.length ? createSecureContext({ ca }) : undefined,
    roots: () => (roots ??= ca.map((p) => new X509Certificate(p))),
  };
}

/** Node's roots only: what a check uses when the composition root configured nothing. */
export const SYSTEM_TRUST: Trust = createTrust();
