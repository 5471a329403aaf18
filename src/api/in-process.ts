import type { FastifyInstance } from 'fastify';

/**
 * A fetch that answers from `app` in this process (Fastify's inject: same routes, validation,
 * services and error envelope as over a socket, without one). The CLI uses it to write into a
 * local database through exactly the code the API runs.
 */
export function inProcessFetch(app: FastifyInstance): (input: Request) => Promise<Response> {
  return async (input) => {
    const url = new URL(input.url);
    const headers: Record<string, string> = {};
    input.headers.forEach((v, k) => (headers[k] = v));
    const payload = input.body ? Buffer.from(await input.arrayBuffer()) : undefined;
    const res = await app.inject({
      method: input.method as 'GET',
      url: url.pathname + url.search,
      headers,
      ...(payload && { payload }),
    });
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) out.append(k, String(one));
    }
    const empty = res.statusCode === 204 || res.statusCode === 304;
    return new Response(empty ? null : res.rawPayload, { status: res.statusCode, headers: out });
  };
}
