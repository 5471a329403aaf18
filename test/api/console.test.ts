import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// The API console as a person sees it, rendered by a real browser: sitewatch's name, no
// "Explore" bar, and the description's `Authorization: Bearer <token>` shown literally.

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent: install Debian's chromium`;

describe('API console in a browser', { skip }, () => {
  let srv: TestServer;
  let browser: Browser;
  before(async () => {
    srv = await startTestServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('shows sitewatch, hides the Explore bar and renders Bearer <token> literally', async () => {
    const page = await browser.newPage();
    await page.goto(`${srv.url}/api/v3/docs/`);
    const description = page.locator('.swagger-ui .info .description');
    await description.waitFor({ timeout: 20_000 });
    assert.match(await description.innerText(), /Authorization: Bearer <token>/);
    assert.equal(await page.title(), 'sitewatch API console');
    const logo = page.locator('.swagger-ui .topbar img');
    assert.match((await logo.getAttribute('src')) ?? '', /^data:image\/svg\+xml;base64,/);
    assert.equal(await page.locator('.swagger-ui .topbar .download-url-wrapper').isVisible(), false);
    assert.equal(await page.getByText('Explore', { exact: true }).isVisible(), false);
    assert.match(await page.locator('.swagger-ui .info .title').innerText(), /sitewatch Management API/);
  });
});
