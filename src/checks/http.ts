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
import { tlsTrust, type TlsTrust } from './http/tls.ts';
import type { CheckContext, CheckExecutor, CheckInput, Verdict } from './types.ts';

/** Page bytes kept for keyword matching; the rest is downloaded and counted, not searched. */
export const PAGE_BODY_LIMIT = 1024 * 1024;

/** The fields of `website` / `website-ssl` the check reads (monitors/web.ts). */
interface WebConfig extends KeywordRule, FullpageConfig {
  url: string;
  http_basic_auth_username?: string;
  /** Sealed. */
  http_basic_auth_password?: string | null;
  check_ssl_expiration_dates?: string;
}

/** Options of the executor factory. */
export interface HttpExecutorOptions {
  /**
   * Extra CA certificates (PEM) trusted besides Node's roots. Tests pass their generated CA;
   * operators can use NODE_EXTRA_CA_CERTS for the default executor instead.
   */
  extraCa?: readonly string[];
}

/** Status, keyword, then (website-ssl) the expiry warning window of the certificate. */
export function judgePage(page: FollowedResponse, cfg: WebConfig, ssl: boolean, now: number): Problem | null {
  return (
    judgeStatus(page.status, page.statusText) ??
    judgeKeyword(bodyText(page), cfg) ??
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
  };
  if (page.cert) {
    detail.cert_not_after = new Date(page.cert.notAfter).toISOString();
    detail.cert_subject = page.cert.subject;
    detail.cert_issuer = page.cert.issuer;
  }
  return detail;
}

async function runWeb(input: CheckInput, ctx: CheckContext, trust: TlsTrust): Promise<Verdict> {
  const cfg = input.config as unknown as WebConfig;
  const ssl = input.type === 'website-ssl';
  const url = new URL(cfg.url);
  const tls: ConnectTls = { trust, ignoreExpiry: ssl && cfg.check_ssl_expiration_dates === 'Off' };
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
  return { ...base, status: 0, info_msg: statusLine(page.status, page.statusText) };
}

/** The `website` / `website-ssl` executor, trusting `extraCa` besides Node's roots. */
export function createHttpExecutor(opts: HttpExecutorOptions = {}): CheckExecutor {
  const trust = tlsTrust(opts.extraCa);
  return {
    kind: 'http',
    types: ['website', 'website-ssl'],
    run: (input, ctx) => runWeb(input, ctx, trust),
  };
}

/** GET a page (redirects, status, keyword, TLS, full-page objects): the default executor. */
export const httpExecutor: CheckExecutor = createHttpExecutor();
