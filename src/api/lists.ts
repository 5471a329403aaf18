import { aclFor } from '../domain/roles.ts';
import type { Page } from '../domain/page.ts';
export type { Page } from '../domain/page.ts';
import type { Principal } from '../domain/principal.ts';

/** The most rows one list request returns (docs/compatibility.md §5). */
export const MAX_LIMIT = 5000;

/** Reads `limit`/`offset` (already validated as non-negative integers). */
export function pageOf(query: { limit?: number; offset?: number }): Page {
  const limit = query.limit === undefined ? null : Math.min(query.limit, MAX_LIMIT);
  const offset = query.offset ?? null;
  return { limit: limit ?? MAX_LIMIT, offset: offset ?? 0, echo: { limit, offset } };
}

/** Keeps only the fields named in `select` (case-sensitive; unknown names ignored; empty → {}). */
export function project<T extends object>(obj: T, select: string | undefined): Partial<T> {
  if (select === undefined) return obj;
  const out: Record<string, unknown> = {};
  for (const name of select.split(',')) {
    const key = name.trim();
    if (key && Object.prototype.hasOwnProperty.call(obj, key))
      out[key] = (obj as Record<string, unknown>)[key];
  }
  return out as Partial<T>;
}

/** The `{metadata, results}` envelope of every list. */
export function listEnvelope<T extends object>(
  principal: Principal,
  page: Page,
  count: number,
  rows: T[],
  select: string | undefined,
) {
  return {
    metadata: {
      __permissions: { acl: aclFor(principal.role) },
      resultset: { count, limit: page.echo.limit, offset: page.echo.offset },
    },
    results: select === undefined ? rows : rows.map((r) => project(r, select)),
  };
}
