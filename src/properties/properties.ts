import type { Principal } from '../domain/principal.ts';
import { invalid, notFound } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import type { Db } from '../store/db.ts';
import { isUniqueViolation } from '../store/errors.ts';
import * as store from '../store/properties.ts';
import type { NewProperty, PropertyPatch, PropertyView } from './schema.ts';

export type { NewProperty, PropertyPatch, PropertyView };

const NAME_TAKEN = 'a property with this name already exists';

function checkName(name: string): void {
  if (name.trim() === '') throw invalid('name', 'required and is empty');
}

/** Value names: non-empty and unique within the property, ignoring case (they label a choice). */
function checkValueNames(values: { name: string }[]): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    const key = v.name.trim().toLowerCase();
    if (key === '') throw invalid(`values[${i}].name`, 'required and is empty');
    if (seen.has(key)) throw invalid('values', `value names must be unique within a property: "${v.name}"`);
    seen.add(key);
  });
}

/** Custom properties of an account and their value lists. */
export function propertyService(deps: Deps) {
  const { db, dialect } = deps;

  async function views(rows: store.PropertyRow[]): Promise<PropertyView[]> {
    const values = await store.valuesOf(
      db,
      rows.map((r) => r.id),
    );
    const byProperty = new Map<number, { id: number; name: string }[]>();
    for (const v of values) {
      const list = byProperty.get(v.property_id) ?? [];
      list.push({ id: v.id, name: v.name });
      byProperty.set(v.property_id, list);
    }
    return rows.map((r) => ({ id: r.id, name: r.name, values: byProperty.get(r.id) ?? [] }));
  }

  /** The new value list applied to the stored one, in the caller's transaction. */
  async function replaceValues(tx: Db, propertyId: number, next: { id?: number; name: string }[]) {
    const current = new Set((await store.valuesOf(tx, [propertyId])).map((v) => v.id));
    const kept = new Set<number>();
    for (const v of next) {
      if (!v.id) continue;
      if (!current.has(v.id)) throw invalid('values', `value ${v.id} is not a value of this property`);
      if (kept.has(v.id)) throw invalid('values', `value ${v.id} is listed twice`);
      kept.add(v.id);
    }
    await store.deleteValues(
      tx,
      propertyId,
      [...current].filter((id) => !kept.has(id)),
    );
    const added: { name: string; position: number }[] = [];
    for (const [position, v] of next.entries()) {
      if (v.id) await store.updateValue(tx, v.id, v.name, position);
      else added.push({ name: v.name, position });
    }
    await store.insertValues(tx, propertyId, added);
  }

  async function guardName<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isUniqueViolation(err)) throw invalid('name', NAME_TAKEN);
      throw err;
    }
  }

  return {
    async list(p: Principal, page: { limit: number; offset: number }) {
      const { count, rows } = await store.listProperties(db, p.accountId, page);
      return { count, rows: await views(rows) };
    },

    async get(p: Principal, id: number): Promise<PropertyView> {
      const row = await store.getProperty(db, p.accountId, id);
      if (!row) throw notFound();
      return (await views([row]))[0]!;
    },

    async create(p: Principal, input: NewProperty): Promise<number> {
      checkName(input.name);
      const values = input.values ?? [];
      checkValueNames(values);
      if (await store.propertyNameTaken(db, p.accountId, input.name)) throw invalid('name', NAME_TAKEN);
      return guardName(() =>
        db.transaction().execute(async (tx) => {
          const id = await store.insertProperty(tx, p.accountId, input.name);
          await store.insertValues(
            tx,
            id,
            values.map((v, position) => ({ name: v.name, position })),
          );
          return id;
        }),
      );
    },

    async update(p: Principal, id: number, patch: PropertyPatch): Promise<number> {
      if (patch.name !== undefined) checkName(patch.name);
      if (patch.values) checkValueNames(patch.values);
      return guardName(() =>
        db.transaction().execute(async (tx) => {
          const row = await store.lockProperty(tx, dialect, p.accountId, id);
          if (!row) throw notFound();
          if (patch.name !== undefined && patch.name !== row.name) {
            if (await store.propertyNameTaken(tx, p.accountId, patch.name, id))
              throw invalid('name', NAME_TAKEN);
            await store.renameProperty(tx, id, patch.name);
          }
          if (patch.values) await replaceValues(tx, id, patch.values);
          return id;
        }),
      );
    },

    async remove(p: Principal, id: number): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const row = await store.lockProperty(tx, dialect, p.accountId, id);
        if (!row) throw notFound();
        await store.deleteProperty(tx, id);
      });
    },
  };
}
