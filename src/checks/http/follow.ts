import type { CheckContext, Phases } from '../types.ts';
import { HttpFailure } from './errors.ts';
import { httpRequest, type HttpRequest, type HttpResponse, type RequestOptions } from './request.ts';

/** Redirects followed before a check fails with 8 (browsers allow ~20; a monitored page needing more than 10 is broken). */
export const MAX_REDIRECTS = 10;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The final response, with the time and phases of every hop added up. */
export interface FollowedResponse extends HttpResponse {
  /** Redirects followed to get here. */
  redirects: number;
}

function addPhases(a: Phases, b: Phases): Phases {
  const out: Phases = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof Phases, number][]) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** The request for the next hop: 303 (and 301/302 after POST, as browsers do) become a bodiless GET. */
function nextHop(req: HttpRequest, status: number, location: URL, firstOrigin: string): HttpRequest {
  const toGet =
    status === 303 ? req.method !== 'HEAD' : (status === 301 || status === 302) && req.method === 'POST';
  const headers = { ...req.headers };
  // Credentials go only to the origin they were configured for, never to where a redirect points.
  if (location.origin !== firstOrigin) delete headers.authorization;
  return toGet ? { url: location, method: 'GET', headers, body: null } : { ...req, url: location, headers };
}

/**
 * Sends `req` and follows up to MAX_REDIRECTS redirects; each hop is a new connection through the
 * egress policy (a redirect to a refused address fails with 20 like the first URL would).
 */
export async function fetchFollowing(
  req: HttpRequest,
  ctx: CheckContext,
  opts: RequestOptions,
): Promise<FollowedResponse> {
  const firstOrigin = req.url.origin;
  let phases: Phases = {};
  let elapsed = 0;
  let current = req;
  for (let hop = 0; ; hop++) {
    let res: HttpResponse;
    try {
      res = await httpRequest(current, ctx, opts);
    } catch (err) {
      if (!(err instanceof HttpFailure) || hop === 0) throw err;
      throw new HttpFailure(
        err.code,
        err.message,
        elapsed + err.elapsedMs,
        addPhases(phases, err.phases),
        err.partial,
      );
    }
    phases = addPhases(phases, res.phases);
    elapsed += res.totalMs;
    const location = res.headers.location;
    if (!REDIRECTS.has(res.status) || typeof location !== 'string') {
      return { ...res, phases, totalMs: elapsed, redirects: hop };
    }
    if (hop === MAX_REDIRECTS) {
      throw new HttpFailure(
        'TOO_MANY_REDIRECTS',
        `more than ${MAX_REDIRECTS} redirects (the last to ${location})`,
        elapsed,
        phases,
      );
    }
    let next: URL;
    try {
      next = new URL(location, current.url);
    } catch {
      throw new HttpFailure(
        'MALFORMED',
        `${current.url.host} redirected to an invalid address: ${location}`,
        elapsed,
        phases,
      );
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new HttpFailure(
        'MALFORMED',
        `${current.url.host} redirected to an unsupported address: ${location}`,
        elapsed,
        phases,
      );
    }
    current = nextHop(current, res.status, next, firstOrigin);
  }
}
