import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertStateRow } from '../store/alerts.ts';
import type { RecipientRow } from '../store/recipients.ts';
import type { StatusRow } from '../store/results.ts';
import { decide, type KeyInput } from './policy.ts';

const status = (over: Partial<StatusRow> = {}): StatusRow => ({
  monitor_id: 1,
  location_id: 10,
  account_id: 1,
  last_status: 7,
  last_info_msg: 'HTTP 503',
  last_at: 1000,
  last_response_ms: 10,
  consecutive_errors: 1,
  last_error_at: 1000,
  last_ok_at: 500,
  last_slot: 1000,
  last_warning: 0,
  confirmed: 1,
  ...over,
});

const recipient = (id: number, over: Partial<RecipientRow> = {}): RecipientRow =>
  ({
    id,
    account_id: 1,
    name: `r${id}`,
    method_id: 16,
    recipient: 'http://127.0.0.1/',
    username: null,
    password_sealed: null,
    availability_alert: 1,
    notify_on_clear: 1,
    start_threshold: 1,
    stop_threshold: 10,
    performance_alert: 0,
    ...over,
  }) as RecipientRow;

function input(
  s: StatusRow,
  rs: RecipientRow[],
  states: AlertStateRow[] = [],
  over: Partial<KeyInput> = {},
): KeyInput {
  return {
    status: s,
    states,
    routes: rs.map((recipient) => ({ recipient, templateId: null })),
    recipients: new Map(rs.map((r) => [r.id, r])),
    alertBlackout: false,
    silenced: new Set(),
    clearTemplates: new Map(),
    now: 2000,
    ...over,
  };
}

/** Runs the policy over a sequence of statuses, carrying the state forward like the database. */
function run(seq: StatusRow[], rs: RecipientRow[], over: Partial<KeyInput> = {}) {
  let states: AlertStateRow[] = [];
  const sent: string[] = [];
  const transitions: string[] = [];
  for (const s of seq) {
    const d = decide(input(s, rs, states, over));
    for (const n of d.notices) sent.push(`${n.recipient.id}:${n.dedupKey}`);
    if (d.transition) transitions.push(d.transition);
    if (d.clearState) states = [];
    for (const u of d.upsert) states = [...states.filter((x) => x.recipient_id !== u.recipient_id), u];
  }
  return { sent, transitions };
}

const outage = (n: number) => Array.from({ length: n }, (_, i) => status({ consecutive_errors: i + 1 }));
const ok = status({ last_status: 0, consecutive_errors: 0, confirmed: 0, last_ok_at: 9000 });

describe('alert policy', () => {
  it('notifies from start_threshold, once per error, up to stop_threshold; clears those told', () => {
    const r = run(
      [...outage(5), ok],
      [recipient(1, { start_threshold: 2, stop_threshold: 2 }), recipient(2, { start_threshold: 9 })],
    );
    assert.deepEqual(r.sent, ['1:error:500:2', '1:error:500:3', '1:clear:500']);
    assert.deepEqual(r.transitions, ['down', 'recovered']);
  });

  it('sends nothing for an unconfirmed failure, an internal status, or an OK with no outage', () => {
    assert.deepEqual(
      run([status({ confirmed: 0 }), status({ last_status: 21 }), ok], [recipient(1)]).sent,
      [],
    );
  });

  it('Alert blackout: nothing sent, the outage still announced; Notifier: that recipient only, and no clear for it', () => {
    assert.deepEqual(run([...outage(2), ok], [recipient(1)], { alertBlackout: true }), {
      sent: [],
      transitions: ['down', 'recovered'],
    });
    const r = run([...outage(1), ok], [recipient(1), recipient(2)], { silenced: new Set([1]) });
    assert.deepEqual(r.sent, ['2:error:500:1', '2:clear:500']);
  });

  it('no clear without notify_on_clear', () => {
    assert.deepEqual(run([...outage(1), ok], [recipient(1, { notify_on_clear: 0 })]).sent, ['1:error:500:1']);
  });
});
