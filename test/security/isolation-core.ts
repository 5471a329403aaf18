import { createServer } from 'node:http';
import { createAccountWithAdmin } from '../../src/accounts/accounts.ts';
import { startEngine } from '../../src/main.ts';
import { listenOnPortZero } from '../helpers/listen.ts';
import { startTestServer } from '../helpers/server.ts';

// Tenant isolation under load (issue 9): one tenant's heavy monitors (1 MB pages judged by a
// regex, every minute) run in the engine while another tenant's API latency is measured.

const PAGE = `<html><body>${'lorem ipsum dolor sit amet '.repeat(40_000)}</body></html>`;

/** What one isolation run measured. */
export interface IsolationReport {
  monitors: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  heavyChecksRan: number;
}

/** Runs `monitors` heavy monitors for one tenant and times `samples` list calls of another. */
export async function measureIsolation(opts: {
  monitors: number;
  samples: number;
}): Promise<IsolationReport> {
  const target = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
  const listening = await listenOnPortZero(target);
  const srv = await startTestServer({ env: { SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8' } });
  const engine = await startEngine(srv.runtime, {
    locations: srv.settings.locations.map((l) => l.id),
    worker: false,
  });
  try {
    const heavy = await srv.login();
    for (let i = 0; i < opts.monitors; i++) {
      const r = await srv.request('POST', '/api/v3/monitors/website', {
        token: heavy,
        body: {
          name: `heavy ${i}`,
          url: `http://127.0.0.1:${listening.port}/`,
          interval: 1,
          keyword_string: '(lorem|ipsum|dolor)+ sit amet not-there',
          keyword_match_type: 'Regular Expression',
        },
      });
      if (r.status !== 200) throw new Error(`monitor ${i}: ${r.status} ${r.text}`);
    }
    await createAccountWithAdmin(srv.runtime.deps, {
      name: 'Quiet tenant',
      parentId: null,
      adminEmail: 'quiet@tenant.example',
      adminPassword: 'quiet tenant secret 5',
    });
    const quiet = await srv.login('quiet@tenant.example', 'quiet tenant secret 5');
    // Warm-up: the first requests of a process pay for compiling its routes and statements.
    for (let i = 0; i < 20; i++) await srv.request('GET', '/api/v3/monitors?limit=10', { token: quiet });
    const times: number[] = [];
    for (let i = 0; i < opts.samples; i++) {
      const t0 = performance.now();
      const r = await srv.request('GET', '/api/v3/monitors?limit=10', { token: quiet });
      times.push(performance.now() - t0);
      if (r.status !== 200) throw new Error(`quiet tenant list: ${r.status}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const ran = await srv.runtime.deps.db.selectFrom('check_results').select('id').execute();
    times.sort((a, b) => a - b);
    const at = (q: number) =>
      Math.round(times[Math.min(times.length - 1, Math.floor(times.length * q))]! * 10) / 10;
    return {
      monitors: opts.monitors,
      samples: opts.samples,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      maxMs: at(1),
      heavyChecksRan: ran.length,
    };
  } finally {
    await engine.stop();
    await srv.close();
    await listening.close();
  }
}
