import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../domain/errors.ts';
import {
  exclusionRows,
  isFullPage,
  objectiveColumns,
  parseLocalDateTime,
  periodRows,
  roundTo,
} from './rules.ts';

const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ApiError);
    return err.fields;
  }
  assert.fail('expected an ApiError');
};

describe('SLA rules', () => {
  it('rounds on the decimal text, half away from zero', () => {
    assert.equal(roundTo(95.5555, 3), 95.556);
    assert.equal(roundTo(1.005, 2), 1.01); // binary 1.00499… would round down
    assert.equal(roundTo(99.9994, 3), 99.999);
    assert.equal(roundTo(100, 3), 100);
  });

  it('keeps percentages above 0 after rounding and seconds within 0–300', () => {
    assert.deepEqual(objectiveColumns({ availability: 0.0005, response_time: 0 }), {
      availability: 0.001,
      response_time: 0,
    });
    assert.deepEqual(
      fieldsOf(() => objectiveColumns({ availability: 0.0004 })),
      ['availability'],
    );
    assert.deepEqual(
      fieldsOf(() => objectiveColumns({ uptime: 100.0006 })),
      ['uptime'],
    );
    assert.deepEqual(
      fieldsOf(() => objectiveColumns({ response_time: 300.005 })),
      ['response_time'],
    );
    assert.deepEqual(objectiveColumns({ use_fullpage_time: true }), { use_fullpage_time: 1 });
  });

  it('reads local dates in the zone, across DST, and refuses impossible ones', () => {
    assert.equal(parseLocalDateTime('2024-01-15 13:00:00', 'UTC'), Date.UTC(2024, 0, 15, 13));
    assert.equal(parseLocalDateTime('2024-01-15 08:00:00', 'America/New_York'), Date.UTC(2024, 0, 15, 13));
    assert.equal(parseLocalDateTime('2024-07-15 09:00:00', 'America/New_York'), Date.UTC(2024, 6, 15, 13));
    assert.equal(parseLocalDateTime('2023-02-29 00:00:00', 'UTC'), null);
    assert.equal(parseLocalDateTime('2024-01-15 24:00:00', 'UTC'), null);
    assert.equal(parseLocalDateTime('2024-01-15T13:00:00', 'UTC'), null);
  });

  it('builds exclusion rows and names the bad item', () => {
    const ok = (id: number) => id === 10;
    const rows = exclusionRows(
      [{ from_date: '2024-03-10 01:00:00', thru_date: '2024-03-10 03:30:00' }],
      'America/New_York',
      ok,
    );
    // 02:00–03:00 does not exist that night: 2.5 local hours are 1.5 real ones.
    assert.equal(rows[0]!.thru_at - rows[0]!.from_at, 90 * 60_000);
    assert.equal(rows[0]!.location_id, null);
    const ex = { from_date: '2024-01-01 00:00:00', thru_date: '2024-01-02 00:00:00' };
    assert.deepEqual(
      fieldsOf(() => exclusionRows([ex, { ...ex, location_id: 11 }], 'UTC', ok)),
      ['exclusions[1].location_id'],
    );
    assert.deepEqual(
      fieldsOf(() => exclusionRows([{ ...ex, thru_date: ex.from_date }], 'UTC', ok)),
      ['exclusions[0].thru_date'],
    );
  });

  it('accepts week-wrapping periods and refuses empty ones', () => {
    const wrap = { from_day: 7, from_time: '22:00', thru_day: 1, thru_time: '06:00' };
    assert.equal(periodRows([wrap])[0]!.exclude, 0);
    assert.deepEqual(
      fieldsOf(() => periodRows([wrap, { ...wrap, thru_day: 7, thru_time: '22:00' }])),
      ['operating_periods[1]'],
    );
  });

  it('knows full-page monitors by interval_fullpage set and not -1', () => {
    assert.equal(isFullPage('{"interval_fullpage":15}'), true);
    assert.equal(isFullPage('{"interval_fullpage":"30"}'), true);
    assert.equal(isFullPage('{"interval_fullpage":-1}'), false);
    assert.equal(isFullPage('{"interval_fullpage":"-1"}'), false);
    assert.equal(isFullPage('{}'), false);
    assert.equal(isFullPage('not json'), false);
  });
});
