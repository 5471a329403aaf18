import {
  judgeWebsite,
  type PageFacts,
  type WebObservation,
  type WebRules,
} from '../../assertions/website.ts';
import { createTrust, SYSTEM_TRUST, type Trust } from '../trust.ts';
import { defineExecutor, type CheckContext, type CheckExecutor, type CheckInput } from '../types.ts';
import type { ConnectTls } from './connect.ts';
import { HttpFailure } from './errors.ts';
import { fetchFollowing, type FollowedResponse } from './follow.ts';
import { fetchObjects, isFullpage, type FullpageConfig } from './fullpage.ts';
import { extractObjects } from './objects.ts';
import { bodyText } from './request.ts';
import { sslVersions } from './ssl-version.ts';
import { basicAuth, failureMessage } from './auth.ts';

// `website` / `website-ssl`: GET a page (redirects, TLS, body decoded as a browser would), and in
// full-page mode its embedded objects. Observes only; src/assertions/website.ts judges.

/** Decoded page bytes searched for the keyword; reading stops there (info_msg says so). */
export const PAGE_BODY_LIMIT = 4 * 1024 * 1024;

/** The fields of `website` / `website-ssl` the check reads (monitors/web.ts). */
interface WebConfig extends WebRules, FullpageConfig {
  url: string;
  http_basic_auth_username?: string;
  /** Sealed. */
  http_basic_auth_password?: string | null;
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

function facts(page: FollowedResponse): PageFacts {
  return {
    url: page.url.href,
    host: page.url.host,
    status: page.status,
    statusText: page.statusText,
    text: bodyText(page),
    bodyBytes: page.bodyBytes,
    decodedBytes: page.decodedBytes,
    encoding: page.encoding,
    truncated: page.truncated,
    limitBytes: PAGE_BODY_LIMIT,
    redirects: page.redirects,
    target: page.target,
    totalMs: page.totalMs,
    phases: page.phases,
    ...(page.cert
      ? { cert: { notAfter: page.cert.notAfter, subject: page.cert.subject, issuer: page.cert.issuer } }
      : {}),
  };
}

async function observeWeb(
  input: CheckInput,
  ctx: CheckContext,
  own: Trust | undefined,
): Promise<WebObservation> {
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
  let res: FollowedResponse;
  try {
    res = await fetchFollowing({ url, method: 'GET', headers }, ctx, {
      tls,
      signal: ctx.signal,
      bodyLimit: PAGE_BODY_LIMIT,
    });
  } catch (err) {
    if (!(err instanceof HttpFailure)) throw err;
    const message = failureMessage(err, url, input.timeoutMs);
    return { ok: false, failure: { code: err.code, message, elapsedMs: err.elapsedMs, phases: err.phases } };
  }
  const page = facts(res);
  // Objects of a page that already failed by its status would not change the verdict.
  if (!isFullpage(cfg) || res.status >= 400) return { ok: true, page };
  const started = ctx.now();
  try {
    const objects = await fetchObjects(
      extractObjects(page.text, res.url),
      ctx,
      tls,
      (cfg.fullpage_object_timeout ?? 10) * 1000,
    );
    return { ok: true, page, objects, fullpageMs: res.totalMs + (ctx.now() - started) };
  } catch (err) {
    if (!ctx.signal.aborted) throw err;
    const fullpageMs = ctx.now() - started + res.totalMs;
    return { ok: true, page, fullpageMs, objectsTimedOutAfterS: input.timeoutMs / 1000 };
  }
}

/** The `website` / `website-ssl` executor, trusting `extraCa` (else ctx.trust) besides Node's roots. */
export function createHttpExecutor(opts: HttpExecutorOptions = {}): CheckExecutor {
  const trust = opts.extraCa ? createTrust(opts.extraCa) : undefined;
  return defineExecutor<WebObservation>({
    kind: 'http',
    types: ['website', 'website-ssl'],
    observe: (input, ctx) => observeWeb(input, ctx, trust),
    judge: (input, obs, now) =>
      judgeWebsite(obs, input.config as unknown as WebRules, input.type === 'website-ssl', now),
  });
}

/** GET a page (redirects, status, keyword, TLS, full-page objects): the default executor. */
export const httpExecutor: CheckExecutor = createHttpExecutor();
