import type { ObjectResult } from '../../assertions/fullpage.ts';
import type { CheckContext } from '../types.ts';
import { HttpFailure } from './errors.ts';
import { fetchFollowing } from './follow.ts';
import type { ConnectTls } from './connect.ts';

/** Objects fetched at once: a browser opens ~6 connections per host; 4 keeps a 2-core agent fair to its other checks. */
export const OBJECT_CONCURRENCY = 4;

/** Bytes read of one embedded object (counted, not kept): 100 objects stay within 200 MiB. */
export const OBJECT_READ_BYTES = 2 * 1024 * 1024;

/** The full-page fields of a web monitor (monitors/web.ts FULLPAGE_FIELDS). */
export interface FullpageConfig {
  check_fullpage_missing_objects?: boolean;
  check_fullpage_object_sizes?: boolean;
  /** Seconds per object. */
  fullpage_object_timeout?: number;
  /** -1: not a full-page monitor (AlertSite's JSON API rule). */
  interval_fullpage?: number;
}

/** Objects are fetched when the monitor is full-page (interval_fullpage ≠ -1) or checks objects. */
export function isFullpage(cfg: FullpageConfig): boolean {
  return (
    cfg.check_fullpage_missing_objects === true ||
    cfg.check_fullpage_object_sizes === true ||
    (typeof cfg.interval_fullpage === 'number' && cfg.interval_fullpage !== -1)
  );
}

async function fetchObject(
  url: URL,
  ctx: CheckContext,
  tls: ConnectTls,
  timeoutMs: number,
): Promise<ObjectResult> {
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
  const start = ctx.now();
  try {
    const res = await fetchFollowing({ url, method: 'GET', headers: {} }, ctx, {
      tls,
      signal,
      bodyLimit: 0,
      readLimit: OBJECT_READ_BYTES,
    });
    return {
      url: url.href,
      status: res.status,
      statusText: res.statusText,
      bytes: res.bodyBytes,
      // An object read only in part cannot be compared with its declared size.
      declaredLength: res.truncated ? null : res.declaredLength,
      ms: res.totalMs,
    };
  } catch (err) {
    // The check's own deadline ends the whole run (status 2), not just this object.
    if (ctx.signal.aborted || !(err instanceof HttpFailure)) throw err;
    return {
      url: url.href,
      bytes: err.partial?.bytes ?? 0,
      declaredLength: err.partial?.declaredLength ?? null,
      ms: ctx.now() - start,
      failure: { code: err.code, message: err.message },
    };
  }
}

/** Fetches every object with bounded concurrency, each under its own timeout; results in input order. */
export async function fetchObjects(
  urls: readonly URL[],
  ctx: CheckContext,
  tls: ConnectTls,
  timeoutMs: number,
): Promise<ObjectResult[]> {
  const results: ObjectResult[] = new Array(urls.length);
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const i = next++;
      results[i] = await fetchObject(urls[i]!, ctx, tls, timeoutMs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(OBJECT_CONCURRENCY, urls.length) }, worker));
  return results;
}
