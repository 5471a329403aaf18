import type { FailureCode } from './verdict.ts';
import { FAILURE_STATUS } from './verdict.ts';
import type { Phases, Verdict } from './verdict.ts';
import { judgeCertExpiry } from './cert-expiry.ts';
import { judgeObjects, type ObjectResult } from './fullpage.ts';
import { judgeStatus, statusLine } from './http-status.ts';
import { judgeKeyword, type KeywordRule } from './keyword.ts';
import type { Problem } from './problem.ts';

// The judge of `website` / `website-ssl`: the observation of checks/http/executor.ts against the
// monitor's rules. Pure (no I/O), so every rule is tested without a network.

/** What the page fetch showed. */
export interface PageFacts {
  url: string;
  /** Host (and port) as in the URL, for messages. */
  host: string;
  status: number;
  statusText: string;
  /** The decoded body as text (charset as a browser picks it), at most the read bound. */
  text: string;
  /** Bytes transferred / after decoding; the Content-Encoding; whether reading stopped early. */
  bodyBytes: number;
  decodedBytes: number;
  encoding: string;
  truncated: boolean;
  /** How much decoded text is searched (the read bound), for messages. */
  limitBytes: number;
  redirects: number;
  /** `address:port` contacted. */
  target: string;
  totalMs: number;
  phases: Phases;
  cert?: { notAfter: number; subject: string; issuer: string };
}

/** What one `website` run showed: a transport failure, or a page (and its objects, full-page). */
export type WebObservation =
  | { ok: false; failure: { code: FailureCode; message: string; elapsedMs: number | null; phases: Phases } }
  | {
      ok: true;
      page: PageFacts;
      /** Full-page mode: the embedded objects, page + objects time, or the deadline passing meanwhile. */
      objects?: ObjectResult[];
      fullpageMs?: number;
      objectsTimedOutAfterS?: number;
    };

/** The rules of a web monitor the judge reads (monitors/web.ts). */
export interface WebRules extends KeywordRule {
  check_ssl_expiration_dates?: string;
  check_fullpage_missing_objects?: boolean;
  check_fullpage_object_sizes?: boolean;
  fullpage_object_timeout?: number;
}

const mib = (bytes: number) => `${bytes / 1024 / 1024} MiB`;

/** Status, keyword, then (website-ssl) the expiry warning window of the certificate. */
export function judgePage(page: PageFacts, rules: WebRules, ssl: boolean, now: number): Problem | null {
  const where = page.truncated ? `in the first ${mib(page.limitBytes)} of the page` : 'on the page';
  return (
    judgeStatus(page.status, page.statusText) ??
    judgeKeyword(page.text, rules, where) ??
    (ssl && page.cert
      ? judgeCertExpiry(rules.check_ssl_expiration_dates ?? 'Expired', page.cert.notAfter, now, page.host)
      : null)
  );
}

function pageDetail(page: PageFacts): Record<string, string | number | boolean> {
  const detail: Record<string, string | number | boolean> = {
    http_status: page.status,
    url: page.url,
    address: page.target,
    redirects: page.redirects,
    page_bytes: page.bodyBytes,
    decoded_bytes: page.decodedBytes,
  };
  if (page.encoding) detail.content_encoding = page.encoding;
  if (page.truncated) detail.truncated = true;
  if (page.cert) {
    detail.cert_not_after = new Date(page.cert.notAfter).toISOString();
    detail.cert_subject = page.cert.subject;
    detail.cert_issuer = page.cert.issuer;
  }
  return detail;
}

/** The Verdict of a web monitor's run. */
export function judgeWebsite(obs: WebObservation, rules: WebRules, ssl: boolean, now: number): Verdict {
  if (!obs.ok) {
    const f = obs.failure;
    return {
      status: FAILURE_STATUS[f.code],
      info_msg: f.message,
      responseMs: f.elapsedMs,
      phases: f.phases,
      steps: [],
    };
  }
  const { page } = obs;
  const base = { responseMs: page.totalMs, phases: page.phases, steps: [], detail: pageDetail(page) };
  const problem = judgePage(page, rules, ssl, now);
  if (problem) return { ...base, status: FAILURE_STATUS[problem.code], info_msg: problem.message };
  if (obs.objectsTimedOutAfterS !== undefined) {
    return {
      ...base,
      status: FAILURE_STATUS.TIMEOUT,
      info_msg: `the page's objects did not all load within ${obs.objectsTimedOutAfterS} s`,
      responseMs: obs.fullpageMs ?? page.totalMs,
    };
  }
  if (obs.objects) {
    base.detail.objects = obs.objects.length;
    base.detail.object_bytes = obs.objects.reduce((n, o) => n + o.bytes, 0);
    // The page's own phases stay the page's; the full load (page, then its objects) is kept apart.
    base.detail.fullpage_ms = obs.fullpageMs ?? page.totalMs;
    const fp = judgeObjects(obs.objects, {
      missing: rules.check_fullpage_missing_objects === true,
      sizes: rules.check_fullpage_object_sizes === true,
      timeoutS: rules.fullpage_object_timeout ?? 10,
    });
    if (fp) return { ...base, status: FAILURE_STATUS[fp.code], info_msg: fp.message };
  }
  const read = page.truncated ? ` (read the first ${mib(page.limitBytes)} of a longer body)` : '';
  return { ...base, status: 0, info_msg: statusLine(page.status, page.statusText) + read };
}
