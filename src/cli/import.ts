import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { MultiBar, Presets } from 'cli-progress';
import { issueOwnerToken } from '../auth/owner-token.ts';
import { createSitewatchClient, originOf, type SitewatchClient } from '../client/index.ts';
import { ApiError } from '../domain/errors.ts';
import { IMPORT_KINDS, importAlertSite, type ImportKind, type ImportReport } from '../import/alertsite.ts';
import { openLocalApi, type Runtime } from '../main.ts';
import { firstTopLevelAccountId, getAccount } from '../store/accounts.ts';
import { withRuntime } from './runtime.ts';

/** The account a local command works on: `--account`, else the first top-level account. */
export async function localAccountId(rt: Runtime, raw: string | undefined): Promise<number> {
  if (raw !== undefined) {
    if (!/^\d+$/.test(raw)) throw new ApiError(400, `must be an account id, got "${raw}"`, ['account']);
    if (!(await getAccount(rt.deps.db, Number(raw)))) throw new ApiError(400, 'no such account', ['account']);
    return Number(raw);
  }
  const id = await firstTopLevelAccountId(rt.deps.db);
  if (id === undefined)
    throw new ApiError(400, 'there is no account yet: start `sitewatch serve` once', ['account']);
  return id;
}

/** A client on this instance's API in process, acting as the account's ADMIN; `close` revokes it. */
export async function localClient(rt: Runtime, accountId: number, db?: Runtime['deps']['db']) {
  const api = await openLocalApi(rt, { db });
  // Inside a transaction the token must be written through it (SQLite has one connection).
  const owner = await issueOwnerToken({ ...rt.deps, db: db ?? rt.deps.db }, accountId);
  const client = createSitewatchClient({
    url: 'http://sitewatch.local',
    token: owner.token,
    fetch: api.fetch,
  });
  return {
    client,
    close: async () => {
      await owner.revoke();
      await api.close();
    },
  };
}

/** `--location-map FILE` ({"<source id>": <local id>}) merged over the locations' `aliases`. */
function locationMap(rt: Runtime, file: string | undefined): Map<number, number> {
  const map = new Map<number, number>();
  for (const l of rt.deps.settings.locations as { id: number; aliases?: unknown }[]) {
    if (Array.isArray(l.aliases)) for (const a of l.aliases) if (typeof a === 'number') map.set(a, l.id);
  }
  if (file === undefined) return map;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ApiError(400, `cannot read ${file}: ${(err as Error).message}`, ['location-map']);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new ApiError(400, 'must be a JSON object {"<source location id>": <local location id>}', [
      'location-map',
    ]);
  for (const [k, v] of Object.entries(json)) {
    if (!/^\d+$/.test(k) || typeof v !== 'number' || !Number.isInteger(v))
      throw new ApiError(400, `entry "${k}" must map a location id to a location id`, ['location-map']);
    map.set(Number(k), v);
  }
  return map;
}

const OUTCOMES = ['created', 'updated', 'unchanged', 'skipped', 'failed'] as const;

/** The summary table and the lists the operator must act on. */
export function formatReport(r: ImportReport, dryRun: boolean): string {
  const lines: string[] = [];
  const head = ['kind', ...OUTCOMES];
  const rows = IMPORT_KINDS.map((kind) => [
    kind,
    ...OUTCOMES.map((o) => String(r.items.filter((i) => i.kind === kind && i.outcome === o).length)),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  lines.push(fmt(head), ...rows.map(fmt));
  if (dryRun) lines.push('', 'dry run: nothing was written (created/updated = would be)');
  for (const i of r.items.filter((x) => x.outcome === 'skipped' || x.outcome === 'failed'))
    lines.push(`${i.outcome}: ${i.kind} ${i.sourceId} ${i.name}: ${i.reason ?? ''}`);
  for (const u of r.unmapped)
    lines.push(`unmapped location ${u.locations.join(', ')}: monitor ${u.sourceId} ${u.monitor}`);
  for (const x of r.reenter)
    lines.push(
      `re-enter ${x.fields.join('/')}: ${x.kind} ${x.localId ?? ''} ${x.name} (the source never shows passwords)`,
    );
  for (const d of r.deletedAtSource)
    lines.push(`deleted at source, kept here: ${d.kind} ${d.localId} (source id ${d.sourceId})`);
  return lines.join('\n');
}

function progress(): { update(e: { kind: ImportKind; done: number; total: number }): void; stop(): void } {
  if (!process.stderr.isTTY) {
    return {
      update: (e) => {
        if (e.done === e.total) console.error(`${e.kind}: ${e.total} read and written`);
      },
      stop: () => {},
    };
  }
  const bars = new MultiBar(
    { stream: process.stderr, format: '{kind} [{bar}] {value}/{total}', hideCursor: true },
    Presets.shades_classic,
  );
  const byKind = new Map<string, ReturnType<MultiBar['create']>>();
  return {
    update: (e) => {
      let bar = byKind.get(e.kind);
      if (!bar) byKind.set(e.kind, (bar = bars.create(e.total, 0, { kind: e.kind.padEnd(14) })));
      bar.update(e.done);
    },
    stop: () => bars.stop(),
  };
}

export function registerImportCommands(program: Command): void {
  program
    .command('import')
    .description('move monitoring in from another service')
    .command('alertsite')
    .description(
      'copy an AlertSite v3 account (monitors, recipients, groups, blackouts, SLAs, properties) into a local account; run again to update',
    )
    .requiredOption('--url <url>', 'AlertSite API base, e.g. https://api.alertsite.com/api/v3')
    .requiredOption('--username <login>', 'AlertSite login')
    .requiredOption('--password <password>', 'AlertSite password')
    .option('--account <id>', 'local account to import into (default: the first account)')
    .option('--location-map <file>', 'JSON {"<AlertSite location id>": <local location id>}')
    .option('--dry-run', 'read and compare only; write nothing')
    .option('--json', 'print the report as JSON instead of a table')
    .action(
      async (o: {
        url: string;
        username: string;
        password: string;
        account?: string;
        locationMap?: string;
        dryRun?: boolean;
        json?: boolean;
      }) =>
        withRuntime(async (rt) => {
          const accountId = await localAccountId(rt, o.account);
          const map = locationMap(rt, o.locationMap);
          const source: SitewatchClient = createSitewatchClient({
            url: o.url,
            username: o.username,
            password: o.password,
            onRetry: (e) =>
              console.error(
                `source answered ${e.status} for ${new URL(e.url).pathname}; retrying in ${Math.round(e.delayMs)} ms`,
              ),
          });
          const local = await localClient(rt, accountId);
          const bar = progress();
          let report: ImportReport;
          try {
            report = await importAlertSite({
              source,
              target: local.client,
              db: rt.deps.db,
              accountId,
              sourceUrl: originOf(o.url),
              locationMap: map,
              dryRun: o.dryRun === true,
              now: rt.deps.clock.now,
              onProgress: (e) => bar.update(e),
            });
          } finally {
            bar.stop();
            await local.close();
          }
          console.log(o.json ? JSON.stringify(report, null, 2) : formatReport(report, o.dryRun === true));
          if (report.items.some((i) => i.outcome === 'failed')) process.exitCode = 1;
        }),
    );
}
