import type { Browser } from 'playwright-core';
import { openEgressGate } from './browser/gate.ts';
import { judgePage } from './browser/judge.ts';
import { loadPage } from './browser/load.ts';
import { failed } from './failures.ts';
import type { CheckContext, CheckExecutor, CheckInput, Verdict } from './types.ts';

/** Options of the browser executor, set by the composition root (or a test). */
export interface BrowserOptions {
  /** Chromium binary; default Debian's `/usr/bin/chromium` (never `playwright install`). */
  executablePath?: string;
}

/** Debian's Chromium; .ci/run installs it. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

// Flags keep Chromium from talking to anything but the page: no QUIC (it would skip the proxy's
// TCP tunnels), no background updates, sync or first-run traffic. --no-sandbox because the agent
// often runs as root in a container, where Chromium's sandbox cannot start.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // WebRTC opens UDP sockets of its own, outside the proxy, so a page could reach any address
  // (a STUN packet to 127.0.0.1 did): only proxied traffic is allowed (docs/compatibility.md §12).
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
  // Name resolution belongs to the proxy (which checks every address) too.
  '--dns-prefetch-disable',
];

/**
 * One browser per run: launching costs about 1 s here, and nothing (cookies, cache, a crashed
 * renderer, a leaked process) survives from one check to the next. playwright's launch() gives
 * each browser a fresh temporary user-data dir and removes it on close.
 */
async function launch(opts: BrowserOptions, proxyUrl: string, timeoutMs: number): Promise<Browser> {
  // Loaded on first use: playwright-core adds ~90 MB to a process that may never run a browser check.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: opts.executablePath ?? CHROMIUM_PATH,
    headless: true,
    timeout: Math.max(1, timeoutMs),
    // <-loopback> removes Chromium's implicit bypass, so loopback targets are proxied (and judged) too.
    args: [...FLAGS, `--proxy-server=${proxyUrl}`, '--proxy-bypass-list=<-loopback>'],
  });
}

async function loadInBrowser(input: CheckInput, ctx: CheckContext, opts: BrowserOptions): Promise<Verdict> {
  const url = String(input.config.url ?? '');
  // One page load is one step: step_timeout (seconds) caps it when shorter than the monitor's timeout.
  const stepMs = typeof input.config.step_timeout === 'number' ? input.config.step_timeout * 1000 : Infinity;
  const budgetMs = Math.min(input.timeoutMs, stepMs);
  const deadlineAt = ctx.now() + budgetMs;
  let host: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
    host = u.hostname;
  } catch {
    return failed('BROWSER_FAILED', `page URL ${JSON.stringify(url)} is not an http(s) URL`);
  }
  const gate = await openEgressGate(ctx);
  let browser: Browser | null = null;
  // The deadline closes the browser, which ends whatever it was waiting for.
  const stop = () => void browser?.close().catch(() => {});
  ctx.signal.addEventListener('abort', stop, { once: true });
  try {
    // Judge the main host before spending a browser launch on it.
    const main = await gate.check(host);
    if (!main.ok)
      return failed(main.refused ? 'EGRESS_REFUSED' : 'DNS_FAILED', `page ${url}: ${main.reason}`);
    browser = await launch(opts, gate.proxyUrl, deadlineAt - ctx.now());
    const seen = await loadPage(browser, url, gate, ctx, deadlineAt, budgetMs);
    const verdict = judgePage(seen);
    const step = {
      step_number: 1,
      step_name: `Load ${url}`,
      status: verdict.status,
      info_msg: verdict.info_msg,
    };
    return {
      ...verdict,
      steps: [{ ...step, response_time: verdict.responseMs === null ? null : verdict.responseMs / 1000 }],
    };
  } catch (err) {
    if (ctx.signal.aborted)
      return failed('TIMEOUT', `page ${url} did not finish loading within ${input.timeoutMs / 1000} s`);
    throw err;
  } finally {
    ctx.signal.removeEventListener('abort', stop);
    await browser?.close().catch(() => {});
    await gate.close();
  }
}

/** Builds the real-browser executor (`dejaclick` with a `url`: a full page load in Chromium). */
export function createBrowserExecutor(opts: BrowserOptions = {}): CheckExecutor {
  return {
    kind: 'browser',
    types: ['dejaclick'],
    run: (input, ctx) => loadInBrowser(input, ctx, opts),
  };
}

/** The browser executor with Debian's Chromium. */
export const browserExecutor: CheckExecutor = createBrowserExecutor();
