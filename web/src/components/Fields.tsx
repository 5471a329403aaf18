import type { JSX } from 'preact';
import type { JsonSchema } from '../schema.ts';

/** Location choices for the `locations` field of monitors. */
export interface Choice {
  id: number;
  name: string;
}

interface Props {
  schema: JsonSchema;
  value: Record<string, unknown>;
  onChange(v: Record<string, unknown>): void;
  /** Field name → the API's message for it (from the error envelope's `fields`). */
  errors: Record<string, string>;
  /** Fields not drawn (set elsewhere). */
  hide?: string[];
  locations?: Choice[];
  idPrefix?: string;
}

const title = (name: string) => name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

function kind(s: JsonSchema): string {
  if (s.enum) return 'enum';
  if (s.anyOf) {
    const real = s.anyOf.find((x) => x.type !== 'null');
    return real ? kind(real) : 'string';
  }
  if (s.type === 'array') {
    const item = s.items ?? {};
    return item.type === 'object' ? 'json' : 'list';
  }
  if (s.type === 'object') return 'json';
  return s.type ?? 'string';
}

/** One labelled input per body property; values keep the API's types. */
export function SchemaFields(p: Props): JSX.Element {
  const props = Object.entries(p.schema.properties ?? {}).filter(([k]) => !p.hide?.includes(k));
  const set = (k: string, v: unknown) => {
    const next = { ...p.value };
    if (v === undefined || v === '') delete next[k];
    else next[k] = v;
    p.onChange(next);
  };
  return (
    <>
      {props.map(([name, s]) => {
        const id = `${p.idPrefix ?? 'f'}-${name}`;
        const err = p.errors[name];
        const required = p.schema.required?.includes(name);
        const v = p.value[name];
        const k = kind(s);
        const describedBy = [s.description ? `${id}-hint` : '', err ? `${id}-err` : '']
          .filter(Boolean)
          .join(' ');
        const common = {
          id,
          'aria-invalid': err ? true : undefined,
          'aria-describedby': describedBy || undefined,
        };
        let input: JSX.Element;
        if (name === 'locations' && p.locations) {
          const chosen = new Set(((v as { id: number }[] | undefined) ?? []).map((l) => l.id));
          input = (
            <fieldset id={id} aria-describedby={describedBy || undefined}>
              <legend class="hint">Locations</legend>
              {p.locations.map((l) => (
                <label class="check" key={l.id}>
                  <input
                    type="checkbox"
                    checked={chosen.has(l.id)}
                    onChange={(e) => {
                      const on = (e.target as HTMLInputElement).checked;
                      const ids = [...chosen].filter((x) => x !== l.id);
                      if (on) ids.push(l.id);
                      set('locations', ids.length ? ids.map((x) => ({ id: x })) : undefined);
                    }}
                  />
                  {l.name}
                </label>
              ))}
            </fieldset>
          );
        } else if (k === 'boolean') {
          input = (
            <select
              {...common}
              value={v === undefined ? '' : String(v)}
              onChange={(e) => {
                const t = (e.target as HTMLSelectElement).value;
                set(name, t === '' ? undefined : t === 'true');
              }}
            >
              <option value="">(default)</option>
              <option value="true">Yes</option>
              <option value="false">No</option>
            </select>
          );
        } else if (k === 'enum') {
          const options = s.enum ?? s.anyOf?.find((x) => x.enum)?.enum ?? [];
          input = (
            <select
              {...common}
              value={v === undefined ? '' : String(v)}
              onChange={(e) => {
                const t = (e.target as HTMLSelectElement).value;
                const hit = options.find((o) => String(o) === t);
                set(name, t === '' ? undefined : hit);
              }}
            >
              <option value="">{required ? 'Choose…' : '(default)'}</option>
              {options.map((o) => (
                <option key={String(o)} value={String(o)}>
                  {String(o)}
                </option>
              ))}
            </select>
          );
        } else if (k === 'integer' || k === 'number') {
          input = (
            <input
              {...common}
              type="number"
              inputMode="decimal"
              step={k === 'integer' ? 1 : 'any'}
              value={v === undefined || v === null ? '' : String(v)}
              onInput={(e) => {
                const t = (e.target as HTMLInputElement).value;
                set(name, t === '' ? undefined : Number(t));
              }}
            />
          );
        } else if (k === 'list') {
          const numeric = s.items?.type === 'integer' || s.items?.type === 'number';
          input = (
            <input
              {...common}
              type="text"
              value={Array.isArray(v) ? v.join(', ') : ''}
              onInput={(e) => {
                const t = (e.target as HTMLInputElement).value
                  .split(',')
                  .map((x) => x.trim())
                  .filter(Boolean);
                set(name, t.length ? t.map((x) => (numeric ? Number(x) : x)) : undefined);
              }}
            />
          );
        } else if (k === 'json') {
          input = (
            <textarea
              {...common}
              value={v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v, null, 1)}
              onInput={(e) => {
                const t = (e.target as HTMLTextAreaElement).value;
                try {
                  set(name, t.trim() === '' ? undefined : JSON.parse(t));
                } catch {
                  set(name, t);
                }
              }}
            />
          );
        } else {
          const text = v === undefined || v === null ? '' : String(v);
          const onInput = (e: Event) => set(name, (e.target as HTMLInputElement).value);
          input = /password/.test(name) ? (
            <input {...common} type="password" autoComplete="new-password" value={text} onInput={onInput} />
          ) : (
            <input {...common} type="text" autoComplete="off" value={text} onInput={onInput} />
          );
        }
        return (
          <div class={`field${err ? ' invalid' : ''}`} key={name}>
            {name === 'locations' && p.locations ? null : (
              <label for={id}>
                {title(name)}
                {required ? ' (required)' : ''}
              </label>
            )}
            {input}
            {s.description ? (
              <span class="hint" id={`${id}-hint`}>
                {s.description}
              </span>
            ) : null}
            {err ? (
              <span class="err" id={`${id}-err`} role="alert">
                {err}
              </span>
            ) : null}
          </div>
        );
      })}
    </>
  );
}

/** Maps an API error to per-field messages (the envelope's `fields`), or a form-level one. */
export function fieldErrors(e: unknown): { fields: Record<string, string>; general: string } {
  const err = e as { message?: string; fields?: string[] };
  const fields: Record<string, string> = {};
  for (const f of err.fields ?? []) fields[f.split(/[.[/]/)[0]!] = err.message ?? 'invalid';
  return { fields, general: err.message ?? String(e) };
}
