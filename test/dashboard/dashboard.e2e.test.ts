/**
 * The dashboard in headless Chromium, served by the Node listener on a real socket over a seeded
 * usage store: a team lead signs in with HTTP Basic (any user name, an admin key as password),
 * reads totals, the model table, a failover chain and an escaped tag, and switches range; a
 * non-admin key gets 403 and no page. Leaves a screenshot in test/dashboard/__screenshots__/.
 *
 * Needs Chromium at /usr/bin/chromium (scripts/ensure-chromium.sh installs Debian's package).
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/cli/node-listener';
import { handleDashboard, isDashboardPath, type DashboardAccess } from '../../src/server/dashboard/dashboard-route';
import { MARKUP_TAG, NOW, seedRecords } from './seed';
import { MemoryUsageStore } from '../../src/storage/memory-usage-store';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ADMIN_KEY = 'mg_admin-lead-5f2a9c';
const TEAM_KEY = 'mg_team-app-81d0';
const SCREENSHOT_DIR = new URL('./__screenshots__/', import.meta.url).pathname;

let server: Server;
let baseURL: string;
let browser: Browser;
let alertFired = false;

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}: run \`bash scripts/ensure-chromium.sh\` (installs Debian's chromium).`);
  }
  const usage = new MemoryUsageStore();
  await usage.append(seedRecords());
  const authorize = (token: string): DashboardAccess => (token === ADMIN_KEY ? 'admin' : token === TEAM_KEY ? 'key' : undefined);
  const started = await listen((request) => {
    const { pathname } = new URL(request.url);
    return isDashboardPath(pathname) ? handleDashboard(request, { usage, authorize, now: () => NOW }) : new Response('not found', { status: 404 });
  });
  server = started.server;
  baseURL = started.url;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('the dashboard in Chromium', () => {
  it('shows a signed-in admin the totals, models, failover chains and escaped tags, and reads well at 1280px', async () => {
    const context = await browser.newContext({ httpCredentials: { username: 'lead', password: ADMIN_KEY }, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      alertFired = true;
      void dialog.dismiss();
    });
    const response = await page.goto(`${baseURL}/dashboard`);
    expect(response?.status()).toBe(200);

    await expect.poll(() => page.locator('h1').innerText()).toBe('modelgate usage');
    expect(await page.locator('.window').innerText()).toBe('Last 7 days · Nov 15 – Nov 21, 2026 (UTC)');
    expect(await page.locator('[data-stat="requests"]').innerText()).toMatch(/^\d{2,3}$/);
    expect(await page.locator('[data-stat="spend"]').innerText()).toMatch(/^\$\d+\.\d\d$/);
    expect(await page.locator('[data-stat="failed"]').innerText()).toBe('2 failed');

    const claude = page.locator('section:has(h2:text-is("Models")) tr', { hasText: 'anthropic/claude-sonnet-4.5' });
    await expect.poll(() => claude.count()).toBe(1);
    expect(await claude.locator('td').allInnerTexts()).toEqual([
      'anthropic/claude-sonnet-4.5',
      expect.stringMatching(/^\d+$/),
      expect.stringMatching(/^[\d,.]+k?$/),
      expect.stringMatching(/^[\d,.]+k?$/),
      expect.stringMatching(/^[\d,.]+k?$/),
      expect.stringMatching(/^\$/),
      expect.stringMatching(/^\d+%$/),
      expect.stringMatching(/ ms$/),
      expect.stringMatching(/ ms$/),
    ]);

    const failover = page.locator('table.recent tr', { hasText: 'anthropic ✓' }).first();
    expect(await failover.locator('td.chain').innerText()).toBe('openai ✗ 500→anthropic ✓');
    const allFailed = page.locator('table.recent tr').nth(1);
    expect(await allFailed.locator('td.chain').innerText()).toBe('openai ✗ 500→azure ✗ 503');
    expect(await allFailed.locator('td').nth(5).innerText()).toBe('502\ninternal_server_error');
    expect(await page.locator('table.recent tr', { hasText: 'cache ✓' }).count()).toBe(1);

    // The markup tag is text on the page, not an element, and nothing ran.
    expect(await page.locator('.tag', { hasText: MARKUP_TAG }).count()).toBeGreaterThan(0);
    expect(await page.locator('script').count()).toBe(0);
    expect(alertFired).toBe(false);
    expect(await page.content()).not.toContain(ADMIN_KEY);

    // The chart has one bar group per day and a legend naming the models.
    expect(await page.locator('svg.chart g').count()).toBe(7);
    expect(await page.locator('.legend li').allInnerTexts()).toContain('openai/gpt-4o');

    // Nothing overflows sideways at 1280px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOT_DIR}dashboard.png`, fullPage: true });

    // The range links keep the credentials and switch to hourly buckets.
    await page.click('nav a:text-is("24h")');
    await expect.poll(() => page.locator('h2', { hasText: 'Spend per hour by model' }).count()).toBe(1);
    expect(await page.locator('svg.chart g').count()).toBe(24);
    await page.screenshot({ path: `${SCREENSHOT_DIR}dashboard-24h.png`, fullPage: true });
    await context.close();
  });

  it('answers a non-admin key with 403 and no page, and no key with a Basic challenge', async () => {
    const context = await browser.newContext({ httpCredentials: { username: 'lead', password: TEAM_KEY } });
    const page = await context.newPage();
    const response = await page.goto(`${baseURL}/dashboard`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('body').innerText()).toContain('not an admin key');
    expect(await page.locator('table, svg, h2').count()).toBe(0);
    await context.close();

    const anonymous = await fetch(`${baseURL}/dashboard`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="modelgate"/);
  });

  it('serves data.json to a script with a Bearer admin key', async () => {
    const response = await fetch(`${baseURL}/dashboard/data.json?range=30d`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(response.status).toBe(200);
    const view = await response.json();
    expect(view.range).toBe('30d');
    expect(view.spendOverTime.buckets).toHaveLength(30);
    expect(view.totals.requests).toBe(seedRecords().length);
  });
});
