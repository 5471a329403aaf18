import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { skipUnless } from './requirements.ts';
import { loadSettings, type Settings } from '../../src/config/settings.ts';
import type { DialectName } from '../../src/store/dialect/types.ts';

/** The PostgreSQL the tests use: DATABASE_URL, else the machine's local server. */
export const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const pgUp = await postgresReachable();
// Under CI a missing PostgreSQL fails the run instead of quietly testing SQLite only.
skipUnless(pgUp, `PostgreSQL is not reachable at ${PG_URL.replace(/:[^:@/]*@/, ':***@')}`);
if (!pgUp) {
  console.log(
    `# PostgreSQL not reachable at ${PG_URL.replace(/:[^:@/]*@/, ':***@')}: the postgres dialect is SKIPPED`,
  );
}

/** Dialects to run every database test against. */
export const DIALECTS: DialectName[] = pgUp ? ['sqlite', 'postgres'] : ['sqlite'];
export const POSTGRES_AVAILABLE = pgUp;

let counter = 0;

/** Settings for an isolated database: a fresh SQLite folder, or a fresh PostgreSQL schema. */
export function isolatedSettings(dialect: DialectName, env: Record<string, string> = {}): Settings {
  const dataDir = mkdtempSync(join(tmpdir(), 'sitewatch-test-'));
  const schema = `sw_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  return loadSettings({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    SITEWATCH_DATA_DIR: dataDir,
    SITEWATCH_ADMIN_EMAIL: 'admin@example.com',
    SITEWATCH_ADMIN_PASSWORD: 'first admin secret 1',
    SITEWATCH_API_RATE_LIMIT: '0',
    ...(dialect === 'postgres' ? { DATABASE_URL: PG_URL, SITEWATCH_DB_SCHEMA: schema } : {}),
    ...env,
  });
}

/** Drops a test's PostgreSQL schema (SQLite folders live in the OS temp dir). */
export async function dropSchema(settings: Settings): Promise<void> {
  if (!settings.databaseUrl || settings.databaseSchema === 'public') return;
  const client = new pg.Client({ connectionString: settings.databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${settings.databaseSchema}" CASCADE`);
  } finally {
    await client.end();
  }
}
