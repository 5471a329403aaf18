import type { Principal } from '../domain/principal.ts';
import type { Page } from '../domain/page.ts';
import { forbidden, invalid, notFound } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { isUniqueViolation } from '../store/errors.ts';
import * as store from '../store/status-pages.ts';
import type { PublicPageCache } from './cache.ts';

// Status pages (issue 11): an ADMIN publishes a read-only page of chosen monitors. Decided here:
// every role may read the account's pages (they are public anyway), only the ADMIN (the account
// owner) may create, edit or delete them, since publishing exposes data outside the account.

/** Fields of a status page a client sends. */
export interface StatusPageInput {
  /** Lower-case letters, digits and inner hyphens; the page's address /status/<slug>. */
  slug?: string;
  title?: string;
  description?: string;
  /** Monitor ids of the account, in display order; replaces the list. */
  monitors?: number[];
}

/** A status page as the API shows it. */
export interface StatusPageView {
  id: number;
  slug: string;
  title: string;
  description: string;
  monitors: number[];
  /** Path of the public page. */
  public_url: string;
  /** Path of the public page's JSON. */
  data_url: string;
  created: string;
  updated: string;
}

/** Reserved so that a slug never shadows a sub-path of /status/. */
const RESERVED = new Set(['data', 'assets', 'api']);

const iso = (ms: number) => new Date(Number(ms)).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The API view of a row. */
export function statusPageView(r: store.StatusPageRow): StatusPageView {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    description: r.description,
    monitors: r.monitors,
    public_url: `/status/${r.slug}`,
    data_url: `/status/${r.slug}/data`,
    created: iso(r.created_at),
    updated: iso(r.updated_at),
  };
}

function checkText(field: string, value: string | undefined): void {
  if (value !== undefined && value.trim() === '') throw invalid(field, 'required and is empty');
}

/** CRUD of /status-pages; writes drop the public cache entry of the page they touch. */
export function statusPageService(deps: Deps, cache: PublicPageCache) {
  const { db, clock } = deps;

  async function checkInput(p: Principal, body: StatusPageInput): Promise<void> {
    if (p.role !== 'ADMIN') throw forbidden();
    checkText('title', body.title);
    if (body.slug !== undefined && RESERVED.has(body.slug))
      throw invalid('slug', `"${body.slug}" is reserved`);
    if (body.monitors) {
      if (new Set(body.monitors).size !== body.monitors.length)
        throw invalid('monitors', 'lists a monitor twice');
      const mine = await store.monitorsOfAccount(db, p.accountId, body.monitors);
      const missing = body.monitors.find((id) => !mine.has(id));
      // Another account's monitor looks missing, like any id of another account (§3).
      if (missing !== undefined)
        throw invalid('monitors', `monitor ${missing} is not a monitor of this account`);
    }
  }

  const slugTaken = (slug: string) => invalid('slug', `"${slug}" is already taken`);

  return {
    async list(p: Principal, page: Page) {
      const { count, rows } = await store.listStatusPages(db, p.accountId, page);
      return { count, rows: rows.map(statusPageView) };
    },
    async get(p: Principal, id: number): Promise<StatusPageView> {
      const row = await store.getStatusPage(db, p.accountId, id);
      if (!row) throw notFound();
      return statusPageView(row);
    },
    async create(
      p: Principal,
      body: StatusPageInput & { slug: string; title: string; monitors: number[] },
    ): Promise<number> {
      await checkInput(p, body);
      try {
        const id = await store.insertStatusPage(
          db,
          {
            account_id: p.accountId,
            slug: body.slug,
            title: body.title.trim(),
            description: body.description ?? '',
            at: clock.now(),
          },
          body.monitors,
        );
        cache.drop(body.slug);
        return id;
      } catch (err) {
        if (isUniqueViolation(err)) throw slugTaken(body.slug);
        throw err;
      }
    },
    async update(p: Principal, id: number, body: StatusPageInput): Promise<number> {
      if (p.role !== 'ADMIN') throw forbidden();
      const before = await store.getStatusPage(db, p.accountId, id);
      if (!before) throw notFound();
      await checkInput(p, body);
      try {
        const set = {
          slug: body.slug,
          title: body.title?.trim(),
          description: body.description,
          at: clock.now(),
        };
        if (!(await store.updateStatusPage(db, p.accountId, id, set, body.monitors))) throw notFound();
      } catch (err) {
        if (isUniqueViolation(err)) throw slugTaken(body.slug ?? before.slug);
        throw err;
      }
      cache.drop(before.slug);
      if (body.slug) cache.drop(body.slug);
      return id;
    },
    async remove(p: Principal, id: number): Promise<void> {
      if (p.role !== 'ADMIN') throw forbidden();
      const slug = await store.deleteStatusPage(db, p.accountId, id);
      if (slug === null) throw notFound();
      cache.drop(slug);
    },
  };
}
