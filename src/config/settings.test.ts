import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadSettings } from './settings.ts';

describe('loadSettings', () => {
  it('has the documented defaults', () => {
    const s = loadSettings({}, '/srv');
    assert.equal(s.port, 8080);
    assert.equal(s.host, '0.0.0.0');
    assert.equal(s.dataDir, '/srv/data');
    assert.equal(s.databaseUrl, null);
    assert.equal(s.tokenTtlSeconds, 3600);
    assert.equal(s.tokensPerUser, 100);
    assert.equal(s.bodyLimitBytes, 5 * 1024 * 1024);
    assert.deepEqual(s.login, {
      maxFailures: 10,
      lockSeconds: 60,
      lockMaxSeconds: 900,
      ipPerMinute: 60,
      userPerHour: 100,
      maxCounters: 100_000,
    });
    assert.equal(s.apiRateLimitPerMinute, 1200);
    assert.deepEqual(s.argon2, { memoryKib: 19456, timeCost: 2 });
    assert.deepEqual(s.locations, [{ id: 10, name: 'Local', region: 1, country: '', aliases: [] }]);
  });

  it('names the variable at fault', () => {
    const bad: Record<string, string> = {
      PORT: '70000',
      SITEWATCH_TOKEN_TTL_SECONDS: 'soon',
      DATABASE_URL: 'sqlite://x',
      SITEWATCH_DB_SCHEMA: 'Bad-Name',
      SITEWATCH_ADMIN_EMAIL: 'nobody',
      SITEWATCH_ADMIN_PASSWORD: 'short',
      LOG_LEVEL: 'chatty',
      SITEWATCH_ARGON2_MEMORY_KIB: '1024',
      SITEWATCH_SECRET_KEY: 'dG9vIHNob3J0',
      SITEWATCH_LOCATIONS: '[{"id":"x","name":"A"}]',
      SITEWATCH_TRUST_PROXY: 'proxy.example',
    };
    for (const [name, value] of Object.entries(bad)) {
      assert.throws(
        () => loadSettings({ [name]: value }),
        (e: unknown) => e instanceof ConfigError && e.message.startsWith(name),
        name,
      );
    }
  });

  it('reads the trusted proxies as off, on, a hop count or addresses', () => {
    assert.equal(loadSettings({}).trustProxy, false);
    assert.equal(loadSettings({ SITEWATCH_TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(loadSettings({ SITEWATCH_TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadSettings({ SITEWATCH_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, [
      '10.0.0.0/8',
      '127.0.0.1/32',
    ]);
  });

  it('reads locations inline and rejects duplicates', () => {
    const s = loadSettings({
      SITEWATCH_LOCATIONS: '[{"id":20,"name":"Atlanta, GA","country":"US"},{"id":30,"name":"Fremont"}]',
    });
    assert.deepEqual(s.locations, [
      { id: 20, name: 'Atlanta, GA', region: 1, country: 'US', aliases: [] },
      { id: 30, name: 'Fremont', region: 1, country: '', aliases: [] },
    ]);
    assert.throws(
      () => loadSettings({ SITEWATCH_LOCATIONS: '[{"id":1,"name":"a"},{"id":1,"name":"b"}]' }),
      /twice/,
    );
  });

  it('reads location aliases and refuses ones that clash', () => {
    const s = loadSettings({
      SITEWATCH_LOCATIONS:
        '[{"id":1,"name":"Here","aliases":[10,20,10]},{"id":2,"name":"There","aliases":[62]}]',
    });
    assert.deepEqual(
      s.locations.map((l) => l.aliases),
      [[10, 20], [62]],
    );
    const bad: [string, RegExp][] = [
      ['[{"id":1,"name":"a","aliases":"10"}]', /aliases must be an array/],
      ['[{"id":1,"name":"a","aliases":[1.5]}]', /aliases must be an array/],
      ['[{"id":1,"name":"a","aliases":[2]},{"id":2,"name":"b"}]', /2 is the id of a configured location/],
      [
        '[{"id":1,"name":"a","aliases":[9]},{"id":2,"name":"b","aliases":[9]}]',
        /9 already stands for location 1/,
      ],
    ];
    for (const [value, message] of bad)
      assert.throws(() => loadSettings({ SITEWATCH_LOCATIONS: value }), message, value);
  });
});
