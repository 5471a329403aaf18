import { sql, type SelectQueryBuilder } from 'kysely';

/**
 * Runs a list query as two statements whatever the row count: the total before paging, and one
 * page of rows. `q` carries the filters, selections and ordering.
 */
export async function paged<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  page: { limit: number; offset: number },
): Promise<{ count: number; rows: O[] }> {
  const [total, rows] = await Promise.all([
    q
      .clearSelect()
      .clearOrderBy()
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirst(),
    q.limit(page.limit).offset(page.offset).execute(),
  ]);
  return { count: Number((total as { n?: number } | undefined)?.n ?? 0), rows };
}
