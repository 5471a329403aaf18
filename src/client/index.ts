import createClient, { type Client } from 'openapi-fetch';
import { createTransport, type FetchFn, type Transport, type TransportOptions } from './fetch.ts';
import type { paths } from './openapi.d.ts';

export type { paths } from './openapi.d.ts';
export { createTransport, retryAfterMs, type FetchFn, type TransportOptions } from './fetch.ts';

/** The typed client: `api.GET('/api/v3/monitors', …)` with paths and bodies checked by TypeScript. */
export interface SitewatchClient {
  /** openapi-fetch client over the resilient transport. */
  api: Client<paths>;
  /** Token cache and login counter. */
  transport: Transport;
  /** The server's origin (the URL without `/api/v3`). */
  origin: string;
}

/** `https://host/api/v3/` → `https://host`: users paste the AlertSite base URL. */
export function originOf(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/api\/v3$/, '');
}

/**
 * A client for a sitewatch or AlertSite v3 server at `url` (with or without `/api/v3`), logging
 * in with `username`/`password` (or using `token`), retrying 429/5xx and re-logging in on 401.
 */
export function createSitewatchClient(
  o: Omit<TransportOptions, 'origin'> & { url: string; fetch?: FetchFn },
): SitewatchClient {
  const origin = originOf(o.url);
  const transport = createTransport({ ...o, origin });
  const api = createClient<paths>({ baseUrl: origin, fetch: transport.fetch });
  return { api, transport, origin };
}

/** Every row of a list endpoint, paged with limit/offset through the `{metadata, results}` envelope. */
export async function listAll<T = Record<string, unknown>>(
  client: SitewatchClient,
  path: string,
  query: Record<string, string | number | boolean> = {},
  pageSize = 1000,
): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await request<{ results: T[] }>(client, 'GET', path, {
      query: { ...query, limit: pageSize, offset },
    });
    out.push(...page.results);
    if (page.results.length < pageSize) return out;
  }
}

/** An error answer of the API, with its envelope. */
export class ClientError extends Error {
  constructor(
    /** HTTP status. */
    readonly status: number,
    /** The `{"errors":[…]}` envelope entries, when the body had one. */
    readonly errors: { code?: number; message: string; fields?: string[] }[],
    message: string,
  ) {
    super(message);
  }
}

/**
 * One request on a path built at run time (per-type monitor paths, ids), through the same
 * transport; throws ClientError on a non-2xx answer. Typed calls should prefer `client.api`.
 */
export async function request<T>(
  client: SitewatchClient,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  o: { query?: Record<string, string | number | boolean>; body?: unknown } = {},
): Promise<T> {
  const qs = o.query
    ? `?${new URLSearchParams(Object.entries(o.query).map(([k, v]): [string, string] => [k, String(v)]))}`
    : '';
  const res = await client.transport.fetch(
    new Request(`${client.origin}${path}${qs}`, {
      method,
      headers: o.body === undefined ? {} : { 'content-type': 'application/json' },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    }),
  );
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const errors = (json as { errors?: ClientError['errors'] } | undefined)?.errors ?? [];
    const first = errors[0];
    const msg = first
      ? `${first.fields?.length ? `${first.fields.join(', ')}: ` : ''}${first.message}`
      : `${res.status} ${text.slice(0, 200)}`;
    throw new ClientError(res.status, errors, `${method} ${path}: ${msg}`);
  }
  return json as T;
}
