import { Type, type TObject, type TProperties, type TSchema } from 'typebox';
import { websiteApi, websiteSslApi } from './api-steps.ts';
import { COMMON_FIELDS } from './common.ts';
import { emailImap, emailPop, emailRoundTrip, emailSmtp } from './email.ts';
import { ftp, ftpSsl, nameServer, ping, tcp } from './network.ts';
import { bitbar, dejaclick, selenium, serveragent, soapui } from './scripted.ts';
import type { MonitorTypeSpec } from './types.ts';
import { website, websiteSsl } from './web.ts';

// The one table of monitor types. Routes, body schemas, the `type` filter, location
// capabilities and (later) the check engine's executors are all keyed on these type strings;
// adding a type is one spec module plus one line here.

const SPECS: readonly MonitorTypeSpec[] = [
  website,
  websiteSsl,
  websiteApi,
  websiteSslApi,
  dejaclick,
  soapui,
  selenium,
  tcp,
  ping,
  ftp,
  ftpSsl,
  emailImap,
  emailPop,
  emailSmtp,
  emailRoundTrip,
  nameServer,
  bitbar,
  serveragent,
];

/** Every AlertSite monitor type, by its API string. */
export const MONITOR_TYPES: ReadonlyMap<string, MonitorTypeSpec> = new Map(SPECS.map((s) => [s.type, s]));

/** Type strings, in registry order (the `type` filter's allowed values). */
export const TYPE_NAMES: readonly string[] = SPECS.map((s) => s.type);

/**
 * Types this server runs (decisions §6), as locations advertise them in `capabilities`. Asked
 * with a URL because DéjàClick runs exactly when the monitor has one.
 */
export const EXECUTED_TYPES: readonly string[] = SPECS.filter((s) =>
  s.executes({ url: 'https://example.com/' }),
).map((s) => s.type);

export function monitorType(type: string): MonitorTypeSpec | undefined {
  return MONITOR_TYPES.get(type);
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
