import { readFileSync } from 'node:fs';
import { ConfigError } from './settings-error.ts';

/** A place checks run from, as the operator configures it (docs/compatibility.md §7). */
export interface LocationConfig {
  id: number;
  name: string;
  /** AlertSite's numeric region code (an integer, e.g. 1). */
  region: number;
  country: string;
  /**
   * AlertSite location ids this location stands for (docs/compatibility.md §7): accepted wherever
   * a location id is, answered with `id`, so scripts that hard-code AlertSite's ids keep working.
   */
  aliases: number[];
}

/** The embedded default: one location, id 10, "Local". */
export const DEFAULT_LOCATIONS: LocationConfig[] = [
  { id: 10, name: 'Local', region: 1, country: '', aliases: [] },
];

const isId = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 2_147_483_647;

const ALIASES = new WeakMap<readonly LocationConfig[], ReadonlyMap<number, number>>();

/**
 * The real id of a location id a client sent: the configured location an alias stands for, or
 * the id itself. Every service that takes a location id from a client asks this first.
 */
export function realLocationId(locations: readonly LocationConfig[], id: number): number {
  let map = ALIASES.get(locations);
  if (!map) {
    map = new Map(locations.flatMap((l) => l.aliases.map((a): [number, number] => [a, l.id])));
    ALIASES.set(locations, map);
  }
  return map.get(id) ?? id;
}

/**
 * SITEWATCH_LOCATIONS: a JSON array, inline or in a file (a value that does not start with `[`
 * is read as a path), of `{id, name, region?, country?, aliases?}`. An alias may not be a
 * configured id nor stand for two locations.
 */
export function parseLocations(raw: string | undefined): LocationConfig[] {
  const text = raw?.trim();
  if (!text) return DEFAULT_LOCATIONS;
  let json: unknown;
  try {
    json = JSON.parse(text.startsWith('[') ? text : readFileSync(text, 'utf8'));
  } catch (err) {
    throw new ConfigError(
      `SITEWATCH_LOCATIONS is not a JSON array or a readable JSON file (${(err as Error).message})`,
    );
  }
  if (!Array.isArray(json) || json.length === 0)
    throw new ConfigError('SITEWATCH_LOCATIONS must be a non-empty JSON array');
  const seen = new Set<number>();
  const parsed = json.map((item: unknown, i) => {
    const o = (item ?? {}) as Record<string, unknown>;
    const { id, name } = o;
    if (!isId(id)) {
      throw new ConfigError(`SITEWATCH_LOCATIONS[${i}].id must be a positive integer`);
    }
    if (seen.has(id)) throw new ConfigError(`SITEWATCH_LOCATIONS[${i}].id ${id} is listed twice`);
    seen.add(id);
    if (typeof name !== 'string' || !name.trim())
      throw new ConfigError(`SITEWATCH_LOCATIONS[${i}].name must be a non-empty string`);
    const region = o.region ?? 1;
    if (typeof region !== 'number' || !Number.isInteger(region))
      throw new ConfigError(`SITEWATCH_LOCATIONS[${i}].region must be an integer`);
    const country = o.country ?? '';
    if (typeof country !== 'string')
      throw new ConfigError(`SITEWATCH_LOCATIONS[${i}].country must be a string`);
    const aliases = o.aliases ?? [];
    if (!Array.isArray(aliases) || !aliases.every(isId))
      throw new ConfigError(`SITEWATCH_LOCATIONS[${i}].aliases must be an array of positive integer ids`);
    return { id, name: name.trim(), region, country, aliases: [...new Set(aliases)] };
  });
  const aliasOf = new Map<number, number>();
  parsed.forEach((l, i) => {
    for (const a of l.aliases) {
      if (seen.has(a))
        throw new ConfigError(`SITEWATCH_LOCATIONS[${i}].aliases: ${a} is the id of a configured location`);
      if (aliasOf.has(a))
        throw new ConfigError(
          `SITEWATCH_LOCATIONS[${i}].aliases: ${a} already stands for location ${aliasOf.get(a)}`,
        );
      aliasOf.set(a, l.id);
    }
  });
  return parsed;
}
