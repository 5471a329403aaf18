// The transport under the typed client: bearer token cached and renewed, one transparent
// re-login on 401, and retries with back-off on 429 (honouring Retry-After) and 5xx, as the
// AlertSite token flow prescribes for long-running scripts (docs/compatibility.md §2).

/** A fetch that takes a Request, as openapi-fetch calls it. */
export type FetchFn = (input: Request) => Promise<Response>;

/** How the transport logs in and how patient it is. */
export interface TransportOptions {
  /** Origin of the server, e.g. `https://api.alertsite.com` (no trailing `/api/v3`). */
  origin: string;
  /** Login name and password for POST /api/v3/access-tokens; omitted when `token` is given. */
  username?: string;
  password?: string;
  /** A token to use as-is (no re-login possible without credentials). */
  token?: string;
  /** The underlying fetch (default: global fetch). */
  fetch?: FetchFn;
  /** Retries after a 429, a 5xx or a network error (default 6). */
  retries?: number;
  /** First back-off delay; doubled each retry, with jitter (default 250 ms). */
  baseDelayMs?: number;
  /** Upper bound of any one wait, Retry-After included (default 30 s). */
  maxDelayMs?: number;
  /** Called before each wait, for progress output. */
  onRetry?: (info: { url: string; status: number | 'network'; attempt: number; delayMs: number }) => void;
}

/** The wrapped fetch plus access to the cached token. */
export interface Transport {
  fetch: FetchFn;
  /** The current token, logging in first when there is none. */
  token(): Promise<string>;
  /** How many times the transport logged in (the first login included). */
  logins(): number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retry-After as delta-seconds or an HTTP date, in ms; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Builds the transport; see TransportOptions. */
export function createTransport(o: TransportOptions): Transport {
  const base: FetchFn = o.fetch ?? ((r) => fetch(r));
  const retries = o.retries ?? 6;
  const baseDelay = o.baseDelayMs ?? 250;
  const maxDelay = o.maxDelayMs ?? 30_000;
  let token: { value: string; renewAt: number } | null = o.token
    ? { value: o.token, renewAt: Number.POSITIVE_INFINITY }
    : null;
  let pending: Promise<string> | null = null;
  let loginCount = 0;

  /** One request with retries on 429/5xx/network errors; the body is replayed from bytes. */
  async function withRetries(make: () => Request): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      let res: Response | null = null;
      try {
        res = await base(make());
      } catch (err) {
        if (attempt > retries) throw err;
      }
      if (res && res.status !== 429 && res.status < 500) return res;
      if (res && attempt > retries) return res;
      const backoff = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
      const hinted = res ? retryAfterMs(res.headers.get('retry-after')) : null;
      const delayMs = Math.min(maxDelay, hinted ?? backoff);
      await res?.body?.cancel().catch(() => {});
      const url = make().url;
      o.onRetry?.({ url, status: res ? res.status : 'network', attempt, delayMs });
      await sleep(delayMs);
    }
  }

  async function login(): Promise<string> {
    if (o.username === undefined || o.password === undefined)
      throw new Error('the token was refused and no username/password were given to log in again');
    const body = JSON.stringify({ username: o.username, password: o.password });
    const res = await withRetries(
      () =>
        new Request(`${o.origin}/api/v3/access-tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }),
    );
    const text = await res.text();
    if (res.status !== 200) throw new Error(`login to ${o.origin} failed: ${res.status} ${text}`);
    const issued = JSON.parse(text) as { access_token: string; expires_in?: number };
    loginCount++;
    // Renew a minute early so a long import never sends a token that is about to lapse.
    const ttl = (issued.expires_in ?? 3600) * 1000;
    token = { value: issued.access_token, renewAt: Date.now() + Math.max(ttl - 60_000, ttl / 2) };
    return issued.access_token;
  }

  async function current(): Promise<string> {
    if (token && Date.now() < token.renewAt) return token.value;
    // Concurrent requests share one login.
    pending ??= login().finally(() => (pending = null));
    return pending;
  }

  async function authed(input: Request): Promise<Response> {
    const body = input.body ? await input.arrayBuffer() : undefined;
    const send = (t: string) =>
      withRetries(() => {
        const headers = new Headers(input.headers);
        headers.set('authorization', `Bearer ${t}`);
        return new Request(input.url, { method: input.method, headers, body });
      });
    const used = await current();
    const res = await send(used);
    if (res.status !== 401 || o.username === undefined) return res;
    // Expired or revoked mid-run: log in once more and repeat the request, once.
    await res.body?.cancel().catch(() => {});
    if (token?.value === used) token = null;
    return send(await current());
  }

  return { fetch: authed, token: current, logins: () => loginCount };
}
