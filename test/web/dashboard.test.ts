import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { EngineProcess } from '../../src/engine/process.ts';
import { startEngine } from '../../src/main.ts';
import type { Clock } from '../../src/domain/clock.ts';
import { ADMIN, addUser, startTestServer, type TestServer } from '../helpers/server.ts';
import { ensureWebBuilt, launchChromium, seriousViolations, shoot } from './helpers.ts';

// The dashboard in a real Chromium against a real server, engine and HTTP target: sign in, create
// a monitor, watch it go green then red without a reload, chart, test now, edit, delete, roles,
// and a public status page. Every page is checked with axe-core and photographed.

const MINUTE = 60_000;

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const skip = existsSync('/usr/bin/chromium')
  ? false
  : "/usr/bin/chromium is absent: install Debian's chromium";

describe('dashboard in a browser', { skip }, () => {
  let target: Server;
  let targetUrl: string;
  let srv: TestServer;
  let engine: EngineProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  let monitorId: string;
  // Real time that the test can jump forward: checks measure real durations (a frozen clock would
  // record 0 ms for every phase), while the next slot comes at once.
  const clock = new (class implements Clock {
    offset = 0;
    now = () => Date.now() + this.offset;
    advance(ms: number) {
      this.offset += ms;
    }
  })();

  async function axe(p: Page, name: string) {
    await shoot(p, name);
    assert.deepEqual(await seriousViolations(p), [], `axe on ${name}`);
  }

  /** Lets the engine run every due check: one interval passes on the server clock. */
  async function tick(monitor: string, count: number) {
    clock.advance(MINUTE + 1000);
    await until(`${count} results of monitor ${monitor}`, async () => {
      const rows = await srv.runtime.deps.db
        .selectFrom('check_results')
        .select('id')
        .where('monitor_id', '=', Number(monitor))
        .where('kind', '=', 'scheduled')
        .execute();
      return rows.length >= count ? rows : undefined;
    });
  }

  before(async () => {
    await ensureWebBuilt();
    // A first byte after 20–120 ms, so the chart has something to draw.
    let n = 0;
    target = createServer((_req, res) => {
      setTimeout(
        () => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('hello sitewatch');
        },
        20 + ((n++ * 37) % 100),
      );
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/`;
    srv = await startTestServer({
      clock,
      env: {
        SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8,::1/128',
        SITEWATCH_ENGINE_POLL_MS: '20',
        SITEWATCH_ENGINE_FLUSH_MS: '10',
      },
    });
    engine = await startEngine(srv.runtime, { locations: [10], worker: false });
    token = await srv.login();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await engine?.stop();
    await srv?.close();
    target.closeAllConnections();
    await new Promise((r) => target.close(r));
  });

  it('serves the app with security headers and long-cache hashed assets', async () => {
    const index = await srv.request('GET', '/monitors/123');
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type')!, /text\/html/);
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    assert.match(index.headers.get('content-security-policy')!, /script-src 'self'.*frame-ancestors 'none'/);
    assert.equal(index.headers.get('x-frame-options'), 'DENY');
    assert.equal(index.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(index.headers.get('referrer-policy'));
    assert.ok(!/<script>|<script(?![^>]*src=)[^>]*>/.test(index.text), 'no inline script');
    const js = index.text.match(/src="(\/assets\/[^"]+\.js)"/)![1]!;
    const asset = await srv.request('GET', js);
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal((await srv.request('GET', '/assets/missing-123.js')).status, 404);
    for (const method of ['GET', 'DELETE']) {
      const api404 = await srv.request(method, '/api/v3/no-such-thing', { token });
      assert.equal(api404.status, 404, 'unknown API paths keep the 404 envelope');
      assert.equal(api404.json.errors[0].code, 404);
    }
  });

  it('signs in, and the token stays out of localStorage', async () => {
    await page.goto(srv.url + '/');
    await axe(page, '01-sign-in');
    await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Status board' }).waitFor();
    assert.equal(await page.evaluate('localStorage.length'), 0);
    assert.match(String(await page.evaluate("sessionStorage.getItem('sitewatch.session')")), /token/);
  });

  it('creates a website monitor against the local target and shows it green on the board', async () => {
    await page.getByRole('link', { name: 'New monitor' }).click();
    await page.getByLabel('Type (required)', { exact: true }).selectOption('website');
    await page.getByLabel('Name (required)', { exact: true }).fill('Local shop');
    await page.getByLabel('Url (required)', { exact: true }).fill(targetUrl);
    await page.getByLabel('Interval', { exact: true }).selectOption('1');
    await page.getByRole('checkbox', { name: 'Local' }).check();
    await axe(page, '03-new-monitor');
    // The API's validation message lands on the field it names.
    await page.getByLabel('Timeout', { exact: true }).fill('999');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.locator('#m-timeout-err').waitFor();
    assert.match(await page.locator('#m-timeout-err').innerText(), /timeout|120|must/i);
    await page.getByLabel('Timeout', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Local shop' }).waitFor();
    monitorId = page.url().match(/\/monitors\/(\d+)$/)![1]!;

    // A few neighbours so the board (and its README screenshot) has more than one row.
    for (const name of ['Checkout API', 'Docs site', 'Login page']) {
      const r = await srv.request('POST', '/api/v3/monitors/website', {
        token,
        body: {
          name,
          url: targetUrl + name.toLowerCase().replace(' ', '-'),
          interval: 1,
          locations: [{ id: 10 }],
        },
      });
      assert.equal(r.status, 200, r.text);
    }
    for (let i = 1; i <= 5; i++) await tick(monitorId, i);
    await page.getByRole('link', { name: 'Board' }).click();
    const row = page.locator(`[data-monitor="${monitorId}"]`);
    await row.locator('[data-tone="ok"]').waitFor();
    assert.match(await row.innerText(), /OK/);
    await axe(page, '02-board');
  });

  it('turns red on the board without a reload when the target stops', async () => {
    await page.evaluate('window.marker = 42');
    target.closeAllConnections();
    await new Promise((r) => target.close(r));
    await tick(monitorId, 6);
    const row = page.locator(`[data-monitor="${monitorId}"]`);
    await row.locator('[data-tone="bad"]').waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate('window.marker'), 42, 'no reload');
    await page.getByLabel('Status', { exact: true }).selectOption('bad');
    await page.locator('.board .row[data-tone="ok"]').first().waitFor({ state: 'detached' });
    assert.ok((await page.locator('.board .row').count()) >= 1);
    assert.equal(await page.locator('.board .row[data-tone="ok"]').count(), 0);
    await shoot(page, '02-board-red');
    await page.getByLabel('Status', { exact: true }).selectOption('');
  });

  it('shows the detail page with the chart drawn from results, and runs a test now', async () => {
    await page.locator(`[data-monitor="${monitorId}"] a`).click();
    await page.getByRole('heading', { name: 'Local shop' }).waitFor();
    const chart = page.locator('.chart canvas').first();
    await chart.waitFor();
    assert.ok(Number(await page.locator('.chart').first().getAttribute('data-points')) >= 1);
    await page.getByRole('heading', { name: 'Recent errors' }).waitFor();
    await page
      .locator('table')
      .getByText(/refused|ECONNREFUSED|connect/i)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Run test now' }).click();
    await page.locator('[data-test-result]').waitFor({ timeout: 20_000 });
    assert.match(await page.locator('[data-test-result]').innerText(), /Test result/);
    await axe(page, '04-monitor-detail');
  });

  it('edits, clones and deletes the monitor', async () => {
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.locator('#m-name').fill('Local shop (edited)');
    await axe(page, '05-edit-monitor');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Local shop (edited)' }).waitFor();
    await page.getByRole('link', { name: 'Clone' }).click();
    await page.getByLabel('Name (required)').fill('Clone of shop');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Clone of shop' }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Status board' }).waitFor();
    const r = await srv.request('GET', '/api/v3/monitors', { token });
    const names = r.json.results.map((m: { name: string }) => m.name);
    assert.ok(names.includes('Local shop (edited)'));
    assert.ok(!names.includes('Clone of shop'), 'the clone was deleted');
  });

  it('shows the resource pages (blackouts, recipients, SLAs, users, status pages, account)', async () => {
    for (const [link, name] of [
      ['Blackouts', '06-blackouts'],
      ['Recipients', '07-recipients'],
      ['Groups', '08-groups'],
      ['SLAs', '09-slas'],
      ['Users', '10-users'],
      ['Status pages', '11-status-pages'],
      ['My account', '12-account'],
    ] as const) {
      await page.getByRole('navigation').getByRole('link', { name: link }).click();
      await page.locator('main h1').waitFor();
      await page.locator('main [role=status]', { hasText: 'Loading' }).waitFor({ state: 'detached' });
      await axe(page, name);
    }
    // A blackout through the form: the API's field message for a bad date shows on the field.
    await page.getByRole('navigation').getByRole('link', { name: 'Blackouts' }).click();
    await page.getByRole('button', { name: 'New' }).click();
    await page.getByLabel('Assoc id (required)', { exact: true }).fill(monitorId);
    await page.getByLabel('Type (required)', { exact: true }).selectOption('Monitor');
    await page.getByLabel('From date', { exact: true }).fill('not a date');
    await page.getByLabel('Thru date', { exact: true }).fill('2030-01-01 10:00:00');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.field.invalid').first().waitFor();
    await page.getByLabel('From date', { exact: true }).fill('2030-01-01 08:00:00');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
  });

  it('gives a READONLY user no write controls', async () => {
    const ro = await addUser(srv, token, 'READONLY');
    const ctx = await browser.newContext();
    try {
      const p = await ctx.newPage();
      await p.goto(srv.url + '/');
      await p.getByLabel('Email', { exact: true }).fill(ro.email);
      await p.getByLabel('Password', { exact: true }).fill(ro.password);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.getByRole('heading', { name: 'Status board' }).waitFor();
      assert.equal(await p.getByRole('link', { name: 'New monitor' }).count(), 0);
      await p.locator(`[data-monitor="${monitorId}"] a`).click();
      await p.getByRole('heading', { name: /Local shop/ }).waitFor();
      for (const name of ['Run test now', 'Delete'])
        assert.equal(await p.getByRole('button', { name }).count(), 0);
      assert.equal(await p.getByRole('link', { name: 'Edit' }).count(), 0);
      await p.getByRole('link', { name: 'Blackouts' }).click();
      await p.locator('main h1').waitFor();
      assert.equal(await p.getByRole('button', { name: 'New' }).count(), 0);
      assert.equal(await p.getByRole('link', { name: 'Users' }).count(), 0);
      await shoot(p, '13-readonly-detail');
      // Signing out revokes the token on the server.
      const session = JSON.parse(String(await p.evaluate("sessionStorage.getItem('sitewatch.session')")));
      await p.getByRole('button', { name: 'Sign out' }).click();
      await p.getByRole('heading', { name: 'Sign in to sitewatch' }).waitFor();
      assert.equal((await srv.request('GET', '/api/v3/monitors', { token: session.token })).status, 401);
    } finally {
      await ctx.close();
    }
  });

  it('publishes a status page that shows the chosen monitors and nothing else, without a token', async () => {
    const other = await srv.request('POST', '/api/v3/monitors/website', {
      token,
      body: { name: 'Hidden admin panel', url: targetUrl, interval: 60, locations: [{ id: 10 }] },
    });
    assert.equal(other.status, 200, other.text);
    const created = await srv.request('POST', '/api/v3/status-pages', {
      token,
      body: { slug: 'shop', title: 'Shop status', monitors: [Number(monitorId)] },
    });
    assert.equal(created.status, 200, created.text);
    const ctx = await browser.newContext();
    try {
      const p = await ctx.newPage();
      const requests: string[] = [];
      p.on('request', (r) => requests.push(r.url()));
      const res = await p.goto(srv.url + '/status/shop');
      assert.equal(res!.status(), 200);
      await p.getByRole('heading', { name: 'Shop status' }).waitFor();
      await p.locator('[data-public-monitor]').first().waitFor();
      const text = await p.locator('main').innerText();
      assert.match(text, /Local shop \(edited\)/);
      assert.doesNotMatch(text, /Hidden admin panel/);
      assert.ok(!requests.some((u) => u.includes('/api/v3/')), 'the public page calls no token API');
      assert.equal(await p.evaluate('sessionStorage.length'), 0);
      await axe(p, '14-public-status-page');
      const missing = await p.goto(srv.url + '/status/no-such-page');
      assert.equal(missing!.status(), 404);
      await p.getByRole('heading', { name: 'Status page not found' }).waitFor();
    } finally {
      await ctx.close();
    }
  });

  it('is usable at phone width and in dark mode', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    try {
      const p = await ctx.newPage();
      await p.goto(srv.url + '/');
      await p.getByLabel('Email', { exact: true }).fill(ADMIN.email);
      await p.getByLabel('Password', { exact: true }).fill(ADMIN.password);
      await p.keyboard.press('Enter');
      await p.getByRole('heading', { name: 'Status board' }).waitFor();
      await p.locator(`[data-monitor="${monitorId}"]`).waitFor();
      // A revoked token (here: signed out elsewhere) brings the next poll back to the sign-in page.
      const session = JSON.parse(String(await p.evaluate("sessionStorage.getItem('sitewatch.session')")));
      assert.equal(
        (await srv.request('DELETE', '/api/v3/access-tokens', { token: session.token })).status,
        204,
      );
      await p.getByText('Your session ended').waitFor({ timeout: 15_000 });
      await p.getByLabel('Email', { exact: true }).fill(ADMIN.email);
      await p.getByLabel('Password', { exact: true }).fill(ADMIN.password);
      await p.keyboard.press('Enter');
      await p.locator(`[data-monitor="${monitorId}"]`).waitFor();
      const overflow = Number(await p.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
      assert.ok(overflow <= 1, `no horizontal scrolling at phone width (${overflow}px)`);
      await axe(p, '15-board-phone-dark');
    } finally {
      await ctx.close();
    }
  });
});
