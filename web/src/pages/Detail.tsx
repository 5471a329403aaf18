import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, canWrite, type ApiError, type Session } from '../api.ts';
import { Badge } from '../components/Badge.tsx';
import { StackedChart, type Series } from '../components/Chart.tsx';
import { utc } from '../format.ts';
import { navigate } from '../router.ts';

interface Result {
  type: 'raw' | 'hourly';
  location_id: number;
  dt: string;
  status?: number;
  status_desc?: string;
  info_msg?: string;
  response_time: number | null;
  phases?: Record<string, number>;
  runs?: number;
  errors?: number;
  internal?: number;
}
interface TestResult {
  id: string;
  status: number;
  status_desc: string;
  info_msg: string;
  response_time: number | null;
  dt: string;
}

const RANGES = { '24 h': 1, '7 d': 7, '30 d': 30 } as const;
type Range = keyof typeof RANGES;
const PHASES = ['dns', 'connect', 'tls', 'firstByte', 'download'] as const;
const COLORS = ['#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const INTERNAL = new Set([21, 98]);

/** Every result of the window (the API pages at 5000). */
async function history(id: string, days: number): Promise<Result[]> {
  const from = new Date(Date.now() - days * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const out: Result[] = [];
  for (let offset = 0; offset < 50_000; offset += 5000) {
    const r = await api<{ results: Result[]; metadata: { resultset: { count: number } } }>(
      'GET',
      `monitors/${id}/results?from=${encodeURIComponent(from)}&limit=5000&offset=${offset}`,
    );
    out.push(...r.results);
    if (out.length >= r.metadata.resultset.count || r.results.length === 0) break;
  }
  return out;
}

/** A monitor: response-time chart with phases per location, availability, errors, test now, alerts. */
export function Detail(props: { id: string; session: Session }) {
  const [monitor, setMonitor] = useState<Record<string, unknown> | null>(null);
  const [range, setRange] = useState<Range>('24 h');
  const [results, setResults] = useState<Result[] | null>(null);
  const [locNames, setLocNames] = useState<Map<number, string>>(new Map());
  const [test, setTest] = useState<TestResult | null>(null);
  const [testing, setTesting] = useState(false);
  const [alerts, setAlerts] = useState<Record<string, unknown>[] | null>(null);
  const [error, setError] = useState('');
  const writer = canWrite(props.session.role);

  useEffect(() => {
    api<Record<string, unknown>>('GET', `monitors/${props.id}`).then(setMonitor, (e) => setError(e.message));
    api<{ results: { id: number; name: string }[] }>('GET', 'locations?limit=5000').then(
      (r) => setLocNames(new Map(r.results.map((l) => [l.id, l.name]))),
      () => {},
    );
    // Alert history comes from another part of the API; the panel is hidden while it answers 404.
    api<{ results: Record<string, unknown>[] }>('GET', `alerts?monitor_id=${props.id}&limit=50`).then(
      (r) => setAlerts(r.results ?? []),
      () => setAlerts(null),
    );
  }, [props.id]);

  useEffect(() => {
    setResults(null);
    history(props.id, RANGES[range]).then(setResults, (e) => setError(e.message));
  }, [props.id, range]);

  const charts = useMemo(() => {
    if (!results) return [];
    const byLoc = new Map<number, Result[]>();
    for (const r of results)
      if (r.response_time !== null) byLoc.set(r.location_id, [...(byLoc.get(r.location_id) ?? []), r]);
    return [...byLoc].map(([loc, rows]) => {
      const x = rows.map((r) => utc(r.dt) / 1000);
      const withPhases = rows.some((r) => r.phases && Object.keys(r.phases).length > 0);
      const series: Series[] = withPhases
        ? PHASES.map((p, i) => ({
            label: p,
            color: COLORS[i]!,
            values: rows.map((r) => r.phases?.[p] ?? (r.type === 'hourly' && i === 0 ? r.response_time : 0)),
          }))
        : [{ label: 'response time', color: COLORS[0]!, values: rows.map((r) => r.response_time) }];
      return { loc, x, series };
    });
  }, [results]);

  const availability = useMemo(() => {
    if (!results) return null;
    let runs = 0;
    let bad = 0;
    for (const r of results) {
      if (r.type === 'hourly') {
        runs += (r.runs ?? 0) - (r.internal ?? 0);
        bad += r.errors ?? 0;
      } else if (!INTERNAL.has(r.status ?? 0)) {
        runs += 1;
        if (r.status !== 0) bad += 1;
      }
    }
    return runs ? ((100 * (runs - bad)) / runs).toFixed(3) : null;
  }, [results]);

  const errors = (results ?? [])
    .filter((r) => r.type === 'raw' && r.status !== 0)
    .slice(-20)
    .reverse();

  async function runTest() {
    setTesting(true);
    setTest(null);
    try {
      setTest(await api<TestResult>('GET', `tests?monitor_id=${props.id}`));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setTesting(false);
    }
  }

  async function remove() {
    if (!confirm(`Delete monitor "${String(monitor?.name)}"?`)) return;
    try {
      await api('DELETE', `monitors/${props.id}`);
      navigate('/');
    } catch (e) {
      setError((e as ApiError).message);
    }
  }

  if (!monitor) return <p role="status">{error || 'Loading…'}</p>;
  return (
    <>
      <h1>{String(monitor.name)}</h1>
      <p class="muted">
        {String(monitor.type)} · every {String(monitor.interval)} min ·{' '}
        {monitor.enabled ? 'enabled' : 'disabled'}
        {monitor.url ? ` · ${String(monitor.url)}` : ''}
      </p>
      {error ? (
        <p class="alert error" role="alert">
          {error}
        </p>
      ) : null}
      {writer ? (
        <div class="actions">
          <button class="primary" onClick={runTest} disabled={testing}>
            {testing ? 'Testing…' : 'Run test now'}
          </button>
          <a class="button" href={`/monitors/${props.id}/edit`}>
            Edit
          </a>
          <a class="button" href={`/monitors/${props.id}/clone`}>
            Clone
          </a>
          <button class="danger" onClick={remove}>
            Delete
          </button>
        </div>
      ) : null}
      {testing ? <p role="status">Running the check now…</p> : null}
      {test ? (
        <div class="card" role="status" data-test-result>
          <h3>
            Test result{' '}
            <Badge status={test.status} desc={test.status_desc} internal={INTERNAL.has(test.status)} />
          </h3>
          <p>
            {test.dt} UTC · {test.response_time === null ? '—' : `${test.response_time} s`} · {test.info_msg}
          </p>
        </div>
      ) : null}
      <h2>Response time</h2>
      <div class="tabs" role="group" aria-label="Period">
        {(Object.keys(RANGES) as Range[]).map((r) => (
          <button key={r} aria-pressed={r === range} onClick={() => setRange(r)}>
            {r}
          </button>
        ))}
      </div>
      <div class="stats">
        <div class="stat">
          Availability ({range}) <b>{availability === null ? '—' : `${availability} %`}</b>
        </div>
        <div class="stat">
          Results <b>{results ? results.length : '…'}</b>
        </div>
      </div>
      {results === null ? <p role="status">Loading results…</p> : null}
      {results && charts.length === 0 ? <p>No measured results in this period yet.</p> : null}
      {charts.map((c) => (
        <StackedChart
          key={`${c.loc}-${range}`}
          x={c.x}
          series={c.series}
          title={`${locNames.get(c.loc) ?? `Location ${c.loc}`}: phases (s)`}
        />
      ))}
      <h2>Recent errors</h2>
      {errors.length === 0 ? (
        <p>None in this period.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>When (UTC)</th>
                <th>Location</th>
                <th>Status</th>
                <th>Info</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((r, i) => (
                <tr key={i}>
                  <td>{r.dt}</td>
                  <td>{locNames.get(r.location_id) ?? r.location_id}</td>
                  <td>
                    <Badge
                      status={r.status ?? null}
                      desc={r.status_desc ?? null}
                      internal={INTERNAL.has(r.status ?? 0)}
                    />
                  </td>
                  <td>{r.info_msg}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {alerts ? (
        <section aria-labelledby="alerts-h">
          <h2 id="alerts-h">Alert history</h2>
          {alerts.length === 0 ? (
            <p>No alerts.</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    {Object.keys(alerts[0]!)
                      .slice(0, 6)
                      .map((k) => (
                        <th key={k}>{k}</th>
                      ))}
                  </tr>
                </thead>
                <tbody>
                  {alerts.map((a, i) => (
                    <tr key={i}>
                      {Object.keys(alerts[0]!)
                        .slice(0, 6)
                        .map((k) => (
                          <td key={k}>
                            {typeof a[k] === 'object' ? JSON.stringify(a[k]) : String(a[k] ?? '')}
                          </td>
                        ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}
