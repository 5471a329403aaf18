import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fieldErrors, SchemaFields, type Choice } from '../components/Fields.tsx';
import { bodySchema, type JsonSchema } from '../schema.ts';
import { navigate } from '../router.ts';

interface Location extends Choice {
  capabilities: string[];
}

/** Only the fields the schema knows, without nulls; locations as [{id}]. */
function editable(m: Record<string, unknown>, s: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(s.properties ?? {})) {
    const v = m[k];
    if (v === null || v === undefined) continue;
    if (k === 'locations' && Array.isArray(v)) out[k] = v.map((l: { id: number }) => ({ id: Number(l.id) }));
    else if (k === 'custom_properties') continue;
    else out[k] = v;
  }
  return out;
}

/** Create (mode "new"), edit or clone a monitor of any executed type; the API's messages land on their fields. */
export function MonitorForm(props: { mode: 'new' | 'edit' | 'clone'; id?: string }) {
  const [locations, setLocations] = useState<Location[]>([]);
  const [type, setType] = useState('');
  const [schema, setSchema] = useState<JsonSchema | null>(null);
  const [value, setValue] = useState<Record<string, unknown>>({});
  const [initial, setInitial] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<{ results: Location[] }>('GET', 'locations?limit=5000').then(
      (r) => setLocations(r.results),
      () => {},
    );
    if (props.mode === 'new') return;
    api<Record<string, unknown>>('GET', `monitors/${props.id}`).then(
      async (m) => {
        setType(String(m.type));
        if (props.mode === 'clone') {
          setSchema({
            type: 'object',
            required: ['name'],
            properties: {
              name: {
                type: 'string',
                maxLength: 255,
                description: 'Locations and custom properties are copied; blackouts and the SLA are not.',
              },
            },
          });
          setValue({ name: `${String(m.name)} (copy)` });
          return;
        }
        const s = await bodySchema('PATCH', `/api/v3/monitors/${String(m.type)}/{id}`);
        if (s) {
          const v = editable(m, s);
          setSchema(s);
          setValue(v);
          setInitial(v);
        }
      },
      (e) => setGeneral(e.message),
    );
  }, [props.mode, props.id]);

  useEffect(() => {
    if (props.mode !== 'new' || !type) return;
    setSchema(null);
    bodySchema('POST', `/api/v3/monitors/${type}`).then(setSchema, (e) => setGeneral(e.message));
  }, [type, props.mode]);

  // Types some location can run: the engine executes these.
  const types = [...new Set(locations.flatMap((l) => l.capabilities ?? []))].sort();

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setGeneral('');
    try {
      let id = props.id;
      if (props.mode === 'new') id = (await api<{ id: string }>('POST', `monitors/${type}`, value)).id;
      else if (props.mode === 'clone')
        id = (await api<{ id: string }>('POST', `monitors/${props.id}/clone`, value)).id;
      else {
        // Only what changed: write-only secrets read back as null and must not be sent.
        const diff: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value))
          if (JSON.stringify(v) !== JSON.stringify(initial[k])) diff[k] = v;
        await api('PATCH', `monitors/${type}/${props.id}`, diff);
      }
      navigate(`/monitors/${id}`);
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f.fields);
      setGeneral(f.general);
    } finally {
      setBusy(false);
    }
  }

  const heading =
    props.mode === 'new' ? 'New monitor' : props.mode === 'clone' ? 'Clone monitor' : 'Edit monitor';
  return (
    <>
      <h1>{heading}</h1>
      <form onSubmit={submit} noValidate>
        {general ? (
          <p class="alert error" role="alert">
            {general}
          </p>
        ) : null}
        {props.mode === 'new' ? (
          <div class="field">
            <label for="m-type">Type (required)</label>
            <select id="m-type" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
              <option value="">Choose a type…</option>
              {types.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </div>
        ) : (
          <p class="muted">Type: {type}</p>
        )}
        {schema ? (
          <SchemaFields
            schema={schema}
            value={value}
            onChange={setValue}
            errors={errors}
            locations={locations}
            idPrefix="m"
            hide={['billing_plancode', 'custom_properties']}
          />
        ) : null}
        <div class="actions">
          <button class="primary" type="submit" disabled={busy || !schema}>
            {props.mode === 'edit' ? 'Save' : 'Create'}
          </button>
          <button type="button" onClick={() => history.back()}>
            Cancel
          </button>
        </div>
      </form>
    </>
  );
}
