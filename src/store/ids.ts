/** The largest id an INTEGER column holds (PostgreSQL int4). */
export const MAX_ROW_ID = 2_147_483_647;

/**
 * Whether `id` could name a row at all. Ids beyond the column type cannot exist; PostgreSQL would
 * reject them with an error instead of finding nothing, so they are answered before any query.
 */
export const storableId = (id: number) => Number.isSafeInteger(id) && Math.abs(id) <= MAX_ROW_ID;
