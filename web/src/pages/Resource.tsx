import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fieldErrors, SchemaFields } from '../components/Fields.tsx';
import { bodySchema, type JsonSchema } from '../schema.ts';

/** What a list-and-form page manages: one API collection. */
export interface ResourceSpec {
  title: string;
  /** Collection path under /api/v3 ("blackouts"). */
  path: string;
  /** Columns of the list: field name → header. */
  columns: Record<string, string>;
  /** Row key (id, or guid for users). */
  key?: string;
  /** A short explanation under the heading. */
  intro?: string;
  /** Fields left out of the forms. */
  hide?: string[];
}

const show = (v: unknown) =>
  v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** List, create, edit and delete one kind of resource; `writable` false hides every write control. */
export function Resource(props: { spec: ResourceSpec; writable: boolean }) {
  const { spec } = props;
  const key = spec.key ?? 'id';
  const [rows, setRows] = useState<Record<string, unknown>[] | null>(null);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [schema, setSchema] = useState<JsonSchema | null>(null);
  const [value, setValue] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState('');
  const [notice, setNotice] = useState('');

  const load = () =>
    api<{ results: Record<string, unknown>[] }>('GET', `${spec.path}?limit=5000`).then(
      (r) => setRows(r.results),
      (e) => setGeneral(e.message),
    );
  useEffect(() => {
    setRows(null);
    setEditing(null);
    void load();
  }, [spec.path]);

  async function open(id: string | 'new') {
    setErrors({});
    setGeneral('');
    setNotice('');
    const s =
      id === 'new'
        ? await bodySchema('POST', `/api/v3/${spec.path}`)
        : await bodySchema('PATCH', `/api/v3/${spec.path}/{id}`);
    setSchema(s);
    if (id === 'new' || !s) setValue({});
    else {
      const row = rows?.find((r) => String(r[key]) === id) ?? {};
      const v: Record<string, unknown> = {};
      for (const k of Object.keys(s.properties ?? {}))
        if (row[k] !== null && row[k] !== undefined && !/password/.test(k)) v[k] = row[k];
      setValue(v);
    }
    setEditing(id);
  }

  async function save(e: Event) {
    e.preventDefault();
    setErrors({});
    setGeneral('');
    try {
      if (editing === 'new') await api('POST', spec.path, value);
      else await api('PATCH', `${spec.path}/${editing}`, value);
      setEditing(null);
      setNotice('Saved.');
      await load();
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f.fields);
      setGeneral(f.general);
    }
  }

  async function remove(id: string) {
    if (!confirm('Delete it?')) return;
    try {
      await api('DELETE', `${spec.path}/${id}`);
      setNotice('Deleted.');
      await load();
    } catch (err) {
      setGeneral((err as Error).message);
    }
  }

  return (
    <>
      <h1>{spec.title}</h1>
      {spec.intro ? <p class="muted">{spec.intro}</p> : null}
      {notice ? (
        <p class="alert ok" role="status">
          {notice}
        </p>
      ) : null}
      {general && editing === null ? (
        <p class="alert error" role="alert">
          {general}
        </p>
      ) : null}
      {props.writable && editing === null ? (
        <div class="actions">
          <button class="primary" onClick={() => open('new')}>
            New
          </button>
        </div>
      ) : null}
      {editing !== null && schema ? (
        <form class="card" onSubmit={save} noValidate aria-label={editing === 'new' ? 'Create' : 'Edit'}>
          <h2>{editing === 'new' ? 'Create' : 'Edit'}</h2>
          {general ? (
            <p class="alert error" role="alert">
              {general}
            </p>
          ) : null}
          <SchemaFields
            schema={schema}
            value={value}
            onChange={setValue}
            errors={errors}
            idPrefix={spec.path}
            hide={spec.hide}
          />
          <div class="actions">
            <button class="primary" type="submit">
              Save
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {rows === null ? (
        <p role="status">Loading…</p>
      ) : rows.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                {Object.values(spec.columns).map((h) => (
                  <th key={h}>{h}</th>
                ))}
                {props.writable ? (
                  <th>
                    <span class="muted">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={String(r[key])}>
                  {Object.keys(spec.columns).map((c) => (
                    <td key={c}>{show(r[c])}</td>
                  ))}
                  {props.writable ? (
                    <td>
                      <button onClick={() => open(String(r[key]))}>Edit</button>{' '}
                      <button class="danger" onClick={() => remove(String(r[key]))}>
                        Delete
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
