import { judgeCertExpiry } from '../assertions/cert-expiry.ts';
import { judgeObjects } from '../assertions/fullpage.ts';
import { judgeStatus, statusLine } from '../assertions/http-status.ts';
import { judgeKeyword, type KeywordRule } from '../assertions/keyword.ts';
import type { Problem } from '../assertions/problem.ts';
import { FAILURE_STATUS, failed } from './failures.ts';
import type { ConnectTls } from './http/connect.ts';
import { HttpFailure } from './http/errors.ts';
import { fetchFollowing, type FollowedResponse } from './http/follow.ts';
import { fetchObjects, isFullpage, type FullpageConfig } from './http/fullpage.ts';
import { extractObjects } from './http/objects.ts';
import { basicAuth, failureVerdict } from './http/verdict.ts';
import { bodyText } from './http/request.ts';
import { sslVersions } from './http/ssl-version.ts';
import { createTrust, SYSTEM_TRUST, type Trust } from './trust.ts';
import type { CheckContext, CheckExecutor, CheckInput, Verdict } from './types.ts';

/** Decoded page bytes searched for the keyword; reading stops there (info_msg says so). */
export const PAGE_BODY_LIMIT = 4 * 1024 * 1024;

/** "in the first 4 MiB of the page" when the page was longer than what was read. */
function searched(page: FollowedResponse): string {
  return page.truncated ? `in the first ${PAGE_BODY_LIMIT / 1024 / 1024} MiB of the page` : 'on the page';
}

/** The fields of `website` / `website-ssl` the check reads (monitors/web.ts). */
interface WebConfig extends KeywordRule, FullpageConfig {
  url: string;
  http_basic_auth_username?: string;
  /** Sealed. */
  http_basic_auth_password?: string | null;
  check_ssl_expiration_dates?: string;
  use_ssl_version?: number;
}

/** Options of the executor factory. */
export interface HttpExecutorOptions {
  /**
   * Extra CA certificates (PEM) trusted besides Node's roots, instead of `ctx.trust` (which the
   * engine fills from SITEWATCH_CA_CERTS). Tests pass their generated CA here or in the context.
   */
  extraCa?: readonly string[];
}

/** Status, keyword, then (website-ssl) the expiry warning window of the certificate. */
export function judgePage(page: FollowedResponse, cfg: WebConfig, ssl: boolean, now: number): Problem | null {
  return (
    judgeStatus(page.status, page.statusText) ??
    judgeKeyword(bodyText(page), cfg, searched(page)) ??
    (ssl && page.cert
      ? judgeCertExpiry(cfg.check_ssl_expiration_dates ?? 'Expired', page.cert.notAfter, now, page.url.host)
      : null)
  );
}

function pageDetail(page: FollowedResponse): Record<string, string | number | boolean> {
  const detail: Record<string, string | number | boolean> = {
    http_status: page.status,
    url: page.url.href,
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

async function runWeb(input: CheckInput, ctx: CheckContext, own: Trust | undefined): Promise<Verdict> {
  const cfg = input.config as unknown as WebConfig;
  const ssl = input.type === 'website-ssl';
  const url = new URL(cfg.url);
  const tls: ConnectTls = {
    trust: own ?? ctx.trust ?? SYSTEM_TRUST,
    ignoreExpiry: ssl && cfg.check_ssl_expiration_dates === 'Off',
    ...(ssl ? sslVersions(cfg.use_ssl_version) : {}),
  };
  const headers: Record<string, string> = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
  if (cfg.http_basic_auth_username) {
    const sealed = cfg.http_basic_auth_password;
    headers.authorization = basicAuth(cfg.http_basic_auth_username, sealed ? ctx.secrets.open(sealed) : '');
  }
  let page: FollowedResponse;
  try {
    page = await fetchFollowing({ url, method: 'GET', headers }, ctx, {
      tls,
      signal: ctx.signal,
      bodyLimit: PAGE_BODY_LIMIT,
    });
  } catch (err) {
    if (err instanceof HttpFailure) return failureVerdict(err, url, input.timeoutMs);
    throw err;
  }
  const base = { responseMs: page.totalMs, phases: page.phases, steps: [], detail: pageDetail(page) };
  const problem = judgePage(page, cfg, ssl, ctx.now());
  if (problem) return { ...base, status: FAILURE_STATUS[problem.code], info_msg: problem.message };
  if (isFullpage(cfg)) {
    const timeoutS = cfg.fullpage_object_timeout ?? 10;
    const started = ctx.now();
    let objects;
    try {
      objects = await fetchObjects(extractObjects(bodyText(page), page.url), ctx, tls, timeoutS * 1000);
    } catch (err) {
      if (ctx.signal.aborted)
        return {
          ...failed(
            'TIMEOUT',
            `the page's objects did not all load within ${input.timeoutMs / 1000} s`,
            ctx.now() - started + page.totalMs,
          ),
          phases: page.phases,
          detail: base.detail,
        };
      throw err;
    }
    base.detail.objects = objects.length;
    base.detail.object_bytes = objects.reduce((n, o) => n + o.bytes, 0);
    // The page's own phases stay the page's; the full load (page, then its objects) is kept apart.
    base.detail.fullpage_ms = page.totalMs + (ctx.now() - started);
    const flags = {
      missing: cfg.check_fullpage_missing_objects === true,
      sizes: cfg.check_fullpage_object_sizes === true,
      timeoutS,
    };
    const fp = judgeObjects(objects, flags);
    if (fp) return { ...base, status: FAILURE_STATUS[fp.code], info_msg: fp.message };
  }
  const read = page.truncated
    ? ` (read the first ${PAGE_BODY_LIMIT / 1024 / 1024} MiB of a longer body)`
    : '';
  return { ...base, status: 0, info_msg: statusLine(page.status, page.statusText) + read };
}

/** The `website` / `website-ssl` executor, trusting `extraCa` besides Node's roots. */
export function createHttpExecutor(opts: HttpExecutorOptions = {}): CheckExecutor {
  const trust = opts.extraCa ? createTrust(opts.extraCa) : undefined;
  return {
    kind: 'http',
    types: ['website', 'website-ssl'],
    run: (input, ctx) => runWeb(input, ctx, trust),
  };
}

/** GET a page (redirects, status, keyword, TLS, full-page objects): the default executor. */
export const httpExecutor: CheckExecutor = createHttpExecutor();
