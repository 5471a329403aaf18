import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { freePort, ROOT, until } from './cluster.ts';

// `kill -TERM` of `npm start` used to leave the server running without a parent: npm must hand the
// signal to the server, and the server must shut down and free its port.

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

describe('npm start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the server and leaves nothing listening on ${signal}`, async () => {
      const port = await freePort();
      const child = spawn('npm', ['start', '--silent'], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? tmpdir(),
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
          SITEWATCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'sitewatch-start-')),
          SITEWATCH_ADMIN_PASSWORD: 'first admin secret 1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (out += c));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      try {
        await until('the server to listen', 90_000, () => listening(port)).catch((err: Error) => {
          throw new Error(`${err.message}\n${out}`);
        });
        child.kill(signal);
        await exited;
        await until('the port to close', 10_000, async () => !(await listening(port)));
        assert.equal(await listening(port), false, 'no orphaned server keeps the port');
        assert.match(out, /shutting down/, 'the server itself received the signal and shut down');
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  }
});
