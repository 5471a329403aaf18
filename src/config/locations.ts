import { readFileSync } from 'node:fs';
import { ConfigError } from './settings-error.ts';

/** A place checks run from, as the operator configures it (decisions §7). */
export interface LocationConfig {
  id: number;
  name: string;
  region: number;
  country: string;
}

/** The embedded default: one location, id 10, "Local". */
export const DEFAULT_LOCATIONS: LocationConfig[] = [{ id: 10, name: 'Local', region: 1, country: '' }];

/**
 * SITEWATCH_LOCATIONS: a JSON array, inline or in a file (a value that does not start with `[`
 * is read as a path), of `{id, name, region?, country?}`.
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
  return json.map((item: unknown, i) => {
    const o = (item ?? {}) as Record<string, unknown>;
    const { id, name } = o;
    if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0 || id > 2_147_483_647) {
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
    return { id, name: name.trim(), region, country };
  });
}
