import type { SecretBox } from '../auth/secret-box.ts';
import { invalid } from '../domain/errors.ts';
import type { Db } from '../store/db.ts';
import { defaultLocationId, usableLocationIds } from '../store/locations.ts';
import { existingPropertyValues } from '../store/monitors.ts';
import { ALERT_NOTE_MAX, COMMON_CONFIG_DEFAULTS, NON_CONFIG_FIELDS } from './common.ts';
import { sealFields } from './rules.ts';
import { sealUrlPassword } from './url-secret.ts';
import type { Config, MonitorTypeSpec } from './types.ts';

// Turns a validated create or PATCH body into what is stored, applying every rule that needs
// more than the schema. Nothing here writes: a body that breaks a rule changes nothing.

/** A create or PATCH body after schema validation (unknown and read-only fields already gone). */
export type MonitorBody = Config & {
  locations?: { id: number }[];
  home_location?: number;
  custom_properties?: { id: number; value_id: number }[];
  script?: string;
};

/** The body's fields that live in `config` (type fields plus the common ones kept there). */
export function configFields(body: MonitorBody): Config {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !NON_CONFIG_FIELDS.has(k)));
}

/**
 * The config to store: `base` (defaults on create, the stored config on PATCH) overlaid with the
 * body, checked by the type's rules, secrets sealed. `script` is the script the monitor will have.
 */
export function buildConfig(
  spec: MonitorTypeSpec,
  body: MonitorBody,
  previous: Config | null,
  script: string | null,
  box: SecretBox,
): Config {
  const base = previous ?? { ...COMMON_CONFIG_DEFAULTS, ...structuredClone(spec.defaults) };
  const config: Config = { ...base, ...configFields(body) };
  // Longer notes are cut, not refused (docs/alertsite-v3.md §4.6).
  if (typeof config.alert_note === 'string') config.alert_note = config.alert_note.slice(0, ALERT_NOTE_MAX);
  spec.validate?.(config, script);
  sealFields(config, body, previous, spec.secrets, box);
  spec.sealNested?.(config, body, previous, box);
  sealUrlPassword(config, previous, box);
  return config;
}

/**
 * The body with location aliases (AlertSite ids an operator mapped, docs/compatibility.md §7)
 * replaced by the real ids, in `locations` and `home_location`.
 */
export function withRealLocations(body: MonitorBody, real: (id: number) => number): MonitorBody {
  const out = { ...body };
  if (body.locations) out.locations = body.locations.map((l) => ({ ...l, id: real(l.id) }));
  if (body.home_location !== undefined) out.home_location = real(body.home_location);
  return out;
}

/** The `locations` of a body as ids, each usable by the account (docs/compatibility.md §6), in order. */
export async function checkLocations(db: Db, accountId: number, sent: { id: number }[]): Promise<number[]> {
  const ids = sent.map((l) => l.id);
  if (new Set(ids).size !== ids.length) throw invalid('locations', 'lists the same location twice');
  const usable = await usableLocationIds(db, accountId, ids);
  const bad = ids.filter((id) => !usable.has(id));
  if (bad.length > 0)
    throw invalid('locations', `names a location the account cannot use: ${bad.join(', ')}`);
  return ids;
}

/** Locations of a new monitor that sent none: the account's default (docs/compatibility.md §6). */
export async function defaultLocations(db: Db, accountId: number): Promise<number[]> {
  const id = await defaultLocationId(db, accountId);
  if (id === undefined) throw invalid('locations', 'required and is empty (the account has no location)');
  return [id];
}

export function checkHome(home: number, locations: number[]): void {
  if (!locations.includes(home)) throw invalid('home_location', "must be one of the monitor's locations");
}

/** `custom_properties` [{id, value_id}]: a property of the account and one of its values. */
export async function checkProperties(
  db: Db,
  accountId: number,
  sent: { id: number; value_id: number }[],
): Promise<{ property_id: number; value_id: number }[]> {
  if (new Set(sent.map((p) => p.id)).size !== sent.length)
    throw invalid('custom_properties', 'lists the same property twice');
  const found = await existingPropertyValues(
    db,
    accountId,
    sent.map((p) => p.value_id),
  );
  const bad = sent.filter((p) => found.get(p.value_id) !== p.id);
  if (bad.length > 0) {
    throw invalid(
      'custom_properties',
      `names a property or value the account does not have: ${bad.map((p) => `${p.id}/${p.value_id}`).join(', ')}`,
    );
  }
  return sent.map((p) => ({ property_id: p.id, value_id: p.value_id }));
}
