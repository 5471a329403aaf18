import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTimeOfDay, parseDateTime, parseTimeOfDay, resolve, zoneOf } from './local-time.ts';

const naive = (iso: string) => Date.parse(`${iso}Z`);

describe('local time', () => {
  it('parses YYYY-MM-DD HH:MM:SS and rejects dates that do not exist', () => {
    assert.equal(parseDateTime('2024-02-29 23:59:59'), naive('2024-02-29T23:59:59'));
    for (const bad of [
      '2023-02-29 10:00:00',
      '2024-04-31 10:00:00',
      '2024-13-01 10:00:00',
      '2024-00-10 10:00:00',
      '2024-01-01 24:00:00',
      '2024-01-01 10:60:00',
      '2024-01-01 10:00:60',
      '2024-01-01T10:00:00',
      '2024-01-01 10:00',
      ' 2024-01-01 10:00:00',
    ]) {
      assert.equal(parseDateTime(bad), null, bad);
    }
  });

  it('parses hh:mm from 00:00 to 23:59', () => {
    assert.equal(parseTimeOfDay('00:00'), 0);
    assert.equal(parseTimeOfDay('23:59'), 1439);
    assert.equal(parseTimeOfDay('7:05'), 425);
    for (const bad of ['24:00', '12:60', '1200', '12:5', 'noon', '12:00:00']) {
      assert.equal(parseTimeOfDay(bad), null, bad);
    }
    assert.equal(formatTimeOfDay(425), '07:05');
  });

  it('resolves wall times to instants: plain, skipped (moves forward), repeated (first pass)', () => {
    const ny = zoneOf('America/New_York');
    assert.equal(resolve(ny, naive('2024-07-01T12:00:00')), Date.parse('2024-07-01T16:00:00Z'));
    assert.equal(resolve(ny, naive('2024-03-10T02:30:00')), Date.parse('2024-03-10T07:30:00Z'));
    assert.equal(resolve(ny, naive('2024-11-03T01:30:00')), Date.parse('2024-11-03T05:30:00Z'));
    const berlin = zoneOf('Europe/Berlin');
    assert.equal(resolve(berlin, naive('2024-01-15T13:00:00')), Date.parse('2024-01-15T12:00:00Z'));
    assert.equal(resolve(berlin, naive('2024-10-27T02:30:00')), Date.parse('2024-10-27T00:30:00Z'));
    assert.equal(resolve(zoneOf('bogus'), naive('2024-01-15T13:00:00')), naive('2024-01-15T13:00:00'));
  });
});
