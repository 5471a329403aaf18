import type { Logger } from 'pino';
import type { SecretBox } from '../auth/secret-box.ts';
import type { EgressPolicy } from './egress.ts';
import type { Trust } from './trust.ts';

/** Named phases of one request, in milliseconds (blackbox_exporter's split). */
export type Phases = Partial<Record<'dns' | 'connect' | 'tls' | 'firstByte' | 'download', number>>;

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

/** The judged outcome of one API step or browser step. */
export interface StepVerdict {
  step_number: number;
  step_name: string;
  /** Status code of spec/status-codes.md (0 = OK). */
  status: number;
  info_msg: string;
  /** Seconds, 3 decimals; null when the step did not run. */
  response_time: number | null;
  phases?: Phases;
}

/** The judged outcome of one check: what results, reports and alerts record. */
export interface Verdict {
  /** Status code of spec/status-codes.md (0 = OK); src/domain/status-codes.ts has the table. */
  status: number;
  /** What a person reads: "HTTP 503 Service Unavailable", "Connection refused by 10.0.0.5:443". */
  info_msg: string;
  /** Total response time in ms; null when nothing was measured. */
  responseMs: number | null;
  phases: Phases;
  /** Per-step results for multi-step types; [] otherwise. */
  steps: StepVerdict[];
  /** Facts worth keeping: HTTP status, certificate expiry, resolved address, packet loss … */
  detail?: Record<string, string | number | boolean>;
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
