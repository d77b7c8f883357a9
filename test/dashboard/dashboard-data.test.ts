import { describe, expect, it, vi } from 'vitest';
import {
  buildDashboardView,
  costSeries,
  dashboardWindow,
  loadDashboard,
  parseDashboardRange,
  type DashboardInputs,
  type UsageTotals,
} from '../../src/server/dashboard/dashboard-data';
import type { ReportRow, UsageRecord } from '../../src/storage/types';
import { MARKUP_TAG, NOW, seedRecords } from './seed';
import { MemoryUsageStore } from '../../src/storage/memory-usage-store';

async function seededStore(records = seedRecords()): Promise<MemoryUsageStore> {
  const store = new MemoryUsageStore();
  await store.append(records);
  return store;
}

/** Totals computed straight from records, independently of the report path. */
function totalsOf(records: readonly UsageRecord[]): UsageTotals {
  return {
    requests: records.length,
    inputTokens: records.reduce((sum, record) => sum + record.inputTokens, 0),
    outputTokens: records.reduce((sum, record) => sum + record.outputTokens, 0),
    cachedInputTokens: records.reduce((sum, record) => sum + record.cachedInputTokens, 0),
    reasoningTokens: records.reduce((sum, record) => sum + record.reasoningTokens, 0),
    cost: records.reduce((sum, record) => sum + record.cost, 0),
  };
}

function expectTotalsClose(actual: UsageTotals, expected: UsageTotals) {
  expect({ ...actual, cost: 0 }).toEqual({ ...expected, cost: 0 });
  expect(actual.cost).toBeCloseTo(expected.cost, 9);
}

const row = (fields: Partial<ReportRow>): ReportRow => ({
  total_cost: 0,
  market_cost: 0,
  input_tokens: 0,
  output_tokens: 0,
  cached_input_tokens: 0,
  cache_creation_input_tokens: 0,
  reasoning_tokens: 0,
  request_count: 0,
  ...fields,
});

describe('parseDashboardRange', () => {
  it('defaults to 7d and accepts 24h, 7d, 30d', () => {
    expect(parseDashboardRange(null)).toBe('7d');
    expect(parseDashboardRange('')).toBe('7d');
    expect(['24h', '7d', '30d'].map(parseDashboardRange)).toEqual(['24h', '7d', '30d']);
  });
  it('rejects anything else, naming the accepted values', () => {
    expect(() => parseDashboardRange('1y')).toThrow('Unknown dashboard range "1y": use ?range=24h, ?range=7d or ?range=30d.');
  });
});

describe('dashboardWindow', () => {
  it('7d: the last 7 UTC days including today, as report dates and day buckets', () => {
    const window = dashboardWindow('7d', NOW);
    expect(window).toMatchObject({ bucket: 'day', startDate: '2026-11-15', endDate: '2026-11-21' });
    expect(window.buckets).toEqual(['2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21']);
    expect(new Date(window.from).toISOString()).toBe('2026-11-15T00:00:00.000Z');
    expect(new Date(window.to).toISOString()).toBe('2026-11-22T00:00:00.000Z');
  });
  it('24h: 24 hourly buckets ending with the current hour, over two report dates', () => {
    const window = dashboardWindow('24h', NOW);
    expect(window).toMatchObject({ bucket: 'hour', startDate: '2026-11-20', endDate: '2026-11-21' });
    expect(window.buckets).toHaveLength(24);
    expect(window.buckets[0]).toBe('2026-11-20T11:00:00Z');
    expect(window.buckets[23]).toBe('2026-11-21T10:00:00Z');
  });
  it('30d crosses a month boundary', () => {
    const window = dashboardWindow('30d', NOW);
    expect(window.buckets[0]).toBe('2026-10-23');
    expect(window.buckets.at(-1)).toBe('2026-11-21');
  });
});

describe('loadDashboard over a usage store', () => {
  it('7d: totals, models, users and tags match the records of the window', async () => {
    const records = seedRecords();
    const view = await loadDashboard(await seededStore(records), '7d', NOW);
    const window = dashboardWindow('7d', NOW);
    const inWindow = records.filter((record) => record.createdAt >= window.from && record.createdAt < window.to);
    expect(inWindow.length).toBeLessThan(records.length); // the seed has calls before the window, which must not count

    expectTotalsClose(view.totals, totalsOf(inWindow));
    expect(view.models.map((model) => model.model).sort()).toEqual([...new Set(inWindow.map((record) => record.model))].sort());
    for (const model of view.models) {
      const { model: id, ttftP50, ttftP75, ...usage } = model;
      expectTotalsClose(usage, totalsOf(inWindow.filter((record) => record.model === id)));
      expect(ttftP50).toBeGreaterThan(0);
      expect(ttftP75).toBeGreaterThanOrEqual(ttftP50!);
    }
    // Most spend first.
    expect(view.models.map((model) => model.cost)).toEqual([...view.models.map((model) => model.cost)].sort((a, b) => b - a));

    const { name: _name, costSeries, ...alice } = view.users.find((user) => user.name === 'alice@acme.dev')!;
    expectTotalsClose(alice, totalsOf(inWindow.filter((record) => record.user === 'alice@acme.dev')));
    expect(costSeries).toHaveLength(7);
    expect(costSeries!.reduce((sum, value) => sum + value, 0)).toBeCloseTo(alice.cost, 9);

    const markup = view.tags.find((tag) => tag.name === MARKUP_TAG)!;
    expect(markup.requests).toBe(inWindow.filter((record) => record.tags.includes(MARKUP_TAG)).length);
  });

  it('7d: the spend chart stacks per model and adds up to the spend of each day', async () => {
    const view = await loadDashboard(await seededStore(), '7d', NOW);
    const { buckets, totals, byModel } = view.spendOverTime;
    expect(buckets).toHaveLength(7);
    expect(byModel.map((series) => series.name)).toEqual(view.models.map((model) => model.model));
    for (let index = 0; index < buckets.length; index++) {
      expect(byModel.reduce((sum, series) => sum + series.values[index]!, 0)).toBeCloseTo(totals[index]!, 9);
    }
    expect(totals.reduce((sum, value) => sum + value, 0)).toBeCloseTo(view.totals.cost, 9);
  });

  it('24h: counts only the last 24 hours, though a report covers whole days', async () => {
    const records = seedRecords();
    const view = await loadDashboard(await seededStore(records), '24h', NOW);
    const window = dashboardWindow('24h', NOW);
    const inWindow = records.filter((record) => record.createdAt >= window.from && record.createdAt < window.to);
    const coveredDays = records.filter((record) => new Date(record.createdAt).toISOString().slice(0, 10) >= window.startDate);
    expect(inWindow.length).toBeLessThan(coveredDays.length);

    expectTotalsClose(view.totals, totalsOf(inWindow));
    // Users are exclusive: their rows (with "no user") add up to the totals.
    expect(view.users.reduce((sum, user) => sum + user.requests, 0)).toBe(inWindow.length);
    expect(view.users.find((user) => user.name === undefined)?.requests).toBe(inWindow.filter((record) => record.user === undefined).length);
    for (const model of view.models) expect(model.requests).toBe(inWindow.filter((record) => record.model === model.model).length);
    for (const tag of view.tags) expect(tag.requests).toBe(inWindow.filter((record) => record.tags.includes(tag.name!)).length);
    expect(view.spendOverTime.buckets).toHaveLength(24);
  });

  it('recent calls: newest first, with their failover chains, and what they say about health', async () => {
    const view = await loadDashboard(await seededStore(), '7d', NOW);
    expect(view.recent.slice(0, 4).map((call) => call.id)).toEqual(['gen_all_failed', 'gen_rate_limited', 'gen_cache_hit', 'gen_failover']);
    expect(view.recent[3]!.chain).toEqual([
      { provider: 'openai', model: 'gpt-4o', success: false, statusCode: 500, error: 'Internal server error', durationMs: 130 },
      { provider: 'anthropic', model: 'claude-sonnet-4-5', success: true, statusCode: 200, durationMs: 1890 },
    ]);
    expect(view.recent[0]).toMatchObject({ status: 502, errorType: 'internal_server_error', createdAt: '2026-11-21T10:29:00.000Z' });
    expect(view.recentHealth).toEqual({ calls: 25, failed: 2, failedOver: 2, cacheHits: 1 });
  });

  it('an empty store gives zero totals, zero-filled series and no rows', async () => {
    const view = await loadDashboard(new MemoryUsageStore(), '30d', NOW);
    expect(view.totals).toEqual({ requests: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, cost: 0 });
    expect(view.spendOverTime).toEqual({ buckets: dashboardWindow('30d', NOW).buckets, totals: Array(30).fill(0), byModel: [] });
    expect([view.models, view.users, view.tags, view.recent]).toEqual([[], [], [], []]);
  });

  it("asks the store two reports per dimension however many names it shows, each name's series as its own report gives it", async () => {
    for (const range of ['24h', '7d'] as const) {
      const store = await seededStore();
      const report = vi.spyOn(store, 'report');
      const view = await loadDashboard(store, range, NOW);
      // The overall series, then grouped totals and per-bucket rows for models, users, tags and quota entities.
      expect(report).toHaveBeenCalledTimes(9);
      report.mockRestore();
      const window = dashboardWindow(range, NOW);
      const own = (filter: { user?: string; tags?: string[] }) =>
        store.report({ startDate: window.startDate, endDate: window.endDate, groupBy: 'day', datePart: window.bucket, ...filter });
      const named = [...view.users.map((group) => ['user', group] as const), ...view.tags.map((group) => ['tag', group] as const)].filter(([, group]) => group.costSeries);
      expect(named.length).toBeGreaterThan(3);
      for (const [dimension, group] of named) {
        expect(group.costSeries).toEqual(costSeries(await own(dimension === 'user' ? { user: group.name } : { tags: [group.name!] }), window));
      }
    }
  });
});

describe('loadDashboard over a store that predates byTime', () => {
  it('asks one report per name instead, and shows the same page', async () => {
    const current = await loadDashboard(await seededStore(), '7d', NOW);
    const older = await seededStore();
    const report = older.report.bind(older);
    // Such a store ignores the field it does not know.
    older.report = ({ byTime: _ignored, ...query }) => report(query);
    const spy = vi.spyOn(older, 'report');
    expect(await loadDashboard(older, '7d', NOW)).toEqual(current);
    expect(spy.mock.calls.length).toBeGreaterThan(9);
  });
});

describe('buildDashboardView', () => {
  it('stacks the models beyond the top six as "other models"', () => {
    const window = dashboardWindow('7d', NOW);
    const models = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const inputs: DashboardInputs = {
      overall: [row({ day: '2026-11-21', total_cost: 36, request_count: 8 })],
      model: {
        grouped: models.map((model, index) => row({ model, total_cost: 8 - index, request_count: 1 })),
        seriesByName: new Map(models.slice(0, 6).map((model, index) => [model, [row({ day: '2026-11-21', total_cost: 8 - index, request_count: 1 })]])),
      },
      user: { grouped: [], seriesByName: new Map() },
      tag: { grouped: [], seriesByName: new Map() },
      quotaEntity: {
        grouped: [row({ total_cost: 30, request_count: 6 }), row({ quota_entity: 'acme', total_cost: 6, request_count: 2 })],
        seriesByName: new Map([['acme', [row({ day: '2026-11-21', quota_entity: 'acme', total_cost: 6, request_count: 2 })]]]),
      },
      latency: [{ model: 'a', p50: 300, p75: 450, count: 1 }],
      recent: [],
    };
    const view = buildDashboardView(window, inputs, NOW);
    expect(view.quotaEntities.map((group) => [group.name, group.requests, group.cost])).toEqual([
      [undefined, 6, 30],
      ['acme', 2, 6],
    ]);
    expect(view.quotaEntities[1]!.costSeries?.at(-1)).toBe(6);
    expect(view.models.map((model) => model.model)).toEqual(models);
    expect(view.models[0]).toMatchObject({ ttftP50: 300, ttftP75: 450 });
    expect(view.models[1]!.ttftP50).toBeUndefined();
    expect(view.spendOverTime.byModel.map((series) => [series.name, series.values.at(-1)])).toEqual([
      ['a', 8],
      ['b', 7],
      ['c', 6],
      ['d', 5],
      ['e', 4],
      ['f', 3],
      [undefined, 3],
    ]);
  });

  it('matches hourly rows however an engine writes the hour', () => {
    const window = dashboardWindow('24h', NOW);
    const empty = { grouped: [], seriesByName: new Map() };
    const view = buildDashboardView(
      window,
      {
        overall: [row({ hour: '2026-11-21T10:00:00.000Z', total_cost: 2, request_count: 1 }), row({ hour: '2026-11-20T09:00:00Z', total_cost: 5, request_count: 1 })],
        model: empty,
        user: empty,
        tag: empty,
        quotaEntity: empty,
        latency: [],
        recent: [],
      },
      NOW,
    );
    // The 09:00 row of yesterday is before the window.
    expect(view.totals).toMatchObject({ requests: 1, cost: 2 });
    // No call named a quota entity: no groups, so no table.
    expect(view.quotaEntities).toEqual([]);
    expect(view.spendOverTime.totals.at(-1)).toBe(2);
  });
});
