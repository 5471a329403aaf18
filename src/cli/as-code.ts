import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { applyChanges, readViews, refsFrom, type Written } from '../as-code/apply.ts';
import { buildDoc, DOC_KINDS, type DocKind, type Views } from '../as-code/document.ts';
import { FileError, parseDocFile, schemaErrors, type ParsedFile } from '../as-code/parse.ts';
import { diff, formatChanges, referenceErrors, type Change } from '../as-code/plan.ts';
import { createSitewatchClient, type SitewatchClient } from '../client/index.ts';
import { ApiError } from '../domain/errors.ts';
import { createRuntime } from '../main.ts';
import { redirectableDb } from '../store/flat-transaction.ts';
import { localAccountId, localClient } from './import.ts';
import { settingsOrExit } from './runtime.ts';

// `sitewatch export` and `sitewatch apply`: an account as one YAML file, and back.

interface Target {
  /** Options shared by both commands. */
  account?: string;
  url?: string;
  username?: string;
  password?: string;
}

const HEADER = [
  '# sitewatch monitors as code. `sitewatch apply <this file>` makes an account match it.',
  '# JSON Schema: docs/monitors.schema.json. Names stand for ids; passwords are never written:',
  '# re-enter them after applying to a new instance.',
  '',
].join('\n');

function withTarget(o: Target, remote: boolean) {
  if (remote && (o.username === undefined || o.password === undefined))
    throw new ApiError(400, '--url needs --username and --password', ['url']);
}

/** What a command works on: a client, and for local work how to run a batch in a transaction. */
interface Session {
  client: SitewatchClient;
  /** Local only: runs `fn` in one transaction that commits, or is always rolled back (rehearsal). */
  transaction: ((fn: () => Promise<void>, commit: boolean) => Promise<void>) | null;
}

const ROLLBACK = new Error('rehearsal done');

/** Runs `fn` against the local runtime (no --url) or a remote server; closes what it opened. */
async function session(o: Target, fn: (s: Session) => Promise<void>): Promise<void> {
  if (o.url !== undefined) {
    withTarget(o, true);
    const client = createSitewatchClient({ url: o.url, username: o.username, password: o.password });
    return fn({ client, transaction: null });
  }
  const rt = await createRuntime(settingsOrExit());
  try {
    const accountId = await localAccountId(rt, o.account);
    // One API for the whole run (building one takes seconds); its queries follow `redirect`.
    const redirect = redirectableDb(rt.deps.db);
    const local = await localClient(rt, accountId, redirect.db);
    const transaction = async (run: () => Promise<void>, commit: boolean) => {
      try {
        await redirect.within(async () => {
          await run();
          if (!commit) throw ROLLBACK;
        });
      } catch (err) {
        if (err !== ROLLBACK) throw err;
      }
    };
    try {
      await fn({ client: local.client, transaction });
    } finally {
      await local.close();
    }
  } finally {
    await rt.close();
  }
}

function kindsOf(raw: string | undefined): DocKind[] {
  if (raw === undefined) return [...DOC_KINDS];
  const kinds = raw.split(',').map((k) => k.trim());
  const bad = kinds.filter((k) => !(DOC_KINDS as readonly string[]).includes(k));
  if (bad.length > 0)
    throw new ApiError(400, `unknown kind ${bad.join(', ')}; use ${DOC_KINDS.join(', ')}`, ['type']);
  return kinds as DocKind[];
}

/** Forward order for creates and changes (references point backwards), reverse for deletes. */
function batches(changes: Change[]): Change[][] {
  const out: Change[][] = [];
  for (const kind of DOC_KINDS) out.push(changes.filter((c) => c.kind === kind && c.op !== 'delete'));
  for (const kind of [...DOC_KINDS].reverse())
    out.push(changes.filter((c) => c.kind === kind && c.op === 'delete'));
  return out.filter((b) => b.length > 0);
}

/**
 * Applies the batches: locally, first a rehearsal of all of them in a transaction that is always
 * rolled back (all-or-nothing on any refusal), then one committed transaction per batch.
 */
async function applyAll(s: Session, changes: Change[], file: ParsedFile, views: Views): Promise<Written> {
  const run = async (written: Written) => {
    const refs = refsFrom(views);
    for (const batch of batches(changes)) {
      const step = () => applyChanges(s.client, batch, refs, file, written);
      if (s.transaction) await s.transaction(step, true);
      else await step();
    }
  };
  if (s.transaction) {
    const rehearsal: Written = { created: 0, changed: 0, deleted: 0 };
    await s.transaction(async () => {
      const refs = refsFrom(views);
      for (const batch of batches(changes)) await applyChanges(s.client, batch, refs, file, rehearsal);
    }, false);
  }
  const written: Written = { created: 0, changed: 0, deleted: 0 };
  await run(written);
  return written;
}

function printErrors(path: string, errors: FileError[]): void {
  for (const e of errors) console.error(`${path}:${e.line}: ${e.field ? `${e.field}: ` : ''}${e.message}`);
  process.exitCode = 1;
}

export function registerAsCodeCommands(program: Command): void {
  const remote = (c: Command) =>
    c
      .option('--account <id>', 'local account (default: the first account)')
      .option('--url <url>', 'a remote sitewatch (or AlertSite) API instead of the local database')
      .option('--username <login>', 'login for --url')
      .option('--password <password>', 'password for --url');

  remote(
    program
      .command('export')
      .description('print monitors, recipients, groups, blackouts, SLAs and properties of an account as YAML')
      .option('--type <kinds>', `comma list of ${DOC_KINDS.join(', ')} (default: all)`),
  ).action(async (o: Target & { type?: string }) => {
    const kinds = kindsOf(o.type);
    await session(o, async ({ client }) => {
      const doc = buildDoc(await readViews(client, kinds), kinds);
      process.stdout.write(HEADER + stringify(doc, { lineWidth: 0 }));
    });
  });

  remote(
    program
      .command('apply <file>')
      .description(
        'make an account match a YAML file: shows the diff, then creates, changes (and with --prune deletes)',
      )
      .option('--dry-run', 'show the diff only')
      .option('--prune', 'delete what the file no longer lists (only for kinds the file lists)'),
  ).action(async (path: string, o: Target & { dryRun?: boolean; prune?: boolean }) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
    }
    const file = parseDocFile(text);
    if (!('doc' in file)) return printErrors(path, file);
    const invalid = schemaErrors(file);
    if (invalid.length > 0) return printErrors(path, invalid);
    await session(o, async (s) => {
      const { client } = s;
      const views = await readViews(client);
      const changes = diff(file.doc, buildDoc(views), o.prune === true);
      const refErrors = referenceErrors(file, buildDoc(views), changes);
      if (refErrors.length > 0) return printErrors(path, refErrors);
      for (const line of formatChanges(changes)) console.log(line);
      const n = (op: Change['op']) => changes.filter((c) => c.op === op).length;
      console.log(`${n('create')} to create, ${n('change')} to change, ${n('delete')} to delete`);
      if (o.dryRun || changes.length === 0) return;
      try {
        const written = await applyAll(s, changes, file, views);
        console.log(
          `applied: ${written.created} created, ${written.changed} changed, ${written.deleted} deleted`,
        );
      } catch (err) {
        if (err instanceof FileError) return printErrors(path, [err]);
        throw err;
      }
    });
  });
}
