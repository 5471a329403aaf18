import { Type, type TObject, type TProperties, type TSchema } from 'typebox';
import { apiStepsExecutor } from '../checks/http/api-executor.ts';
import { browserExecutor } from '../checks/browser.ts';
import { dnsExecutor } from '../checks/dns.ts';
import { ftpExecutor } from '../checks/ftp.ts';
import { httpExecutor } from '../checks/http/executor.ts';
import { mailExecutor } from '../checks/mail/executor.ts';
import { pingExecutor } from '../checks/ping.ts';
import { roundTripExecutor } from '../checks/mail/round-trip.ts';
import { tcpExecutor } from '../checks/tcp.ts';
import type { CheckExecutor } from '../checks/types.ts';
import { websiteApi, websiteSslApi } from './api-endpoint.ts';
import { COMMON_FIELDS } from './common.ts';
import { emailImap, emailPop, emailRoundTrip, emailSmtp } from './email.ts';
import { ftp, ftpSsl, nameServer, ping, tcp } from './network.ts';
import { bitbar, dejaclick, selenium, serveragent, soapui } from './scripted.ts';
import type { Config, MonitorTypeSpec } from './types.ts';
import { website, websiteSsl } from './web.ts';

// The one table of monitor types: each entry holds a type's API spec (fields, defaults, rules) and
// how sitewatch runs it, an executor or an explicit "API-only". Routes, body schemas, the `type`
// filter, location capabilities, the engine's executors and the `executed` field of a monitor are
// all derived from it. Adding a type is its spec module plus its executor module, joined by one
// line below (docs/architecture.md).

/** One monitor type: its API spec and the executor that runs it. */
export interface RunnableKind {
  readonly spec: MonitorTypeSpec;
  /** Runs monitors of this type (its `types` must name `spec.type`). */
  readonly executor: CheckExecutor;
}

/** A type the API stores, lists and returns but sitewatch never runs (docs/compatibility.md §6). */
export interface ApiOnlyKind {
  readonly spec: MonitorTypeSpec;
  readonly executor: null;
  /** Why it does not run, as `GET /monitors/{id}` says it in `execution_note`. */
  readonly note: string;
}

/** A registry entry. */
export type MonitorKind = RunnableKind | ApiOnlyKind;

const apiOnly = (spec: MonitorTypeSpec, note: string): ApiOnlyKind => ({ spec, executor: null, note });

const KINDS: readonly MonitorKind[] = [
  { spec: website, executor: httpExecutor },
  { spec: websiteSsl, executor: httpExecutor },
  { spec: websiteApi, executor: apiStepsExecutor },
  { spec: websiteSslApi, executor: apiStepsExecutor },
  // Runs only with a url (spec.runsWhen): a script alone is stored, never replayed.
  { spec: dejaclick, executor: browserExecutor },
  apiOnly(soapui, 'Stored but not run: sitewatch has no SoapUI runner.'),
  apiOnly(selenium, 'Stored but not run: sitewatch does not run Selenium scripts.'),
  { spec: tcp, executor: tcpExecutor },
  { spec: ping, executor: pingExecutor },
  { spec: ftp, executor: ftpExecutor },
  { spec: ftpSsl, executor: ftpExecutor },
  { spec: emailImap, executor: mailExecutor },
  { spec: emailPop, executor: mailExecutor },
  { spec: emailSmtp, executor: mailExecutor },
  { spec: emailRoundTrip, executor: roundTripExecutor },
  { spec: nameServer, executor: dnsExecutor },
  apiOnly(bitbar, 'Stored but not run: BitBar monitors need the BitBar cloud.'),
  apiOnly(serveragent, 'Stored but not run: ServerAgent monitors need the AlertSite agent.'),
];

// The executor's own `types` must agree with the entries that name it: a mismatch is a
// programming error, found when the module loads rather than when a check runs.
for (const k of KINDS) {
  if (k.executor && !k.executor.types.includes(k.spec.type))
    throw new Error(`executor ${k.executor.kind} does not declare monitor type ${k.spec.type}`);
}

const KIND_BY_TYPE: ReadonlyMap<string, MonitorKind> = new Map(KINDS.map((k) => [k.spec.type, k]));

/** Every AlertSite monitor type, by its API string. */
export const MONITOR_TYPES: ReadonlyMap<string, MonitorTypeSpec> = new Map(
  KINDS.map((k) => [k.spec.type, k.spec]),
);

/** Type strings, in registry order (the `type` filter's allowed values). */
export const TYPE_NAMES: readonly string[] = KINDS.map((k) => k.spec.type);

/** Types this server runs (docs/compatibility.md §6), as locations advertise them in `capabilities`. */
export const EXECUTED_TYPES: readonly string[] = KINDS.filter((k) => k.executor).map((k) => k.spec.type);

export function monitorType(type: string): MonitorTypeSpec | undefined {
  return KIND_BY_TYPE.get(type)?.spec;
}

/**
 * Executors by the monitor type they run, for `deps.executors`. `only` narrows it to some
 * executors (tests that exercise one of them).
 */
export function executorsByType(only?: readonly CheckExecutor[]): ReadonlyMap<string, CheckExecutor> {
  const map = new Map<string, CheckExecutor>();
  for (const k of KINDS) {
    if (!k.executor) continue;
    // `only` may hold other instances of the same kind (a test's executor with its own trust).
    const chosen = only ? only.find((e) => e.kind === k.executor!.kind) : k.executor;
    if (chosen) map.set(k.spec.type, chosen);
  }
  return map;
}

/** Whether sitewatch runs a monitor, and if not, why; `config` carries `script` for DéjàClick. */
export interface Execution {
  executed: boolean;
  /** null when executed. */
  note: string | null;
}

const NO_URL =
  'Stored but not run: sitewatch does not replay DéjàClick scripts; give the monitor a url to load it in a real browser.';

/** Whether a monitor of `type` with `config` runs here (docs/compatibility.md §6). */
export function executionOf(type: string, config: Config): Execution {
  const kind = KIND_BY_TYPE.get(type);
  if (!kind) return { executed: false, note: `Unknown monitor type ${type}.` };
  if (!kind.executor) return { executed: false, note: kind.note };
  if (kind.spec.runsWhen && !kind.spec.runsWhen(config)) return { executed: false, note: NO_URL };
  return { executed: true, note: null };
}

function withScript(spec: MonitorTypeSpec): TProperties {
  return spec.script?.writable ? { script: spec.fields.script ?? Type.String() } : {};
}

const optional = (props: TProperties) =>
  Object.fromEntries(Object.entries(props).map(([k, v]) => [k, Type.Optional(v as TSchema)]));

/** The body of `POST /monitors/<type>`: common + type fields, `name` and the type's required. */
export function createBody(spec: MonitorTypeSpec): TObject {
  const all: TProperties = { ...COMMON_FIELDS, ...spec.fields, ...withScript(spec) };
  const required = new Set(['name', ...spec.required]);
  return Type.Object(
    Object.fromEntries(
      Object.entries(all).map(([k, v]) => [
        k,
        required.has(k) ? (v as TSchema) : Type.Optional(v as TSchema),
      ]),
    ),
  );
}

/** The body of `PATCH /monitors/<type>/{id}`: every field optional. */
export function patchBody(spec: MonitorTypeSpec): TObject {
  return Type.Object(optional({ ...COMMON_FIELDS, ...spec.fields, ...withScript(spec) }));
}
