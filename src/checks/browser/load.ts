import type { Browser, Page, Request, Route } from 'playwright-core';
import type { CheckContext, Phases } from '../types.ts';
import type { EgressGate } from './gate.ts';
import type { FailedRequest, PageObservation } from './judge.ts';

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  } catch {
    return '';
  }
};

/** The fields of PerformanceNavigationTiming we read (the DOM lib is not in this project's types). */
interface NavTiming {
  startTime: number;
  requestStart: number;
  responseStart: number;
  responseEnd: number;
  loadEventEnd: number;
}

/** Navigation timing of the main document, read inside the page after the load event. */
async function timing(page: Page): Promise<{ loadMs: number; phases: Phases } | null> {
  // toJSON(): the timing fields are prototype getters, which evaluate() would not copy.
  const nav = await page.evaluate<NavTiming | undefined>(
    "performance.getEntriesByType('navigation')[0]?.toJSON()",
  );
  if (!nav || nav.loadEventEnd <= 0) return null;
  const ms = (v: number) => Math.max(0, Math.round(v));
  return {
    loadMs: ms(nav.loadEventEnd - nav.startTime),
    phases: {
      firstByte: ms(nav.responseStart - nav.requestStart),
      download: ms(nav.responseEnd - nav.responseStart),
    },
  };
}

/**
 * Loads `url` in a fresh context of `browser` until the load event or `deadlineAt`, routing every
 * request through the gate: a host the egress policy refuses is aborted in the browser (and
 * reported); the gate's proxy refuses it again at the connection, whatever the route missed.
 */
export async function loadPage(
  browser: Browser,
  url: string,
  gate: EgressGate,
  ctx: CheckContext,
  deadlineAt: number,
  timeoutMs: number,
): Promise<PageObservation> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const blocked: FailedRequest[] = [];
  const failedReqs: FailedRequest[] = [];
  const pending = new Set<Request>();
  let requests = 0;
  let lastNav = url;

  await context.route('**/*', async (route: Route) => {
    const reqUrl = route.request().url();
    if (!/^(https?|wss?):/i.test(reqUrl)) return route.continue();
    const verdict = await gate.check(hostOf(reqUrl));
    if (verdict.ok) return route.continue();
    blocked.push({ url: reqUrl, reason: verdict.reason });
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('request', (r) => {
    requests++;
    pending.add(r);
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) lastNav = r.url();
  });
  page.on('requestfinished', (r) => pending.delete(r));
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request() !== undefined)
      failedReqs.push({ url: res.url(), reason: `HTTP ${res.status()} ${res.statusText()}`.trim() });
  });
  page.on('requestfailed', (r) => {
    pending.delete(r);
    if (blocked.some((b) => b.url === r.url())) return;
    failedReqs.push({ url: r.url(), reason: r.failure()?.errorText ?? 'failed' });
  });

  const obs: PageObservation = {
    url,
    finalHost: hostOf(url),
    mainStatus: null,
    mainStatusText: '',
    mainError: null,
    mainRefused: false,
    timedOut: false,
    timeoutMs,
    loadMs: 0,
    requests: 0,
    failed: failedReqs,
    blocked,
    pending: [],
    phases: {},
  };
  const started = ctx.now();
  try {
    const res = await page.goto(url, { waitUntil: 'load', timeout: Math.max(1, deadlineAt - ctx.now()) });
    obs.loadMs = ctx.now() - started;
    if (res) {
      obs.mainStatus = res.status();
      obs.mainStatusText = res.statusText();
      lastNav = res.url();
    }
    const t = await timing(page).catch(() => null);
    if (t) Object.assign(obs, t);
  } catch (err) {
    const e = err as Error;
    obs.timedOut = e.name === 'TimeoutError' || ctx.signal.aborted;
    obs.mainError = /net::ERR_\w+/.exec(e.message)?.[0] ?? e.message.split('\n')[0] ?? 'navigation failed';
  }
  obs.finalHost = hostOf(lastNav);
  obs.mainRefused = gate.refused.has(obs.finalHost);
  obs.requests = requests;
  // The main document's own error status is the verdict, not a failed subresource.
  obs.failed = failedReqs.filter((f) => f.url !== lastNav);
  obs.pending = [...pending].map((r) => r.url());
  await context.close().catch(() => {});
  return obs;
}
