import { realLocationId } from '../config/locations.ts';
import type { TestQuery } from './schema.ts';
import { isIP } from 'node:net';
import type { Principal } from '../domain/principal.ts';
import { maskUrlPassword } from '../monitors/url-secret.ts';
import type { CheckInput } from '../checks/types.ts';
import { ApiError, invalid, notFound } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { runTest } from './remote.ts';
import { parseConfig } from '../monitors/view.ts';
import { defaultLocationId, getLocation } from '../store/locations.ts';
import { getMonitorRow } from '../store/monitors.ts';
import { storableId } from '../store/ids.ts';
import { getTestResult, monitorLocations } from '../store/test-results.ts';
import { viewTestResult, type TestResultView } from './view.ts';

export type { TestQuery };

/** The timeout of ad-hoc tests: the monitors' default (docs/compatibility.md §6). */
const ADHOC_TIMEOUT_MS = 30_000;
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?$/;

/** Exactly one of monitor_id / url / hostname, and a test_type that fits it. */
function checkForm(q: TestQuery): 'monitor' | 'url' | 'hostname' {
  const given = (['monitor_id', 'url', 'hostname'] as const).filter((k) => q[k] !== undefined);
  if (given.length === 0)
    throw new ApiError(400, 'one of monitor_id, url or hostname is required', [
      'monitor_id',
      'url',
      'hostname',
    ]);
  if (given.length > 1) throw new ApiError(400, 'give only one of monitor_id, url or hostname', given);
  const form = given[0] === 'monitor_id' ? 'monitor' : given[0]!;
  if (form === 'hostname' && q.test_type !== undefined && q.test_type !== 'ping')
    throw invalid('test_type', 'must be ping for a hostname');
  if (form !== 'hostname' && q.test_type === 'ping')
    throw invalid('test_type', 'ping needs a hostname (not a monitor or URL)');
  return form;
}

function checkUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('url', 'must be an http:// or https:// URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw invalid('url', 'must be an http:// or https:// URL');
  if (!parsed.hostname) throw invalid('url', 'must name a host');
  return parsed;
}

function checkHostname(host: string): string {
  const h = host.trim();
  const bare = h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
  if (!isIP(bare) && !HOSTNAME.test(bare)) throw invalid('hostname', 'must be a host name or IP address');
  return bare;
}

/** Test on demand (docs/compatibility.md §11): run now, store as kind 'test', answer the result. */
export function testService(deps: Deps) {
  const { db } = deps;
  /** `location_id` with an AlertSite alias replaced by the real id (docs/compatibility.md §7). */
  const wantedLocation = (q: TestQuery) =>
    q.location_id === undefined ? undefined : realLocationId(deps.settings.locations, q.location_id);

  /** The input of a monitor test at the chosen location (one of the monitor's). */
  async function monitorInput(p: Principal, q: TestQuery): Promise<CheckInput> {
    const id = q.monitor_id!;
    const row = storableId(id) ? await getMonitorRow(db, p.accountId, id, true) : undefined;
    if (!row) throw notFound();
    const locations = await monitorLocations(db, row.id);
    const wanted = wantedLocation(q) ?? row.home_location ?? locations[0]?.id;
    const location = locations.find((l) => l.id === wanted);
    if (!location)
      throw invalid(
        'location_id',
        locations.length ? "must be one of the monitor's locations" : 'the monitor has no locations',
      );
    const config = parseConfig(row.config);
    // Non-Fullpage tests the HTML only, whatever the monitor's own full-page setting.
    if (q.test_type === 'Non-Fullpage' && 'interval_fullpage' in config) config.interval_fullpage = -1;
    return {
      monitorId: row.id,
      accountId: p.accountId,
      type: row.type,
      name: row.name,
      config,
      script: row.script,
      timeoutMs: row.timeout * 1000,
      location,
    };
  }

  /** An ad-hoc URL or ping runs at `location_id` if the account may use it, else its default. */
  async function adhocLocation(p: Principal, q: TestQuery) {
    const id = wantedLocation(q) ?? (await defaultLocationId(db, p.accountId));
    const row = id !== undefined && storableId(id) ? await getLocation(db, p.accountId, id) : undefined;
    if (!row) throw invalid('location_id', 'must be a location this account may use');
    return { id: row.id, name: row.name };
  }

  async function adhocInput(p: Principal, q: TestQuery, form: 'url' | 'hostname'): Promise<CheckInput> {
    const base = { monitorId: null, accountId: p.accountId, script: null, timeoutMs: ADHOC_TIMEOUT_MS };
    if (form === 'url') {
      const url = checkUrl(q.url!).href;
      const type = url.startsWith('https:') ? 'website-ssl' : 'website';
      // The name ends up in stored results: never with a password in it.
      const name = maskUrlPassword(url);
      return { ...base, type, name, config: { url }, location: await adhocLocation(p, q) };
    }
    const hostname = checkHostname(q.hostname!);
    return {
      ...base,
      type: 'ping',
      name: hostname,
      config: { hostname },
      location: await adhocLocation(p, q),
    };
  }

  async function view(p: Principal, id: number): Promise<TestResultView> {
    const row = await getTestResult(db, p.accountId, id);
    if (!row) throw notFound();
    return viewTestResult(row);
  }

  return {
    async run(p: Principal, q: TestQuery): Promise<TestResultView> {
      const form = checkForm(q);
      const input = form === 'monitor' ? await monitorInput(p, q) : await adhocInput(p, q, form);
      // A location this process serves runs here; another's workers run it while the call waits.
      const id = await runTest(deps, p.accountId, input);
      return view(p, id);
    },

    get: view,
  };
}
