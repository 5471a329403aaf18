import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CLIENT_TYPES, generateClientTypes } from '../../scripts/gen-client.ts';

describe('src/client/openapi.d.ts', () => {
  it('is what `npm run gen:client` makes from the current OpenAPI document', async () => {
    const fresh = await generateClientTypes();
    assert.ok(fresh.includes('"/api/v3/monitors"') && fresh.includes('"/api/token"'));
    assert.equal(readFileSync(CLIENT_TYPES, 'utf8'), fresh, 'stale: run `npm run gen:client` and commit');
  });
});
