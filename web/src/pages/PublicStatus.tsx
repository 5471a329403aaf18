import { useEffect, useState } from 'preact/hooks';

interface Data {
  title: string;
  description: string;
  generated_at: string;
  monitors: {
    name: string;
    status: string;
    uptime_90d: number | null;
    days: { date: string; uptime: number | null }[];
  }[];
  incidents: { monitor: string; from: string; to: string; status: string; failures: number }[];
}

const LOOK: Record<string, { tone: string; text: string }> = {
  up: { tone: 'ok', text: 'Operational' },
  down: { tone: 'bad', text: 'Down' },
  unknown: { tone: 'idle', text: 'No data' },
  paused: { tone: 'idle', text: 'Paused' },
};

const bar = (u: number | null) => (u === null ? 'none' : u >= 99.9 ? 'up' : u >= 95 ? 'part' : 'down');

/** A public status page (/status/<slug>): no token, only what /status/<slug>/data shows. */
export function PublicStatus(props: { slug: string }) {
  const [data, setData] = useState<Data | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let stop = false;
    let timer = 0;
    const load = async () => {
      const r = await fetch(`/status/${encodeURIComponent(props.slug)}/data`);
      if (stop) return;
      if (r.status === 404) setMissing(true);
      else if (r.ok) {
        const d = (await r.json()) as Data;
        document.title = d.title;
        setData(d);
      }
      timer = window.setTimeout(load, 60_000);
    };
    void load();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [props.slug]);
  if (missing)
    return (
      <main id="main">
        <h1>Status page not found</h1>
        <p>No status page is published at this address.</p>
      </main>
    );
  if (!data)
    return (
      <main id="main">
        <p role="status">Loading…</p>
      </main>
    );
  const allUp = data.monitors.every((m) => m.status === 'up');
  return (
    <main id="main">
      <h1>{data.title}</h1>
      {data.description ? <p>{data.description}</p> : null}
      <p class={`alert ${allUp ? 'ok' : 'error'}`} role="status">
        {allUp ? 'All systems operational' : 'Some systems have problems'}
      </p>
      {data.monitors.map((m) => (
        <section class="card" key={m.name} aria-label={m.name} data-public-monitor>
          <h3>
            <span>{m.name}</span>
            <span class={`badge ${LOOK[m.status]?.tone ?? 'idle'}`}>{LOOK[m.status]?.text ?? m.status}</span>
          </h3>
          <div
            class="bars"
            role="img"
            aria-label={`Daily uptime over 90 days: ${m.uptime_90d === null ? 'no data' : `${m.uptime_90d} %`}`}
          >
            {m.days.map((d) => (
              <span
                key={d.date}
                class={bar(d.uptime)}
                title={`${d.date}: ${d.uptime === null ? 'no data' : `${d.uptime} %`}`}
              />
            ))}
          </div>
          <p class="muted">90 days · uptime {m.uptime_90d === null ? 'no data' : `${m.uptime_90d} %`}</p>
        </section>
      ))}
      <h2>Incidents</h2>
      {data.incidents.length === 0 ? (
        <p>No incidents in the last 90 days.</p>
      ) : (
        <ul>
          {data.incidents.map((i, n) => (
            <li key={n}>
              <b>{i.monitor}</b>: {i.status}, {i.from} – {i.to} ({i.failures} failed checks)
            </li>
          ))}
        </ul>
      )}
      <p class="muted">Updated {data.generated_at}</p>
    </main>
  );
}
