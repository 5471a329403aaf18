import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { slotAtOrAfter, slotGrid } from '../../src/slots/grid.ts';
import { PG_URL, POSTGRES_AVAILABLE } from '../helpers/db.ts';
import { ADMIN, request } from '../helpers/server.ts';
import {
  freePort,
  parsePrometheus,
  schemaClient,
  sitewatch,
  until,
  waitHealthy,
  type Proc,
} from './cluster.ts';

// Two API processes and three workers in two locations on one PostgreSQL schema, as the README's
// "Running in production" lays them out, with short heartbeats and leases so the test is quick.

const HEARTBEAT_MS = 300;
const LEASE_S = 5;
const POLL_MS = 2000;
const SLOW_MS = 2000;
const LOC_A = 101; // two workers
const LOC_B = 102; // one worker

describe(
  'scale-out: API processes and workers on one PostgreSQL',
  { skip: !POSTGRES_AVAILABLE && 'PostgreSQL not reachable' },
  () => {
    const schema = `sw_scale_${process.pid}_${Date.now().toString(36)}`;
    const common: Record<string, string> = {
      DATABASE_URL: PG_URL,
      SITEWATCH_DB_SCHEMA: schema,
      SITEWATCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'sitewatch-scale-')),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SITEWATCH_ADMIN_EMAIL: ADMIN.email,
      SITEWATCH_ADMIN_PASSWORD: ADMIN.password,
      SITEWATCH_API_RATE_LIMIT: '0',
      SITEWATCH_HEARTBEAT_MS: String(HEARTBEAT_MS),
      SITEWATCH_ENGINE_LEASE_SECONDS: String(LEASE_S),
      SITEWATCH_ENGINE_POLL_MS: String(POLL_MS),
      SITEWATCH_ENGINE_FLUSH_MS: '20',
      SITEWATCH_ENGINE_DRAIN_SECONDS: '2',
      SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8',
    };
    const procs: Proc[] = [];
    let api: string[] = [];
    const workers: Record<string, Proc> = {};
    let workerMetrics = '';
    let db: pg.Client;
    let token: string;
    // The check target: every hit's arrival time by path; /slow/… answers after SLOW_MS.
    const hits = new Map<string, number[]>();
    let target: Server;
    let targetUrl = '';

    before(async () => {
      target = createServer((req, res) => {
        const path = req.url ?? '/';
        hits.set(path, [...(hits.get(path) ?? []), Date.now()]);
        const answer = () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        if (path.startsWith('/slow/')) setTimeout(answer, SLOW_MS);
        else answer();
      });
      await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
      targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}`;

      const ports = [await freePort(), await freePort()];
      api = ports.map((p) => `http://127.0.0.1:${p}`);
      // The first process migrates; the rest start once the schema is there.
      const first = sitewatch(['serve', '--no-engine'], { ...common, PORT: String(ports[0]) });
      procs.push(first);
      await waitHealthy(api[0]!, first);
      const second = sitewatch(['serve'], {
        ...common,
        PORT: String(ports[1]),
        SITEWATCH_ROLE: 'api',
        SITEWATCH_METRICS_TOKEN: 'scrape-secret',
      });
      procs.push(second);
      const metricsPort = await freePort();
      workerMetrics = `http://127.0.0.1:${metricsPort}`;
      workers.a1 = sitewatch(
        ['worker', '--location', String(LOC_A), '--name', 'Frankfurt', '--country', 'DE'],
        common,
      );
      workers.a2 = sitewatch(
        ['worker', '--location', String(LOC_A), '--metrics-port', String(metricsPort)],
        common,
      );
      workers.b = sitewatch(['worker', '--location', String(LOC_B), '--name', 'Oregon'], common);
      procs.push(...Object.values(workers));
      await waitHealthy(api[1]!, second);
      await waitHealthy(workerMetrics, workers.a2);
      db = await schemaClient(PG_URL, schema);
      const login = await request(api[0]!, 'POST', '/api/v3/access-tokens', {
        body: { username: ADMIN.email, password: ADMIN.password },
      });
      assert.equal(login.status, 200, login.text);
      token = login.json.access_token;
      await until('both worker locations online', 60_000, async () => {
        const r = await request(api[1]!, 'GET', '/api/v3/locations', { token });
        const on = (id: number) => r.json.results.find((l: { id: number }) => l.id === id)?.online === true;
        return on(LOC_A) && on(LOC_B);
      });
    });

    after(async () => {
      for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
      await Promise.all(procs.map((p) => p.exited));
      target?.close();
      await db?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
      await db?.end();
    });

    /**
     * Creates disabled website monitors at `location` until one's first slot falls 1–4 s ahead
     * (slots are a hash of the id), so the test waits seconds, not up to the one-minute interval.
     */
    async function monitorDueSoon(path: (id: number) => string, location: number) {
      for (let i = 0; i < 200; i++) {
        const r = await request(api[0]!, 'POST', '/api/v3/monitors/website', {
          token,
          body: {
            name: `m${i}`,
            url: `${targetUrl}/pending`,
            locations: [{ id: location }],
            interval: 1,
            enabled: false,
          },
        });
        assert.equal(r.status, 200, r.text);
        const id = Number(r.json.id);
        const slot = slotAtOrAfter(slotGrid(id, location, 1, 'Primary', 0, 1), Date.now() + 300);
        if (slot - Date.now() >= 1000 && slot - Date.now() <= 4000) {
          const set = await request(api[0]!, 'PATCH', `/api/v3/monitors/website/${id}`, {
            token,
            body: { url: `${targetUrl}${path(id)}` },
          });
          assert.equal(set.status, 200, set.text);
          return { id, slot };
        }
      }
      throw new Error('no monitor with a slot in the next seconds');
    }

    it('accepts on one API process a token the other issued', async () => {
      const r = await request(api[1]!, 'GET', '/api/v3/users', { token });
      assert.equal(r.status, 200, r.text);
    });

    it('refuses on the other API process at once a token logged out on one', async () => {
      const login = await request(api[1]!, 'POST', '/api/v3/access-tokens', {
        body: { username: ADMIN.email, password: ADMIN.password },
      });
      const t = login.json.access_token as string;
      // Warm both processes' principal caches first: revocation must reach a cached entry.
      for (const url of api)
        assert.equal((await request(url, 'GET', '/api/v3/users', { token: t })).status, 200);
      assert.equal((await request(api[1]!, 'DELETE', '/api/v3/access-tokens', { token: t })).status, 204);
      const r = await request(api[0]!, 'GET', '/api/v3/users', { token: t });
      assert.equal(r.status, 401, 'the logout on process B is seen by process A immediately');
    });

    it('runs an edit made on one API process by a worker within a second of its slot', async () => {
      const { id, slot } = await monitorDueSoon((m) => `/edit/${m}`, LOC_A);
      // The edit (enable) goes through the other API process; its NOTIFY wakes the workers on time,
      // although they poll only every POLL_MS.
      const on = await request(api[1]!, 'PATCH', `/api/v3/monitors/website/${id}`, {
        token,
        body: { enabled: true },
      });
      assert.equal(on.status, 200, on.text);
      const [at] = await until('the first run', 8000, async () => hits.get(`/edit/${id}`));
      assert.ok(at! - slot < 1000, `ran ${at! - slot} ms after its slot`);
      assert.ok(at! >= slot - 50, 'not before its slot');
    });

    it("runs a test on demand at a worker's location by that worker while the API call waits", async () => {
      const url = encodeURIComponent(`${targetUrl}/tod`);
      const started = Date.now();
      const r = await request(api[0]!, 'GET', `/api/v3/tests?url=${url}&location_id=${LOC_A}`, { token });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.location_id, LOC_A);
      assert.equal(String(r.json.status), '0');
      assert.equal(hits.get('/tod')?.length, 1, 'the target saw the one test');
      assert.ok(Date.now() - started < 3000, 'woken by NOTIFY, not by a poll');
    });

    it('runs a check again in the same location when its worker is killed mid-check, never twice', async () => {
      const { id, slot } = await monitorDueSoon((m) => `/slow/${m}`, LOC_A);
      await request(api[1]!, 'PATCH', `/api/v3/monitors/website/${id}`, { token, body: { enabled: true } });
      await until('the first attempt', 10_000, async () => hits.get(`/slow/${id}`));
      const lease = await db.query('SELECT lease_owner FROM check_schedules WHERE monitor_id = $1', [id]);
      const owner = String(lease.rows[0]?.lease_owner);
      const pid = Number(owner.split(':')[1]);
      const victim = Object.values(workers).find((w) => w.child.pid === pid);
      assert.ok(victim, `the lease (${owner}) is held by one of the workers`);
      const killedAt = Date.now();
      victim.child.kill('SIGKILL');
      await victim.exited;
      const seen = await until('the run elsewhere', (LEASE_S + 4) * 1000, async () => {
        const h = hits.get(`/slow/${id}`)!;
        return h.length >= 2 ? h : null;
      });
      assert.ok(seen[1]! - killedAt <= LEASE_S * 1000 + POLL_MS + 1000, 'within one lease (and one poll)');
      await until('the recorded result', 10_000, async () => {
        const r = await db.query("SELECT 1 FROM check_results WHERE monitor_id = $1 AND kind = 'scheduled'", [
          id,
        ]);
        return r.rowCount! > 0;
      });
      await new Promise((r) => setTimeout(r, 500));
      const rows = await db.query(
        "SELECT scheduled_at, count(*)::int AS n FROM check_results WHERE monitor_id = $1 AND kind = 'scheduled' GROUP BY scheduled_at",
        [id],
      );
      assert.deepEqual(
        rows.rows.map((r) => [Number(r.scheduled_at), r.n]),
        [[slot, 1]],
        'the slot is recorded exactly once',
      );
    });

    it('shows a location offline within three heartbeats of its only worker stopping, and its monitors "location offline"', async () => {
      const r = await request(api[0]!, 'POST', '/api/v3/monitors/website', {
        token,
        body: { name: 'Oregon home', url: `${targetUrl}/oregon`, locations: [{ id: LOC_B }], interval: 60 },
      });
      const id = Number(r.json.id);
      const online = async () =>
        (await request(api[1]!, 'GET', `/api/v3/locations/${LOC_B}`, { token })).json;
      const loc = await online();
      assert.equal(loc.online, true);
      assert.equal(loc.name, 'Oregon');
      workers.b!.child.kill('SIGKILL');
      await workers.b!.exited;
      const killedAt = Date.now();
      await until('location offline', 3 * HEARTBEAT_MS + 3000, async () => (await online()).online === false);
      assert.ok(Date.now() - killedAt <= 3 * HEARTBEAT_MS + 3000);
      const report = await request(api[0]!, 'GET', `/api/v3/report-sitestatus?monitors=${id}`, { token });
      assert.equal(report.status, 200, report.text);
      const [row] = report.json.results;
      assert.equal(row.last_status, '22');
      assert.equal(row.last_status_desc, 'Location offline');
      assert.match(row.info_msg, /location offline/);
      const test = await request(api[0]!, 'GET', `/api/v3/tests?monitor_id=${id}`, { token });
      assert.equal(test.status, 503, test.text);
      assert.match(test.json.errors[0].message, /^location_offline/);
    });

    it('exports each process its own Prometheus metrics, behind a token where one is set', async () => {
      const a = await fetch(`${api[0]}/metrics`);
      assert.equal(a.status, 200);
      assert.match(a.headers.get('content-type') ?? '', /^text\/plain/);
      const names = parsePrometheus(await a.text());
      for (const n of [
        'sitewatch_http_request_duration_seconds_bucket',
        'sitewatch_tokens_issued_total',
        'sitewatch_principal_lookups_total',
        'sitewatch_process_cpu_user_seconds_total',
        'sitewatch_db_pool_connections',
      ])
        assert.ok(names.has(n), n);
      assert.equal((await fetch(`${api[1]}/metrics`)).status, 401);
      const b = await fetch(`${api[1]}/metrics`, { headers: { authorization: 'Bearer scrape-secret' } });
      assert.equal(b.status, 200);
      parsePrometheus(await b.text());
      // The surviving worker of LOC_A ran the re-run above (or the edit's run): its own counters.
      const survivor = Object.values(workers).find((w) => w.child.exitCode === null && w !== workers.b);
      if (survivor === workers.a2) {
        const w = parsePrometheus(await (await fetch(`${workerMetrics}/metrics`)).text());
        for (const n of [
          'sitewatch_checks_total',
          'sitewatch_check_start_lateness_seconds_bucket',
          'sitewatch_claim_batch_size_bucket',
        ])
          assert.ok(w.has(n), n);
      }
    });

    it('drains on SIGTERM: the worker exits 0 and holds no lease', async () => {
      const live = Object.values(workers).find(
        (w) => w.child.exitCode === null && w.child.signalCode === null,
      )!;
      live.child.kill('SIGTERM');
      assert.equal(await live.exited, 0, live.output());
      const held = await db.query(
        'SELECT count(*)::int AS n FROM check_schedules WHERE lease_owner LIKE $1',
        [`%:${live.child.pid}:%`],
      );
      assert.equal(held.rows[0].n, 0);
    });
  },
);
