import { Writable } from 'node:stream';
import type { Settings } from '../../src/config/settings.ts';
import type { Clock } from '../../src/domain/clock.ts';
import { createLogger } from '../../src/log.ts';
import { createRuntime, startServer, type Runtime } from '../../src/main.ts';
import type { DialectName } from '../../src/store/dialect/types.ts';
import { dropSchema, isolatedSettings } from './db.ts';

export const ADMIN = { email: 'admin@example.com', password: 'first admin secret 1' };

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as-is (no JSON encoding, no Content-Type added). */
  raw?: string;
  headers?: Record<string, string>;
}

/** A real sitewatch server on a loopback port, with its own database. */
export interface TestServer {
  url: string;
  settings: Settings;
  runtime: Runtime;
  /** Every log line the server wrote. */
  logs: string[];
  request(method: string, path: string, opts?: RequestOptions): Promise<Reply>;
  login(email?: string, password?: string): Promise<string>;
  /** Stops the server; `keepData` leaves the database for a restart. */
  close(opts?: { keepData?: boolean }): Promise<void>;
}

export async function request(
  base: string,
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function startTestServer(
  opts: { dialect?: DialectName; env?: Record<string, string>; settings?: Settings; clock?: Clock } = {},
): Promise<TestServer> {
  const settings = opts.settings ?? isolatedSettings(opts.dialect ?? 'sqlite', opts.env);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const log = createLogger(settings.logLevel === 'silent' ? 'info' : settings.logLevel, sink);
  const runtime = await createRuntime(settings, { clock: opts.clock, log });
  const server = await startServer(runtime, () => {});
  const url = server.url;
  const self: TestServer = {
    url,
    settings,
    runtime,
    logs,
    request: (method, path, o) => request(url, method, path, o),
    async login(email = ADMIN.email, password = ADMIN.password) {
      const r = await self.request('POST', '/api/v3/access-tokens', { body: { username: email, password } });
      if (r.status !== 200) throw new Error(`login failed for ${email}: ${r.status} ${r.text}`);
      return r.json.access_token as string;
    },
    async close(o = {}) {
      await server.close();
      await runtime.close();
      if (!o.keepData) await dropSchema(settings);
    },
  };
  return self;
}

/** Creates a user through the API and returns its guid and a token for it. */
export async function addUser(
  srv: TestServer,
  adminToken: string,
  role: string,
  email = `${role.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.com`,
): Promise<{ guid: string; email: string; password: string; token: string }> {
  const password = `pw for ${email} 42`;
  const r = await srv.request('POST', '/api/v3/users', {
    token: adminToken,
    body: { email, password, role, first_name: 'Test', last_name: role },
  });
  if (r.status !== 200) throw new Error(`user create failed: ${r.status} ${r.text}`);
  return { guid: r.json.id, email, password, token: await srv.login(email, password) };
}
