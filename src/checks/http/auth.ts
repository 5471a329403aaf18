import type { HttpFailure } from './errors.ts';

/** `Authorization: Basic …` (RFC 7617, UTF-8). */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** A transport failure's sentence; a timeout names the deadline rather than an address. */
export function failureMessage(err: HttpFailure, url: URL, timeoutMs: number): string {
  return err.code === 'TIMEOUT'
    ? `no complete answer from ${url.host} within ${timeoutMs / 1000} s`
    : err.message;
}
