import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DIALECTS } from './helpers/db.ts';
import { ADMIN, startTestServer, type TestServer } from './helpers/server.ts';

// Every curl example of the README runs, in order, with real curl against a fresh real server.
//
// The convention (README "Development" says it too):
// - Every ```sh block that contains `curl` runs, unless the line before its fence is
//   `<!-- readme-examples: skip -->` (for examples that need infrastructure the test lacks).
// - Such a block holds only `curl` commands (continued with `\`), `NAME=value` assignments (kept
//   for the commands after them) and comments.
// - `http://localhost:8080` is the test server; `TOKEN=...`, `"password": "..."`, `password=...` and any 32-hex
//   bearer token are the first-start ADMIN's token and password (admin@example.com).
// - Placeholder ids are the ids the server answered earlier: `GUID` = the last `POST /users`,
//   `123456` = the last monitor created (`POST /monitors/<type>`), `9001` = the last `POST
//   /recipients`. Add a row to PLACEHOLDERS for a new resource.
// - Each command must answer 2xx with no `errors` key; a list must carry `metadata` and `results`.

const run = promisify(execFile);

/** Placeholder text → the POST path (after /api/v3) whose answered `id` it stands for. */
const PLACEHOLDERS: { text: string; path: RegExp }[] = [
  { text: 'GUID', path: /^\/users$/ },
  { text: '123456', path: /^\/monitors\/[a-z-]+$/ },
  { text: '9001', path: /^\/recipients$/ },
  { text: '4242', path: /^\/monitors\/\d+\/performance-alerts$/ },
];

/** One command of the README with the line it starts on. */
interface Example {
  line: number;
  text: string;
}

/** The commands of every runnable sh block, in README order. */
export function readmeExamples(readme: string): Example[] {
  const lines = readme.split('\n');
  const at = (i: number) => lines[i] ?? '';
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (at(i).trim() !== '```sh') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && at(end).trim() !== '```') end++;
    const body = lines.slice(start, end);
    i = end;
    if (!body.some((l) => /^\s*curl\s/.test(l))) continue;
    // The marker stands on the line before the fence (prettier may put a blank line between).
    let before = start - 2;
    while (before > 0 && at(before).trim() === '') before--;
    if (at(before).trim() === '<!-- readme-examples: skip -->') continue;
    for (let j = 0; j < body.length; j++) {
      const line = j + start + 1;
      let text = body[j] ?? '';
      while (text.endsWith('\\') && j + 1 < body.length)
        text = `${text.slice(0, -1)} ${(body[++j] ?? '').trim()}`;
      if (text.trim() === '' || text.trim().startsWith('#')) continue;
      out.push({ line, text: text.trim() });
    }
  }
  return out;
}

/** The README text of one command with the server, token, password and captured ids put in. */
function substitute(text: string, srv: TestServer, token: string, ids: Map<string, string>, line: number) {
  let s = text
    .replaceAll('http://localhost:8080', srv.url)
    .replace(/^TOKEN=\.\.\.$/, `TOKEN=${token}`)
    .replaceAll('"password": "..."', `"password": "${ADMIN.password}"`)
    .replaceAll('password=...', `password=${encodeURIComponent(ADMIN.password)}`)
    .replace(/\b[0-9a-f]{32}\b/g, token);
  for (const p of PLACEHOLDERS) {
    if (!new RegExp(`\\b${p.text}\\b`).test(s)) continue;
    const id = ids.get(p.text);
    assert.ok(id, `README line ${line} uses ${p.text} before any example created one`);
    s = s.replace(new RegExp(`\\b${p.text}\\b`, 'g'), id);
  }
  return s;
}

// The examples are curl commands: they run with curl itself (.ci/run installs it).
const noCurl = spawnSync('curl', ['--version']).error ? 'curl is not installed' : false;

const examples = readmeExamples(readFileSync(new URL('../README.md', import.meta.url), 'utf8'));

describe('README examples: found', () => {
  it('finds the curl examples and nothing it cannot run', () => {
    assert.ok(examples.filter((e) => e.text.startsWith('curl ')).length >= 20, 'at least 20 curl examples');
    for (const e of examples) {
      assert.match(
        e.text,
        /^(curl\s|[A-Z_][A-Z0-9_]*=)/,
        `README line ${e.line}: only curl commands and NAME=value lines may stand in a curl block (or mark it <!-- readme-examples: skip -->)`,
      );
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`README examples run as written (${dialect})`, { skip: noCurl }, () => {
    let srv: TestServer;
    let dir: string;
    before(async () => {
      // Outbound checks refused: an example that tests a URL answers at once, network or not.
      srv = await startTestServer({
        dialect,
        env: { SITEWATCH_EGRESS_DENY: '0.0.0.0/0,::/0', SITEWATCH_ENGINE_POLL_MS: '60000' },
      });
      dir = mkdtempSync(join(tmpdir(), 'sitewatch-readme-'));
    });
    after(async () => {
      await srv.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('answers every example with success, in order', async () => {
      let token = await srv.login();
      const ids = new Map<string, string>();
      const assignments: string[] = [];
      const bodyFile = join(dir, 'body');
      for (const e of examples) {
        const text = substitute(e.text, srv, token, ids, e.line);
        if (!text.startsWith('curl ')) {
          assignments.push(text);
          continue;
        }
        const script = [
          ...assignments,
          text.replace(/^curl /, `curl -sS -o '${bodyFile}' -w '%{http_code} %{method} %{url_effective}' `),
        ].join('\n');
        rmSync(bodyFile, { force: true });
        const { stdout } = await run('sh', ['-c', script], { timeout: 60_000 });
        const [status = '', method = '', url = ''] = stdout.split(' ');
        const where = `README line ${e.line} (${method} ${url})`;
        let body = '';
        try {
          body = readFileSync(bodyFile, 'utf8');
        } catch {
          /* no body (204) */
        }
        assert.match(status, /^2\d\d$/, `${where} answered ${status}: ${body}`);
        if (body === '') continue;
        // Not every answer is JSON: /metrics speaks the Prometheus text format.
        if (new URL(url).pathname === '/metrics') {
          assert.match(body, /^# HELP sitewatch_/m, where);
          continue;
        }
        const json = JSON.parse(body);
        assert.equal(typeof json, 'object', where);
        assert.equal('errors' in json, false, `${where}: ${body}`);
        if ('metadata' in json) assert.ok(Array.isArray(json.results), `${where}: a list has results`);
        const path = new URL(url).pathname.replace(/^\/api\/v3/, '');
        if (method === 'POST' && path === '/access-tokens') token = json.access_token;
        for (const p of PLACEHOLDERS) {
          if (method === 'POST' && p.path.test(path)) {
            assert.ok(json.id, `${where} answered an id`);
            ids.set(p.text, String(json.id));
          }
        }
      }
    });
  });
}
