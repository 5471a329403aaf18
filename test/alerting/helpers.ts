import type { CheckInput } from '../../src/checks/types.ts';
import { blackoutService } from '../../src/blackouts/service.ts';
import { createDispatcher, type DispatcherOptions } from '../../src/outbox/dispatcher.ts';
import { notifierGroupService } from '../../src/recipients/notifier-groups.ts';
import { recipientService } from '../../src/recipients/recipients.ts';
import type { DialectName } from '../../src/store/dialect/types.ts';
import { ManualClock } from '../helpers/clock.ts';
import { isolatedSettings } from '../helpers/db.ts';
import { drain, engineWorld, LOCATIONS, scriptedExecutor, T0, type EngineWorld } from '../engine/helpers.ts';

export const MINUTE = 60_000;
export const FAIL = { status: 7, info_msg: 'HTTP 503 Service Unavailable', detail: { http_status: 503 } };

/** An engine world whose checks answer from `plans` by monitor name, with loopback egress allowed. */
export interface AlertWorld extends EngineWorld {
  plans: Map<string, (input: CheckInput, attempt: number) => object | undefined>;
  recipients: ReturnType<typeof recipientService>;
  groups: ReturnType<typeof notifierGroupService>;
  blackouts: ReturnType<typeof blackoutService>;
  /** Advances the clock a minute and runs every due check. */
  tick(minutes?: number): Promise<void>;
  /** Delivers everything due now (one dispatcher pass per call until nothing is claimed). */
  deliver(o?: DispatcherOptions): Promise<number>;
  /** Outbox rows, oldest first. */
  outbox(): Promise<
    {
      id: number;
      monitor_id: number;
      recipient_id: number;
      notify_type: string;
      errcount: number;
      state: string;
      dedup_key: string;
      event: string;
      attempts: number;
      last_error: string | null;
    }[]
  >;
}

export async function alertWorld(
  dialect: DialectName,
  env: Record<string, string> = {},
  start = T0,
): Promise<AlertWorld> {
  const clock = new ManualClock(start);
  const plans = new Map<string, (input: CheckInput, attempt: number) => object | undefined>();
  const ex = scriptedExecutor(clock, (input, attempt) => plans.get(input.name)?.(input, attempt));
  const settings = isolatedSettings(dialect, {
    SITEWATCH_LOCATIONS: LOCATIONS,
    SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8,::1/128',
    ...env,
  });
  const w = await engineWorld(dialect, [ex.executor], clock, settings);
  const engine = w.engine();
  return {
    ...w,
    plans,
    recipients: recipientService(w.deps),
    groups: notifierGroupService(w.deps),
    blackouts: blackoutService(w.deps),
    async tick(minutes = 1) {
      for (let i = 0; i < minutes; i++) {
        clock.advance(MINUTE);
        await drain(engine);
      }
    },
    async deliver(o = {}) {
      const d = createDispatcher(w.deps, { attemptTimeoutMs: 2000, ...o });
      let total = 0;
      for (;;) {
        const n = await d.runOnce();
        total += n;
        if (n === 0) return total;
      }
    },
    outbox: () =>
      w.deps.db
        .selectFrom('alert_outbox')
        .select([
          'id',
          'monitor_id',
          'recipient_id',
          'notify_type',
          'errcount',
          'state',
          'dedup_key',
          'event',
          'attempts',
          'last_error',
        ])
        .orderBy('id')
        .execute(),
  };
}
