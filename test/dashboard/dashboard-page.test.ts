import { describe, expect, it } from 'vitest';
import { loadDashboard } from '../../src/server/dashboard/dashboard-data';
import { axisUsd, chainText, formatMs, formatTokens, formatUsd, niceStep, renderDashboardPage } from '../../src/server/dashboard/dashboard-page';
import { escapeHtml, html } from '../../src/server/dashboard/html';
import { MARKUP_TAG, NOW, seedRecords } from './seed';
import { MemoryUsageStore } from '../../src/storage/memory-usage-store';

async function pageFor(records = seedRecords(), range: '24h' | '7d' | '30d' = '7d'): Promise<string> {
  const store = new MemoryUsageStore();
  await store.append(records);
  return renderDashboardPage(await loadDashboard(store, range, NOW), { basePath: '/dashboard' });
}

describe('escaping', () => {
  it('html`` escapes every interpolated value, arrays too, but not nested html``', () => {
    const evil = '<img src=x onerror="alert(1)">';
    expect(html`<td title="${evil}">${evil}</td>`.value).toBe(
      '<td title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</td>',
    );
    expect(html`${['<a>', html`<b>`, undefined, 0]}`.value).toBe('&lt;a&gt;<b>0');
    expect(escapeHtml(`'&'`)).toBe('&#39;&amp;&#39;');
  });

  it('a markup tag, model id or user renders as text, and the page has no script at all', async () => {
    const records = seedRecords().map((record) =>
      record.id === 'gen_failover' ? { ...record, model: 'x/<img src=x onerror=alert(1)>', user: '"><svg onload=alert(2)>', tags: [MARKUP_TAG] } : record,
    );
    const page = await pageFor(records);
    expect(page).not.toMatch(/<script|<img|<svg onload/i);
    expect(page).toContain('&lt;script&gt;alert(&quot;tag&quot;)&lt;/script&gt;');
    expect(page).toContain('x/&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&quot;&gt;&lt;svg onload=alert(2)&gt;');
  });
});

describe('formatting', () => {
  it('money, tokens and durations read like a person would write them', () => {
    expect([0, 0.00004, 0.0042, 0.5, 1234.567].map(formatUsd)).toEqual(['$0.00', '<$0.0001', '$0.0042', '$0.50', '$1,234.57']);
    expect([950, 12_400, 240_000, 1_240_000].map(formatTokens)).toEqual(['950', '12,400', '240k', '1.24M']);
    expect([420.4, 1300, 12_345].map(formatMs)).toEqual(['420 ms', '1.30 s', '12.3 s']);
  });

  it('chart gridlines fall on round amounts, labelled exactly', () => {
    expect([0.085, 0.4, 7, 130, 0].map(niceStep)).toEqual([0.025, 0.1, 2, 50, 0.25]);
    expect([0, 0.025, 0.05, 0.075, 0.1].map((value) => axisUsd(value, 0.025))).toEqual(['$0', '$0.025', '$0.050', '$0.075', '$0.100']);
    expect([0.5, 1].map((value) => axisUsd(value, 0.5))).toEqual(['$0.50', '$1.00']);
    expect([2.5, 10].map((value) => axisUsd(value, 2.5))).toEqual(['$2.5', '$10.0']);
    expect(axisUsd(150, 50)).toBe('$150');
  });

  it('a failover chain reads as provider ✗ status → provider ✓', () => {
    const step = { model: 'm', durationMs: 1 };
    expect(
      chainText({
        cacheHit: false,
        status: 200,
        chain: [
          { ...step, provider: 'openai', success: false, statusCode: 500 },
          { ...step, provider: 'anthropic', success: true, statusCode: 200 },
        ],
      }),
    ).toBe('openai ✗ 500 → anthropic ✓');
    expect(chainText({ cacheHit: true, status: 200, chain: [] })).toBe('cache ✓');
    expect(chainText({ cacheHit: false, status: 429, chain: [] })).toBe('not sent');
  });
});

describe('renderDashboardPage', () => {
  it('shows totals, the spend chart, the model table, users, tags and the latest calls', async () => {
    const page = await pageFor();
    expect(page).toMatch(/^<!doctype html>/);
    for (const heading of ['Spend per day by model', 'Models', 'Spend by user', 'Spend by tag', 'Latest calls']) expect(page).toContain(`<h2>${heading}</h2>`);
    expect(page).toContain('aria-label="Spend per day by model"');
    expect(page).toContain('anthropic/claude-sonnet-4.5');
    expect(page).toContain('alice@acme.dev');
    expect(page).toContain('openai ✗ 500</span><span class="arrow">→</span><span class="step ok"');
    expect(page).toContain('<span class="pill failed">429</span><div class="sub error-type">rate_<wbr>limit_<wbr>exceeded</div>');
    // Nothing is loaded from elsewhere.
    expect(page).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(page).not.toMatch(/<link|@import|url\(/);
  });

  it('shows spend by quota entity only when some call named one', async () => {
    expect(await pageFor()).not.toContain('<h2>Spend by quota entity</h2>');
    const records = seedRecords();
    const tenants = records.map((record, index) => (index % 3 === 0 ? { ...record, quotaEntity: index % 2 ? 'acct-globex' : 'acct-acme' } : record));
    const page = await pageFor(tenants);
    expect(page).toContain('<h2>Spend by quota entity</h2>');
    expect(page).toContain('<td class="name">acct-acme</td>');
    expect(page).toContain('<td class="name">acct-globex</td>');
    expect(page).toContain('<span class="muted">(no quota entity)</span>');
  });

  it('links the ranges and data.json under the dashboard path, marking the current range', async () => {
    const page = await pageFor(undefined, '24h');
    expect(page).toContain('<a href="/dashboard?range=24h" class="active">24h</a>');
    expect(page).toContain('<a href="/dashboard?range=7d" class="">7d</a>');
    expect(page).toContain('href="/dashboard/data.json?range=24h"');
    expect(page).toContain('Spend per hour by model');
  });

  it('says so when there is no traffic, instead of empty tables', async () => {
    const page = await pageFor([]);
    expect(page).toContain('No traffic yet');
    expect(page).toContain('Nothing was called through this gateway in the last 7 days.');
    expect(page).not.toContain('<table');
    expect(page).not.toContain('<svg');
  });
});
