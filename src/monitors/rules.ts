import { isIP } from 'node:net';
import { invalid } from '../domain/errors.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import type { Config } from './types.ts';

// Checks shared by several monitor types. Each throws `invalid(field, message)` (400 + fields).

const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** A DNS name (labels of letters, digits, hyphens) or an IPv4/IPv6 address. */
export function isHostname(value: string): boolean {
  if (isIP(value) !== 0) return true;
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  return name.length > 0 && name.length <= 253 && name.split('.').every((l) => HOST_LABEL.test(l));
}

export function checkHostname(field: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') throw invalid(field, 'required and is empty');
  if (!isHostname(value)) throw invalid(field, 'must be a host name or an IP address');
}

/** `ipv4` may be empty (resolve by name) or an IPv4 address. */
export function checkIpv4(value: unknown): void {
  if (value === undefined || value === '') return;
  if (typeof value !== 'string' || isIP(value) !== 4) throw invalid('ipv4', 'must be an IPv4 address');
}

/** An absolute URL whose scheme is one of `schemes` (e.g. `['http:']`) and that names a host. */
export function checkUrl(field: string, value: unknown, schemes: readonly string[]): void {
  if (typeof value !== 'string' || value === '') throw invalid(field, 'required and is empty');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(field, 'must be an absolute URL');
  }
  if (!schemes.includes(url.protocol)) {
    throw invalid(field, `must start with ${schemes.map((s) => `${s}//`).join(' or ')}`);
  }
  if (!url.hostname) throw invalid(field, 'must name a host');
}

/** A pattern the check engine will compile: refuse what would not compile now. */
export function checkRegex(field: string, pattern: unknown): void {
  try {
    new RegExp(String(pattern));
  } catch {
    throw invalid(field, 'must be a valid regular expression');
  }
}

/** `port` within 1–65535 (the schema checks the type). */
export function checkPort(field: string, value: unknown): void {
  if (typeof value === 'number' && (value < 1 || value > 65535)) throw invalid(field, 'must be 1 to 65535');
}

/**
 * Seals the secret fields the body sent, into `config`. A secret the body leaves out or sends as
 * null keeps the stored one (clients GET a monitor, see null, and send it back); "" clears it.
 */
export function sealFields(
  config: Config,
  body: Config,
  previous: Config | null,
  fields: readonly string[],
  box: SecretBox,
): void {
  for (const f of fields) {
    const value = body[f];
    if (typeof value === 'string' && value !== '') config[f] = box.seal(value);
    else if (value === '') config[f] = null;
    else config[f] = previous?.[f] ?? null;
  }
}

/** Shows secrets as null: they are never returned in clear. */
export function hideFields(config: Config, fields: readonly string[]): void {
  for (const f of fields) if (f in config) config[f] = null;
}
