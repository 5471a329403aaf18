import { Type, type Static, type TObject, type TProperties, type TSchema } from 'typebox';
import type { FastifyReply } from 'fastify';
import type { Access, Principal } from './plugins/auth.ts';
import { notFound } from '../domain/errors.ts';
import { RawBody } from '../domain/raw-body.ts';
import { storableId } from '../store/ids.ts';
import { listEnvelope, pageOf, project, type Page } from './lists.ts';
import {
  errorResponses,
  GuidParams,
  IdResponse,
  IntIdParams,
  ListEnvelope,
  ListQuery,
  SelectQuery,
} from './schemas/common.ts';
import type { App } from './types.ts';
import type { ResponseCache } from './response-cache.ts';

// Route builders shared by every AlertSite resource: paging, `select`, id parsing, 404s, role
// checks (through `access`), `{"id": "..."}` answers and 204 deletes are written here once.

const JSON_TYPE = 'application/json; charset=utf-8';

/** How a resource names its rows in paths: integer ids, or UUIDs for users. */
export type IdKind = 'int' | 'guid';
type IdOf<K extends IdKind> = K extends 'guid' ? string : number;

const paramsFor = (kind: IdKind) => (kind === 'guid' ? GuidParams : IntIdParams);

function idFrom<K extends IdKind>(kind: K, params: unknown): IdOf<K> {
  const id = (params as { id: string }).id;
  if (kind === 'guid') return id.toLowerCase() as IdOf<K>;
  // A larger id than the column holds names nothing (and PostgreSQL would fail on it).
  if (!storableId(Number(id))) throw notFound();
  return Number(id) as IdOf<K>;
}

/**
 * A `select` answer is a subset of the documented item, so the item's response schema (whose
 * required fields it may leave out) must not serialize it: plain JSON does, the projection having
 * already kept only documented fields.
 */
function projected(reply: FastifyReply, select: string | undefined): void {
  if (select !== undefined) reply.serializer(JSON.stringify);
}

interface Common {
  /** OpenAPI tag (the resource name). */
  tag: string;
  summary: string;
  /** Defaults to `read` for GET, `write` otherwise. */
  access?: Access;
  description?: string;
}

const docs = (o: Common) => ({ tags: [o.tag], summary: o.summary, description: o.description });
const cfg = (o: Common, method: string) => ({ access: o.access ?? (method === 'GET' ? 'read' : 'write') });

/** GET list: filters + limit/offset/select → the list envelope. */
export function listRoute<F extends TProperties>(
  app: App,
  o: Common & {
    path: string;
    item: TSchema;
    filters?: F;
    list(
      p: Principal,
      query: { [K in keyof F]?: unknown } & Record<string, unknown>,
      page: Page,
    ): Promise<{ count: number; rows: object[] }>;
    /**
     * Answers kept serialized in `cache` under the account's `version` (which changes with every
     * write that could change a row), the role (the envelope's acl) and the query.
     */
    cached?: { cache: ResponseCache; version(p: Principal): Promise<string> };
  },
): void {
  const cached = o.cached?.cache.enabled ? o.cached : undefined;
  // Pages of a cached list are written with JSON.stringify: fast-json-stringify's string building
  // degrades past a few hundred rows (measured: 0.9 µs a row at 500, 9–10 µs at 5,000 and 50,000;
  // JSON.stringify 0.7–1.7 µs), and these rows are built field by field, so the schema would
  // drop nothing.
  const plain = o.cached !== undefined;
  app.get(
    o.path,
    {
      config: cfg(o, 'GET'),
      schema: {
        ...docs(o),
        querystring: Type.Object({ ...ListQuery, ...(o.filters ?? {}) }),
        response: { 200: ListEnvelope(o.item), ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const query = req.query as Record<string, unknown> & {
        limit?: number;
        offset?: number;
        select?: string;
      };
      let key: string | undefined;
      if (cached) {
        const p = req.principal;
        key = `${p.accountId}|${p.role}|${await cached.version(p)}|${JSON.stringify(query)}`;
        const hit = cached.cache.get(key);
        // Bytes are sent as they are, not serialized again.
        if (hit !== undefined) return reply.type(JSON_TYPE).send(hit as never);
      }
      const page = pageOf(query);
      const { count, rows } = await o.list(req.principal, query, page);
      const body = listEnvelope(req.principal, page, count, rows, query.select);
      if (!cached || key === undefined) {
        if (plain) reply.serializer(JSON.stringify);
        else projected(reply, query.select);
        return body;
      }
      const bytes = Buffer.from(JSON.stringify(body));
      cached.cache.set(key, bytes);
      return reply.type(JSON_TYPE).send(bytes as never);
    },
  );
}

/** GET one by id, with `select`. */
export function getRoute<K extends IdKind>(
  app: App,
  o: Common & {
    path: string;
    idKind: K;
    item: TSchema;
    query?: TProperties;
    /** The object, or a RawBody for a download. */
    get(p: Principal, id: IdOf<K>, query: Record<string, unknown>): Promise<object>;
  },
): void {
  app.get(
    o.path,
    {
      config: cfg(o, 'GET'),
      schema: {
        ...docs(o),
        params: paramsFor(o.idKind),
        querystring: Type.Object({ ...SelectQuery, ...(o.query ?? {}) }),
        response: { 200: o.item, ...errorResponses(401, 403, 404) },
      },
    },
    async (req, reply) => {
      const query = req.query as Record<string, unknown> & { select?: string };
      const found = await o.get(req.principal, idFrom(o.idKind, req.params), query);
      if (found instanceof RawBody) {
        return reply.headers(found.headers).type(found.contentType).send(Buffer.from(found.body));
      }
      projected(reply, query.select);
      return project(found, query.select);
    },
  );
}

/** POST create → 200 `{"id": "<string>"}`. */
export function createRoute<B extends TObject>(
  app: App,
  o: Common & { path: string; body: B; create(p: Principal, body: Static<B>): Promise<string | number> },
): void {
  app.post(
    o.path,
    {
      config: cfg(o, 'POST'),
      schema: { ...docs(o), body: o.body, response: { 200: IdResponse, ...errorResponses(400, 401, 403) } },
    },
    async (req) => ({ id: String(await o.create(req.principal, req.body as Static<B>)) }),
  );
}

/**
 * PATCH by id (partial) → 200 `{"id": "<string>"}`; `postAlias` also accepts POST (docs/compatibility.md §15).
 * `methods` overrides both, for actions on a row that are POST only (clone).
 */
export function updateRoute<K extends IdKind, B extends TObject>(
  app: App,
  o: Common & {
    path: string;
    idKind: K;
    /** Omitted for actions that take no body (convert-api): any body sent is ignored. */
    body?: B;
    postAlias?: boolean;
    methods?: ('PATCH' | 'POST')[];
    update(p: Principal, id: IdOf<K>, body: Static<B>): Promise<string | number>;
  },
): void {
  const methods: ('PATCH' | 'POST')[] = o.methods ?? (o.postAlias ? ['PATCH', 'POST'] : ['PATCH']);
  app.route({
    method: methods,
    url: o.path,
    config: cfg(o, 'PATCH'),
    schema: {
      ...docs(o),
      params: paramsFor(o.idKind),
      ...(o.body && { body: o.body }),
      response: { 200: IdResponse, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (req) => ({
      id: String(
        await o.update(req.principal, idFrom(o.idKind, req.params), (o.body ? req.body : {}) as Static<B>),
      ),
    }),
  });
}

/** DELETE by id → 204. */
export function deleteRoute<K extends IdKind>(
  app: App,
  o: Common & { path: string; idKind: K; remove(p: Principal, id: IdOf<K>): Promise<void> },
): void {
  app.delete(
    o.path,
    {
      config: cfg(o, 'DELETE'),
      schema: {
        ...docs(o),
        params: paramsFor(o.idKind),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await o.remove(req.principal, idFrom(o.idKind, req.params));
      return reply.code(204).send(null);
    },
  );
}
