import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Kysely, SqliteDialect } from 'kysely';
import BetterSqlite3 from 'better-sqlite3';
import { prepared } from './prepared.ts';

interface DB {
  t: { id: number; name: string; n: number };
}

describe('prepared queries', () => {
  it('compile once and run with fresh parameters, constants kept', async () => {
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    await db.schema
      .createTable('t')
      .addColumn('id', 'integer')
      .addColumn('name', 'text')
      .addColumn('n', 'integer')
      .execute();
    await db
      .insertInto('t')
      .values([
        { id: 1, name: 'a', n: 5 },
        { id: 2, name: 'b', n: 7 },
        { id: 3, name: 'a', n: 0 },
      ])
      .execute();
    const byName = prepared(db, 2, (d, name: string, min: number) =>
      d
        .selectFrom('t')
        .select('id')
        .where('name', '=', name)
        .where('n', '>', min)
        .where('id', '<', 100)
        .orderBy('id'),
    );
    assert.deepEqual(await byName('a', 1), [{ id: 1 }]);
    assert.deepEqual(await byName('a', -1), [{ id: 1 }, { id: 3 }]);
    assert.deepEqual(await byName('b', 6), [{ id: 2 }]);
    assert.throws(() => prepared(db, 1, (d, _unused: string) => d.selectFrom('t').select('id')));
    await db.destroy();
  });
});
