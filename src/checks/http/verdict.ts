import { failed } from '../failures.ts';
import type { Verdict } from '../types.ts';
import type { HttpFailure } from './errors.ts';

/** `Authorization: Basic …` (RFC 7617, UTF-8). */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** A transport failure as a Verdict; a timeout names the deadline rather than an address. */
export function failureVerdict(err: HttpFailure, url: URL, timeoutMs: number): Verdict {
  const message =
    err.code === 'TIMEOUT' ? `no complete answer from ${url.host} within ${timeoutMs / 1000} s` : err.message;
  return { ...failed(err.code, message, err.elapsedMs), phases: err.phases };
}
