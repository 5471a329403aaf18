// Table types of migration for blackouts; src/store/schema.ts merges them into Database.

/** Tables of this resource group, by table name. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BlackoutTables {}
