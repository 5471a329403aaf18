import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pageOf, project } from './lists.ts';

describe('list machinery', () => {
  it('pages: absent limit/offset echo null and fetch at most 5000 rows', () => {
    assert.deepEqual(pageOf({}), { limit: 5000, offset: 0, echo: { limit: null, offset: null } });
    assert.deepEqual(pageOf({ limit: 10, offset: 0 }), {
      limit: 10,
      offset: 0,
      echo: { limit: 10, offset: 0 },
    });
    assert.deepEqual(pageOf({ limit: 9000 }), {
      limit: 5000,
      offset: 0,
      echo: { limit: 5000, offset: null },
    });
  });

  it('projects with select: case-sensitive, unknown names ignored, empty gives {}', () => {
    const row = { id: 1, name: 'a', Name: 'b' };
    assert.deepEqual(project(row, undefined), row);
    assert.deepEqual(project(row, 'name, id,nope'), { name: 'a', id: 1 });
    assert.deepEqual(project(row, ''), {});
    assert.deepEqual(project(row, 'toString,__proto__'), {});
  });
});
