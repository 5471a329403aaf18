import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { Badge } from '../components/Badge.tsx';
import { seconds, since, statusLook } from '../format.ts';

/** One location of a monitor on the board (GET /api/v3/status-board). */
interface Loc {
  id: number;
  name: string;
  status: number | null;
  status_desc: string | null;
  internal: boolean;
  info_msg: string | null;
  last_at: number | null;
  response_ms: number | null;
  changed_after: number | null;
}
interface Monitor {
  id: number;
  name: string;
  type: string;
  enabled: boolean;
  interval: number;
  locations: Loc[];
}

/** Seconds between refreshes of the board (one request each). */
const POLL_MS = 5000;
const ROW = 44;

const rank = (m: Monitor) => {
  const tones = m.locations.map((l) => statusLook(l.status, l.status_desc, l.internal).tone);
  if (tones.includes('bad')) return 0;
  if (tones.includes('warn')) return 1;
  if (tones.length === 0 || tones.includes('idle')) return 2;
  return 3;
};
const worstTone = (m: Monitor) => (['bad', 'warn', 'idle', 'ok'] as const)[rank(m)];

function latest(m: Monitor): Loc | undefined {
  return m.locations.reduce<Loc | undefined>(
    (a, l) => ((l.last_at ?? 0) > (a?.last_at ?? 0) ? l : a),
    undefined,
  );
}

/** The status board: every monitor, problems first, refreshed by polling one request. */
export function Board() {
  const [data, setData] = useState<{ now: number; monitors: Monitor[] } | null>(null);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [type, setType] = useState('');
  const [loc, setLoc] = useState('');
  const [name, setName] = useState('');
  const [scroll, setScroll] = useState(0);
  const [height, setHeight] = useState(600);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let stop = false;
    let timer = 0;
    const load = async () => {
      try {
        const d = await api<{ now: number; monitors: Monitor[] }>('GET', 'status-board');
        if (!stop) {
          setData(d);
          setError('');
        }
      } catch (e) {
        if (!stop) setError((e as Error).message);
      }
      if (!stop) timer = window.setTimeout(load, POLL_MS);
    };
    void load();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, []);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight);
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [data === null]);

  const types = useMemo(() => [...new Set(data?.monitors.map((m) => m.type))].sort(), [data]);
  const locs = useMemo(() => {
    const all = new Map<number, string>();
    data?.monitors.forEach((m) => m.locations.forEach((l) => all.set(l.id, l.name)));
    return [...all].sort((a, b) => a[1].localeCompare(b[1]));
  }, [data]);
  const rows = useMemo(() => {
    if (!data) return [];
    const q = name.trim().toLowerCase();
    return data.monitors
      .filter(
        (m) =>
          (!status || worstTone(m) === status) &&
          (!type || m.type === type) &&
          (!loc || m.locations.some((l) => String(l.id) === loc)) &&
          (!q || m.name.toLowerCase().includes(q)),
      )
      .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  }, [data, status, type, loc, name]);

  if (!data) return <p role="status">{error || 'Loading the board…'}</p>;
  const problems = data.monitors.filter((m) => rank(m) === 0).length;
  // Virtualised: only the rows in view (plus a margin) are in the DOM, whatever the monitor count.
  const first = Math.max(0, Math.floor(scroll / ROW) - 5);
  const last = Math.min(rows.length, Math.ceil((scroll + height) / ROW) + 5);
  return (
    <>
      <h1>Status board</h1>
      <p class="summary" role="status" aria-live="polite">
        {data.monitors.length} monitors, {problems} with problems. Showing {rows.length}. Updates every{' '}
        {POLL_MS / 1000} s.
      </p>
      {error ? <p class="alert error">Refresh failed: {error}</p> : null}
      <div class="filters">
        <div class="field">
          <label for="f-name">Name</label>
          <input
            id="f-name"
            type="search"
            value={name}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="f-status">Status</label>
          <select
            id="f-status"
            value={status}
            onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}
          >
            <option value="">All</option>
            <option value="bad">Failing</option>
            <option value="warn">Internal error</option>
            <option value="idle">Not run yet</option>
            <option value="ok">OK</option>
          </select>
        </div>
        <div class="field">
          <label for="f-type">Type</label>
          <select id="f-type" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
            <option value="">All</option>
            {types.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-loc">Location</label>
          <select id="f-loc" value={loc} onChange={(e) => setLoc((e.target as HTMLSelectElement).value)}>
            <option value="">All</option>
            {locs.map(([id, n]) => (
              <option key={id} value={String(id)}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div
        class="board"
        ref={box}
        role="table"
        aria-label="Monitors"
        aria-rowcount={rows.length + 1}
        onScroll={(e) => setScroll((e.target as HTMLDivElement).scrollTop)}
      >
        <div class="head" role="row">
          <span role="columnheader">Monitor</span>
          <span role="columnheader">Type</span>
          <span role="columnheader">Status per location</span>
          <span role="columnheader">Response</span>
          <span role="columnheader">Since change</span>
        </div>
        <div style={{ height: `${rows.length * ROW}px`, position: 'relative' }}>
          {rows.slice(first, last).map((m, i) => {
            const l = latest(m);
            return (
              <div
                class="row"
                role="row"
                aria-rowindex={first + i + 2}
                key={m.id}
                data-monitor={m.id}
                data-tone={worstTone(m)}
                style={{ top: `${(first + i) * ROW}px`, height: `${ROW}px` }}
              >
                <span class="name" role="cell">
                  <a href={`/monitors/${m.id}`}>{m.name}</a>
                  {m.enabled ? '' : ' (disabled)'}
                </span>
                <span class="type" role="cell">
                  {m.type}
                </span>
                <span class="locs" role="cell">
                  {m.locations.length === 0 ? <Badge status={null} desc={null} /> : null}
                  {m.locations.map((x) => (
                    <Badge
                      key={x.id}
                      status={x.status}
                      desc={x.status_desc}
                      internal={x.internal}
                      prefix={m.locations.length > 1 ? x.name : ''}
                    />
                  ))}
                </span>
                <span class="resp" role="cell">
                  {seconds(l?.response_ms ?? null)}
                </span>
                <span class="since" role="cell">
                  {l?.changed_after ? since(l.changed_after, data.now) : l?.last_at ? 'always' : '—'}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
