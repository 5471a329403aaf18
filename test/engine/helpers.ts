import pino from 'pino';
import type { Principal } from '../../src/api/plugins/auth.ts';
import { bootstrapFirstAccount } from '../../src/accounts/accounts.ts';
import type { CheckExecutor, CheckInput, Verdict } from '../../src/checks/types.ts';
import type { Deps } from '../../src/deps.ts';
import { createEngine, type Engine, type EngineOptions } from '../../src/engine/engine.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { monitorService } from '../../src/monitors/service.ts';
import type { DialectName } from '../../src/store/dialect/types.ts';
import { ManualClock } from '../helpers/clock.ts';
import { dropSchema, isolatedSettings } from '../helpers/db.ts';

/** Two shared locations: 10 "Local" (home by default) and 20 "Remote". */
export const LOCATIONS = JSON.stringify([
  { id: 10, name: 'Local' },
  { id: 20, name: 'Remote' },
]);

/** One call the scripted executor saw. */
export interface Call {
  monitorId: number;
  location: number;
  at: number;
}

/**
 * A deterministic executor for `website`: answers from `script(input, attempt)` (attempt counts
 * calls per monitor and location), else OK in 5 ms. The scheduler is what these tests examine.
 */
export function scriptedExecutor(
  clock: ManualClock,
  script?: (input: CheckInput, attempt: number) => Partial<Verdict> | undefined,
  delayMs = 0,
) {
  const calls: Call[] = [];
  const attempts = new Map<string, number>();
  const executor: CheckExecutor = {
    kind: 'scripted',
    types: ['website'],
    async run(input) {
      const key = `${input.monitorId}:${input.location.id}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      calls.push({ monitorId: input.monitorId!, location: input.location.id, at: clock.now() });
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      const v = script?.(input, attempt) ?? {};
      return { status: 0, info_msg: 'OK', responseMs: 5, phases: {}, steps: [], ...v };
    },
  };
  return { executor, calls };
}

/** A migrated database with the first account, a manual clock, and a test executor map. */
export interface EngineWorld {
  runtime: Runtime;
  deps: Deps;
  clock: ManualClock;
  admin: Principal;
  monitors: ReturnType<typeof monitorService>;
  engine(o?: Partial<EngineOptions>): Engine;
  close(): Promise<void>;
}

// A round minute, so slots are easy to reason about.
export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

export async function engineWorld(
  dialect: DialectName,
  executors: CheckExecutor[] = [],
  clock = new ManualClock(T0),
  settings = isolatedSettings(dialect, { SITEWATCH_LOCATIONS: LOCATIONS }),
): Promise<EngineWorld> {
  const runtime = await createRuntime(settings, { clock, log: pino({ level: 'silent' }) });
  const map = new Map<string, CheckExecutor>();
  for (const ex of executors) for (const t of ex.types) map.set(t, ex);
  const deps: Deps = { ...runtime.deps, executors: map };
  await bootstrapFirstAccount(deps);
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'guid', 'account_id', 'email'])
    .executeTakeFirstOrThrow();
  const admin: Principal = {
    userId: user.id,
    userGuid: user.guid,
    accountId: user.account_id,
    role: 'ADMIN',
    email: user.email,
    tokenDigest: '',
  };
  const engines: Engine[] = [];
  return {
    runtime,
    deps,
    clock,
    admin,
    monitors: monitorService(deps),
    engine(o = {}) {
      const e = createEngine(deps, { locations: [10, 20], pollMs: 10, flushMs: 5, ...o });
      engines.push(e);
      return e;
    },
    async close() {
      for (const e of engines) await e.stop().catch(() => {});
      await runtime.close();
      await dropSchema(settings);
    },
  };
}

/** Runs claim batches until nothing is due; answers how many rows were claimed. */
export async function drain(engine: Engine): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await engine.runOnce();
    total += n;
    if (n === 0) return total;
  }
}

/** A website monitor through the monitor service (so the schedule hook runs). */
export function website(w: EngineWorld, body: Record<string, unknown> = {}): Promise<number> {
  return w.monitors.create(w.admin, 'website', {
    name: `site ${Math.random().toString(36).slice(2, 8)}`,
    url: 'http://127.0.0.1:9/',
    interval: 1,
    locations: [{ id: 10 }],
    ...body,
  });
}

/** Results recorded, oldest first. */
export function results(w: EngineWorld) {
  return w.deps.db.selectFrom('check_results').selectAll().orderBy('started_at').orderBy('id').execute();
}
