import { failed } from '../failures.ts';
import type { Phases, Verdict } from '../types.ts';

/** A request of the page that did not succeed. */
export interface FailedRequest {
  url: string;
  /** `HTTP 404 Not Found`, `net::ERR_CONNECTION_REFUSED`, `refused by the egress policy` … */
  reason: string;
}

/** What one page load in the browser saw. */
export interface PageObservation {
  url: string;
  /** Host of the main document's final URL (after redirects). */
  finalHost: string;
  /** HTTP status of the main document; null when no response arrived. */
  mainStatus: number | null;
  mainStatusText: string;
  /** Navigation error of the main document (`net::ERR_…`), null when it loaded. */
  mainError: string | null;
  /** Whether the main document's host was refused by the egress policy. */
  mainRefused: boolean;
  /** Whether the deadline passed before the load event. */
  timedOut: boolean;
  timeoutMs: number;
  /** ms from navigation start to the load event (navigation timing), else wall clock. */
  loadMs: number;
  requests: number;
  failed: FailedRequest[];
  /** Subresources blocked because the egress policy refused their host. */
  blocked: FailedRequest[];
  /** Requests still unanswered when the deadline passed. */
  pending: string[];
  phases: Phases;
}

const MAX_NAMED = 3;

/** "a, b, c and 2 more": a few URLs a person can read in one line. */
export function nameSome(items: string[]): string {
  const shown = items.slice(0, MAX_NAMED).join(', ');
  return items.length > MAX_NAMED ? `${shown} and ${items.length - MAX_NAMED} more` : shown;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Judges a page load: refused main document 20, timeout 2, navigation failure or HTTP error of
 * the main document 19; otherwise 0, with failed and blocked subresources counted and named (they
 * do not fail the check: the page loaded, the report says what was missing).
 */
export function judgePage(o: PageObservation): Verdict {
  const detail = {
    requests: o.requests,
    failed_requests: o.failed.length,
    blocked_requests: o.blocked.length,
    ...(o.mainStatus !== null ? { http_status: o.mainStatus } : {}),
  };
  const withDetail = (v: Verdict): Verdict => ({ ...v, phases: o.phases, detail });
  if (o.mainRefused)
    return withDetail(
      failed('EGRESS_REFUSED', `page ${o.url} leads to ${o.finalHost}, which the egress policy refuses`),
    );
  if (o.timedOut) {
    const waiting = o.pending.length ? `; still waiting for ${nameSome(o.pending)}` : '';
    return withDetail(
      failed('TIMEOUT', `page ${o.url} did not finish loading within ${o.timeoutMs / 1000} s${waiting}`),
    );
  }
  if (o.mainError)
    return withDetail(failed('BROWSER_FAILED', `page ${o.url} failed to load: ${o.mainError}`));
  if (o.mainStatus !== null && o.mainStatus >= 400) {
    const line = `HTTP ${o.mainStatus} ${o.mainStatusText}`.trim();
    return withDetail(failed('BROWSER_FAILED', `page ${o.url} answered ${line}`, o.loadMs));
  }
  const notes: string[] = [];
  if (o.failed.length)
    notes.push(
      `${plural(o.failed.length, 'request')} failed: ${nameSome(o.failed.map((f) => `${f.url} (${f.reason})`))}`,
    );
  if (o.blocked.length)
    notes.push(
      `${plural(o.blocked.length, 'request')} blocked by the egress policy: ${nameSome(o.blocked.map((f) => f.url))}`,
    );
  const secs = (o.loadMs / 1000).toFixed(2);
  return {
    status: 0,
    info_msg: [`page ${o.url} loaded in ${secs} s (${plural(o.requests, 'request')})`, ...notes].join('; '),
    responseMs: o.loadMs,
    phases: o.phases,
    steps: [],
    detail,
  };
}
