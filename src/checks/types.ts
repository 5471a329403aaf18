import type { Logger } from 'pino';
import type { SecretBox } from '../auth/secret-box.ts';
import type { EgressPolicy } from './egress.ts';
import type { Trust } from './trust.ts';
import type { Verdict } from '../assertions/verdict.ts';

export type { Phases, StepVerdict, Verdict } from '../assertions/verdict.ts';

/** What one check runs: a monitor (or an ad-hoc test) at one location. */
export interface CheckInput {
  /** null for ad-hoc tests (`GET /tests?url=`). */
  monitorId: number | null;
  accountId: number;
  /** AlertSite monitor type (`website`, `tcp`, …): the registry key. */
  type: string;
  name: string;
  /** The monitor's type-specific fields (monitors.config); secrets are sealed: open with ctx.secrets. */
  config: Record<string, unknown>;
  /** DéjàClick/SoapUI/Selenium script, when the type has one. */
  script: string | null;
  /** The monitor's timeout; ctx.signal already aborts at this deadline. */
  timeoutMs: number;
  location: { id: number; name: string };
}

/** What an executor may use; it never touches the store. */
export interface CheckContext {
  /** Aborts at the check's deadline (and on shutdown). */
  signal: AbortSignal;
  /** Epoch ms from the injected clock. */
  now(): number;
  log: Logger;
  /** Every outbound connection goes through this, redirects included. */
  egress: EgressPolicy;
  /** Opens sealed secrets of the config. */
  secrets: SecretBox;
  /** CAs every TLS connection of the check trusts (SITEWATCH_CA_CERTS); absent = Node's roots only. */
  trust?: Trust;
}

/**
 * One kind of check (design.md "checks"): what the engine calls. Build it with defineExecutor from
 * an `observe` (the I/O) and a `judge` (src/assertions/, pure), so the line between them is drawn once.
 */
export interface CheckExecutor {
  /** The executor's name: its folder or file under checks/ (`http` ↔ checks/http/executor.ts). */
  readonly kind: string;
  /** Monitor types it runs. */
  readonly types: readonly string[];
  /** Never throws for target failures: they become a Verdict; throwing means an internal error (21). */
  run(input: CheckInput, ctx: CheckContext): Promise<Verdict>;
}

/**
 * An executor in its two halves: `observe` gathers what the target showed (timings, status,
 * headers, body within limits, certificate, steps) and never decides a status; `judge` (from
 * src/assertions/) turns that observation into the Verdict, with no I/O, so it is tested without a
 * network and can judge a stored observation again.
 */
export interface ObservingExecutor<O> extends CheckExecutor {
  /** Contacts the target; throws only for internal errors (runCheck: 21). */
  observe(input: CheckInput, ctx: CheckContext): Promise<O>;
  /** Pure: the observation against the monitor's config, at `now` (epoch ms). */
  judge(input: CheckInput, observation: O, now: number): Verdict;
}

/** An executor whose `run` is `judge(observe())`: what runCheck and the engine call. */
export function defineExecutor<O>(parts: Omit<ObservingExecutor<O>, 'run'>): ObservingExecutor<O> {
  return {
    ...parts,
    run: async (input, ctx) => parts.judge(input, await parts.observe(input, ctx), ctx.now()),
  };
}
