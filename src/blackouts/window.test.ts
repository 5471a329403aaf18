import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blackoutAt, type BlackoutRule, type RecurringRule } from './window.ts';

const utc = (iso: string) => Date.parse(iso.endsWith('Z') ? iso : `${iso}Z`);

function weekly(
  startDay: number,
  startTime: string,
  endDay: number,
  endTime: string,
  id = 1,
  type: RecurringRule['type'] = 'Monitor',
): RecurringRule {
  return { id, type, persistent: true, startDay, startTime, endDay, endTime };
}

/** Asserts, for each UTC instant, whether the rules black it out in `zone`. */
function expectCovered(zone: string, rules: BlackoutRule[], cases: Record<string, boolean>) {
  for (const [iso, want] of Object.entries(cases)) {
    assert.equal(blackoutAt(zone, utc(iso), rules).blackedOut, want, `${zone} ${iso} should be ${want}`);
  }
}

describe('blackout windows: recurring windows in local wall time', () => {
  const sunday1to3 = [weekly(1, '01:00', 1, '03:00')];

  it('an ordinary Sunday in New York (EST, UTC-5)', () => {
    expectCovered('America/New_York', sunday1to3, {
      '2024-03-03T05:59:59': false,
      '2024-03-03T06:00:00': true, // 01:00 EST
      '2024-03-03T08:00:59': true, // 03:00:59 EST, end minute included
      '2024-03-03T08:01:00': false,
    });
  });

  it('New York spring forward: 01:00–03:00 keeps its wall times, one real hour shorter', () => {
    expectCovered('America/New_York', sunday1to3, {
      '2024-03-10T05:59:00': false,
      '2024-03-10T06:00:00': true, // 01:00 EST
      '2024-03-10T06:59:59': true, // 01:59:59 EST, then the clock jumps to 03:00 EDT
      '2024-03-10T07:00:30': true, // 03:00:30 EDT
      '2024-03-10T07:01:00': false, // 03:01 EDT
      // the week after: EDT, so the same wall times are an hour earlier in UTC
      '2024-03-17T04:59:00': false,
      '2024-03-17T05:00:00': true,
      '2024-03-17T07:01:00': false,
    });
  });

  it('New York spring forward: a window inside the skipped hour moves forward by the gap', () => {
    expectCovered('America/New_York', [weekly(1, '02:15', 1, '02:45')], {
      '2024-03-10T07:14:59': false,
      '2024-03-10T07:15:00': true, // 03:15 EDT
      '2024-03-10T07:45:59': true,
      '2024-03-10T07:46:00': false,
    });
  });

  it('New York fall back: 01:00–03:00 covers both passes through 01:xx', () => {
    expectCovered('America/New_York', sunday1to3, {
      '2024-11-03T04:59:59': false,
      '2024-11-03T05:00:00': true, // 01:00 EDT
      '2024-11-03T05:59:00': true, // 01:59 EDT
      '2024-11-03T06:30:00': true, // 01:30 EST, second pass
      '2024-11-03T08:00:59': true, // 03:00:59 EST
      '2024-11-03T08:01:00': false,
    });
  });

  it('New York fall back: a window inside the repeated hour happens once, on the first pass', () => {
    expectCovered('America/New_York', [weekly(1, '01:15', 1, '01:45')], {
      '2024-11-03T05:15:00': true, // 01:15 EDT
      '2024-11-03T05:45:59': true,
      '2024-11-03T05:46:00': false,
      '2024-11-03T06:20:00': false, // 01:20 EST, second pass
    });
  });

  it('Berlin spring forward (02:00 CET → 03:00 CEST)', () => {
    expectCovered('Europe/Berlin', sunday1to3, {
      '2024-03-30T23:59:00': false,
      '2024-03-31T00:00:00': true, // 01:00 CET
      '2024-03-31T00:59:59': true,
      '2024-03-31T01:00:00': true, // 03:00 CEST
      '2024-03-31T01:01:00': false,
    });
  });

  it('Berlin fall back (03:00 CEST → 02:00 CET): the repeated 02:xx hour is covered twice', () => {
    expectCovered('Europe/Berlin', [weekly(1, '02:00', 1, '03:00')], {
      '2024-10-26T23:59:59': false,
      '2024-10-27T00:00:00': true, // 02:00 CEST
      '2024-10-27T01:30:00': true, // 02:30 CET, second pass
      '2024-10-27T02:00:59': true, // 03:00:59 CET
      '2024-10-27T02:01:00': false,
      // an ordinary winter Sunday: 02:00–03:00 CET is 01:00–02:01 UTC
      '2024-11-03T00:59:00': false,
      '2024-11-03T01:00:00': true,
    });
  });

  it('wraps the week: Saturday 22:00 → Sunday 02:00', () => {
    // 2024-01-06 is a Saturday
    expectCovered('UTC', [weekly(7, '22:00', 1, '02:00')], {
      '2024-01-06T21:59:59': false,
      '2024-01-06T22:00:00': true,
      '2024-01-06T23:59:59': true,
      '2024-01-07T00:00:00': true,
      '2024-01-07T02:00:59': true,
      '2024-01-07T02:01:00': false,
      '2024-01-10T12:00:00': false,
      '2024-01-13T22:30:00': true, // the next Saturday
    });
  });

  it('wraps the week across a DST change (New York, Saturday 22:00 → Sunday 03:00)', () => {
    expectCovered('America/New_York', [weekly(7, '22:00', 1, '03:00')], {
      '2024-03-10T02:59:00': false, // Sat 21:59 EST
      '2024-03-10T03:00:00': true, // Sat 22:00 EST
      '2024-03-10T07:00:00': true, // Sun 03:00 EDT
      '2024-03-10T07:01:00': false,
    });
  });

  it('a window ending at 23:59 includes that whole minute and stops at midnight', () => {
    // Friday 00:00 – Saturday 23:59: AlertSite's own weekend example
    expectCovered('UTC', [weekly(6, '00:00', 7, '23:59')], {
      '2024-01-04T23:59:59': false, // Thursday
      '2024-01-05T00:00:00': true, // Friday
      '2024-01-06T23:59:00': true,
      '2024-01-06T23:59:59': true,
      '2024-01-07T00:00:00': false, // Sunday
    });
  });

  it('equal bounds make a whole week; an end before the start on one day wraps almost a week', () => {
    expectCovered('UTC', [weekly(1, '00:00', 7, '23:59')], {
      '2024-01-07T00:00:00': true,
      '2024-01-10T12:00:00': true,
      '2024-01-13T23:59:59': true,
    });
    // Monday 10:00 → the next Monday 09:00
    expectCovered('UTC', [weekly(2, '10:00', 2, '09:00')], {
      '2024-01-08T09:00:59': true,
      '2024-01-08T09:01:00': false,
      '2024-01-08T09:59:59': false,
      '2024-01-08T10:00:00': true,
      '2024-01-12T12:00:00': true,
    });
  });

  it('reads an unknown zone as UTC', () => {
    expectCovered('Nowhere/Atlantis', sunday1to3, {
      '2024-01-07T01:00:00': true,
      '2024-01-07T00:59:00': false,
    });
  });
});

describe('blackout windows: one-time windows and several blackouts', () => {
  const oneTime: BlackoutRule = {
    id: 7,
    type: 'Alert',
    persistent: false,
    fromAt: utc('2024-05-01T10:00:00'),
    thruAt: utc('2024-05-01T12:30:00'),
  };

  it('covers [from, thru): the thru instant is no longer blacked out', () => {
    expectCovered('Europe/Berlin', [oneTime], {
      '2024-05-01T09:59:59.999': false,
      '2024-05-01T10:00:00': true,
      '2024-05-01T12:29:59.999': true,
      '2024-05-01T12:30:00': false,
    });
  });

  it('reports every type and id in force when blackouts overlap', () => {
    const rules: BlackoutRule[] = [
      weekly(4, '11:00', 4, '13:00', 1, 'Monitor'), // 2024-05-01 is a Wednesday
      oneTime,
      { ...oneTime, id: 9, type: 'Monitor' },
      weekly(5, '00:00', 5, '23:59', 3, 'Notifier'),
    ];
    assert.deepEqual(blackoutAt('UTC', utc('2024-05-01T11:30:00'), rules), {
      blackedOut: true,
      types: ['Monitor', 'Alert'],
      ids: [1, 7, 9],
    });
    assert.deepEqual(blackoutAt('UTC', utc('2024-05-01T10:30:00'), rules), {
      blackedOut: true,
      types: ['Monitor', 'Alert'],
      ids: [7, 9],
    });
    assert.deepEqual(blackoutAt('UTC', utc('2024-05-02T08:00:00'), rules), {
      blackedOut: true,
      types: ['Notifier'],
      ids: [3],
    });
    assert.deepEqual(blackoutAt('UTC', utc('2024-05-01T13:01:00'), rules), {
      blackedOut: false,
      types: [],
      ids: [],
    });
    assert.deepEqual(blackoutAt('UTC', 0, []), { blackedOut: false, types: [], ids: [] });
  });
});
