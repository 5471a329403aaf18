import { Type } from 'typebox';
import { realLocationId } from '../../../config/locations.ts';
import type { Deps } from '../../../deps.ts';
import { notFound } from '../../../domain/errors.ts';
import { EXECUTED_TYPES } from '../../../monitors/registry.ts';
import { getLocation, listLocations, type LocationRow } from '../../../store/locations.ts';
import { isLocationOnline } from '../../../domain/liveness.ts';
import { getRoute, listRoute } from '../../resource.ts';
import type { App } from '../../types.ts';

const Location = Type.Object(
  {
    id: Type.Optional(Type.Integer()),
    name: Type.Optional(Type.String()),
    region: Type.Optional(Type.Integer({ description: "AlertSite's numeric region code." })),
    country: Type.Optional(Type.String()),
    is_private: Type.Optional(Type.Boolean()),
    online: Type.Optional(Type.Boolean()),
    capabilities: Type.Optional(
      Type.Array(Type.String(), { description: 'Monitor types this location runs.' }),
    ),
    aliases: Type.Optional(
      Type.Array(Type.Integer(), {
        description:
          'AlertSite location ids accepted for this one (SITEWATCH_LOCATIONS); sitewatch extension.',
      }),
    ),
  },
  { $id: 'Location' },
);

/**
 * Configured locations run every type this server executes; a worker that joined as a location
 * advertises its own list, of which only the types this server knows count.
 */
function capabilities(row: LocationRow): string[] {
  if (row.source === 'config') return [...EXECUTED_TYPES];
  let declared: unknown;
  try {
    declared = JSON.parse(row.capabilities);
  } catch {
    declared = [];
  }
  return Array.isArray(declared) ? EXECUTED_TYPES.filter((t) => declared.includes(t)) : [];
}

const view = (row: LocationRow, now: number, heartbeatMs: number, aliases: readonly number[]) => ({
  id: row.id,
  name: row.name,
  region: row.region,
  country: row.country,
  is_private: row.is_private === 1,
  online: isLocationOnline(row, now, heartbeatMs),
  capabilities: capabilities(row),
  aliases: row.source === 'config' ? [...aliases] : [],
});

/** /locations: where checks run from (extension, docs/compatibility.md §7). */
export function registerLocations(app: App, deps: Deps): void {
  const configured = deps.settings.locations;
  const aliasesOf = (row: LocationRow) => configured.find((l) => l.id === row.id)?.aliases ?? [];
  app.addSchema(Location);
  const item = Type.Ref('Location');
  listRoute(app, {
    tag: 'locations',
    path: '/locations',
    summary: "List the locations the account may use (shared and the account's private ones)",
    item,
    list: async (p, _q, page) => {
      const { count, rows } = await listLocations(deps.db, p.accountId, page);
      const now = deps.clock.now();
      return {
        count,
        rows: rows.map((r) => view(r, now, deps.settings.engine.heartbeatMs, aliasesOf(r))),
      };
    },
  });
  getRoute(app, {
    tag: 'locations',
    path: '/locations/:id',
    idKind: 'int',
    summary: 'Get one location',
    item,
    get: async (p, id) => {
      // An alias finds the location it stands for (docs/compatibility.md §7).
      const row = await getLocation(deps.db, p.accountId, realLocationId(configured, id));
      if (!row) throw notFound();
      return view(row, deps.clock.now(), deps.settings.engine.heartbeatMs, aliasesOf(row));
    },
  });
}
