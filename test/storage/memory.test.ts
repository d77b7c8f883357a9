import { describe, expect, it } from 'vitest';
import { MemoryCounterStore } from '../../src/storage/memory-counter-store';
import { MemoryUsageStore, percentile } from '../../src/storage/memory-usage-store';
import type { ReportQuery, UsageRecord } from '../../src/storage/types';

function clock(start = Date.parse('2026-11-21T10:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('MemoryCounterStore', () => {
  it('take admits up to the limit and adds nothing once it would pass it', async () => {
    const time = clock();
    const store = new MemoryCounterStore({ now: time.now });
    const end = time.now() + 60_000;
    expect(await store.take('k', 1, 3, end)).toEqual({ admitted: true, total: 1 });
    expect(await store.take('k', 1, 3, end)).toEqual({ admitted: true, total: 2 });
    expect(await store.take('k', 1, 3, end)).toEqual({ admitted: true, total: 3 });
    expect(await store.take('k', 1, 3, end)).toEqual({ admitted: false, total: 3 });
    expect(await store.take('k', 5, 100, end)).toEqual({ admitted: true, total: 8 });
    expect(await store.read(['k', 'other'])).toEqual([8, 0]);
  });

  it('counters expire at their expiry on the injected clock', async () => {
    const time = clock();
    const store = new MemoryCounterStore({ now: time.now });
    await store.add('k', 5, time.now() + 1_000);
    time.advance(999);
    expect(await store.read(['k'])).toEqual([5]);
    time.advance(1);
    expect(await store.read(['k'])).toEqual([0]);
    expect(await store.take('k', 1, 1, time.now() + 1_000)).toEqual({ admitted: true, total: 1 });
  });

  it('add accepts negative amounts and extends the expiry', async () => {
    const time = clock();
    const store = new MemoryCounterStore({ now: time.now });
    expect(await store.add('k', 10, time.now() + 1_000)).toBe(10);
    expect(await store.add('k', -3, time.now() + 5_000)).toBe(7);
    time.advance(2_000);
    expect(await store.read(['k'])).toEqual([7]);
  });

  it('concurrent takes never pass the limit', async () => {
    const store = new MemoryCounterStore();
    const results = await Promise.all(Array.from({ length: 50 }, () => store.take('k', 1, 20, Date.now() + 60_000)));
    expect(results.filter((result) => result.admitted)).toHaveLength(20);
  });

  it('slots: limit holders, same holder re-acquires, release frees, leases lapse', async () => {
    const time = clock();
    const store = new MemoryCounterStore({ now: time.now });
    expect(await store.acquireSlot('s', 'a', 2, 10_000)).toBe(true);
    expect(await store.acquireSlot('s', 'b', 2, 10_000)).toBe(true);
    expect(await store.acquireSlot('s', 'c', 2, 10_000)).toBe(false);
    expect(await store.acquireSlot('s', 'a', 2, 10_000)).toBe(true);
    await store.releaseSlot('s', 'a');
    expect(await store.acquireSlot('s', 'c', 2, 10_000)).toBe(true);
    expect(await store.acquireSlot('s', 'd', 2, 10_000)).toBe(false);
    time.advance(10_000);
    expect(await store.acquireSlot('s', 'd', 2, 10_000)).toBe(true);
    await store.releaseSlot('missing', 'x');
  });

  it('setOnce is true once until its marker expires', async () => {
    const time = clock();
    const store = new MemoryCounterStore({ now: time.now });
    expect(await store.setOnce('m', time.now() + 1_000)).toBe(true);
    expect(await store.setOnce('m', time.now() + 1_000)).toBe(false);
    time.advance(1_000);
    expect(await store.setOnce('m', time.now() + 1_000)).toBe(true);
  });

  it('cached responses are replaced, expire, and are bounded by count', async () => {
    const time = clock();
    const store = new MemoryCounterStore({ now: time.now, maxCachedResponses: 2 });
    const entry = (body: string) => ({ storedAt: time.now(), freshUntil: time.now() + 10, staleUntil: time.now() + 20, body });
    await store.putCached('a', entry('1'), time.now() + 100);
    await store.putCached('a', entry('2'), time.now() + 100);
    expect((await store.getCached('a'))?.body).toBe('2');
    await store.putCached('b', entry('b'), time.now() + 100);
    await store.putCached('c', entry('c'), time.now() + 100);
    expect(await store.getCached('a')).toBeUndefined();
    expect((await store.getCached('c'))?.body).toBe('c');
    time.advance(100);
    expect(await store.getCached('c')).toBeUndefined();
  });

  it('keys are opaque: separators in them never merge counters', async () => {
    const store = new MemoryCounterStore();
    await store.add('user:a:b', 1, Date.now() + 60_000);
    expect(await store.read(['user:a', 'user:a:b', 'user:a%3Ab'])).toEqual([0, 1, 0]);
  });
});

const DAY = Date.parse('2026-11-20T00:00:00Z');

function record(fields: Partial<UsageRecord> & { id: string }): UsageRecord {
  return {
    createdAt: DAY + 3_600_000,
    keyName: 'app',
    tags: [],
    kind: 'language',
    model: 'openai/gpt-4o',
    provider: 'openai',
    providerModel: 'gpt-4o',
    credentialType: 'system',
    attempts: [],
    status: 200,
    inputTokens: 10,
    outputTokens: 5,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    cost: 0.001,
    latencyMs: 100,
    ttftMs: 50,
    streamed: false,
    cacheHit: false,
    ...fields,
  };
}

const QUERY: ReportQuery = { startDate: '2026-11-20', endDate: '2026-11-21', groupBy: 'day', datePart: 'day' };

async function seeded() {
  const store = new MemoryUsageStore();
  await store.append([
    record({ id: 'g1', user: 'alice', tags: ['chat', 'beta'], team: 'red', cachedInputTokens: 2, cacheWriteTokens: 3, reasoningTokens: 1 }),
    record({ id: 'g2', user: 'bob', tags: ['chat'], createdAt: DAY + 2 * 3_600_000 + 5, model: 'anthropic/claude', provider: 'anthropic' }),
    record({ id: 'g3', createdAt: DAY + 86_400_000 + 60_000, credentialType: 'byok', cost: 0.01, keyName: 'ci' }),
    record({ id: 'g4', createdAt: DAY - 1, user: 'alice' }),
    record({ id: 'g5', createdAt: DAY + 2 * 86_400_000, user: 'alice' }),
    record({ id: 'g6', status: 502, provider: undefined, providerModel: undefined, cost: 0, inputTokens: 0, outputTokens: 0, ttftMs: 9_000 }),
  ]);
  return store;
}

describe('MemoryUsageStore', () => {
  it('append ignores a repeated id; get finds records', async () => {
    const store = await seeded();
    await store.append([record({ id: 'g1', cost: 99 })]);
    expect((await store.get('g1'))?.cost).toBe(0.001);
    expect(await store.get('nope')).toBeUndefined();
  });

  it('drops the oldest appended beyond its capacity', async () => {
    const store = new MemoryUsageStore({ capacity: 2 });
    await store.append([record({ id: 'a' }), record({ id: 'b' }), record({ id: 'c' })]);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('c')).toBeDefined();
  });

  it('report by day sums every field over the inclusive UTC date range', async () => {
    const rows = await (await seeded()).report(QUERY);
    expect(rows).toEqual([
      {
        day: '2026-11-20',
        total_cost: 0.002,
        market_cost: 0.002,
        input_tokens: 20,
        output_tokens: 10,
        cached_input_tokens: 2,
        cache_creation_input_tokens: 3,
        reasoning_tokens: 1,
        request_count: 3,
      },
      // g3 is BYOK: it cost $0.01 at the provider's price, the gateway charged nothing.
      expect.objectContaining({ day: '2026-11-21', total_cost: 0, market_cost: 0.01, request_count: 1 }),
    ]);
  });

  it('report by hour', async () => {
    const rows = await (await seeded()).report({ ...QUERY, datePart: 'hour' });
    expect(rows.map((row) => [row.hour, row.request_count])).toEqual([
      ['2026-11-20T01:00:00Z', 2],
      ['2026-11-20T02:00:00Z', 1],
      ['2026-11-21T00:00:00Z', 1],
    ]);
    expect(rows.every((row) => row.day === undefined)).toBe(true);
  });

  it('report by user, model, provider, credential_type, key, team', async () => {
    const store = await seeded();
    const by = async (groupBy: ReportQuery['groupBy']) => (await store.report({ ...QUERY, groupBy })).map((row) => [row[fieldOf(groupBy)], row.request_count]);
    expect(await by('user')).toEqual([['alice', 1], ['bob', 1], [undefined, 2]]);
    expect(await by('model')).toEqual([['anthropic/claude', 1], ['openai/gpt-4o', 3]]);
    expect(await by('provider')).toEqual([['anthropic', 1], ['openai', 2], [undefined, 1]]);
    expect(await by('credential_type')).toEqual([['byok', 1], ['system', 3]]);
    expect(await by('key')).toEqual([['app', 3], ['ci', 1]]);
    expect(await by('team')).toEqual([['red', 1], [undefined, 3]]);
  });

  it('report by tag counts a record once per distinct tag and leaves untagged records out', async () => {
    const store = new MemoryUsageStore();
    await store.append([record({ id: 'a', tags: ['x', 'y', 'x'] }), record({ id: 'b', tags: ['x'] }), record({ id: 'c' })]);
    const rows = await store.report({ ...QUERY, groupBy: 'tag' });
    expect(rows.map((row) => [row.tag, row.request_count])).toEqual([['x', 2], ['y', 1]]);
  });

  it('report filters: user, model, provider, credential type, any of tags, key, team', async () => {
    const store = await seeded();
    const ids = async (filter: Partial<ReportQuery>) => (await store.report({ ...QUERY, groupBy: 'key', ...filter })).reduce((n, row) => n + row.request_count, 0);
    expect(await ids({ user: 'alice' })).toBe(1);
    expect(await ids({ model: 'anthropic/claude' })).toBe(1);
    expect(await ids({ provider: 'openai' })).toBe(2);
    expect(await ids({ credentialType: 'byok' })).toBe(1);
    expect(await ids({ tags: ['beta', 'nope'] })).toBe(1);
    expect(await ids({ tags: ['chat'] })).toBe(2);
    expect(await ids({ keyName: 'ci' })).toBe(1);
    expect(await ids({ team: 'red' })).toBe(1);
    expect(await ids({ startDate: '2026-11-22', endDate: '2026-11-22' })).toBe(1);
  });

  it('recent: newest first, limited, filtered by key or team', async () => {
    const store = await seeded();
    expect((await store.recent(3)).map((r) => r.id)).toEqual(['g5', 'g3', 'g2']);
    expect((await store.recent(10, { keyName: 'ci' })).map((r) => r.id)).toEqual(['g3']);
    expect((await store.recent(10, { team: 'red' })).map((r) => r.id)).toEqual(['g1']);
  });

  it('latency: p50/p75 of successful calls per model in [from, to)', async () => {
    const store = new MemoryUsageStore();
    await store.append([10, 20, 30, 40].map((ttftMs, i) => record({ id: `l${i}`, ttftMs })));
    await store.append([record({ id: 'fail', status: 500, ttftMs: 1_000 }), record({ id: 'late', createdAt: DAY + 86_400_000, ttftMs: 1_000 })]);
    expect(await store.latency(DAY, DAY + 86_400_000)).toEqual([{ model: 'openai/gpt-4o', p50: 25, p75: 32.5, count: 4 }]);
    expect(percentile([], 0.5)).toBe(0);
  });

  it('totalsSince: cost and tokens per key, team, user and tag; BYOK spend counts nothing', async () => {
    const store = await seeded();
    const totals = await store.totalsSince(DAY);
    const find = (scope: string, name: string) => totals.find((t) => t.scope === scope && t.name === name);
    expect(find('key', 'app')).toEqual({ scope: 'key', name: 'app', cost: 0.003, tokens: 45 });
    expect(find('key', 'ci')).toEqual({ scope: 'key', name: 'ci', cost: 0, tokens: 15 });
    expect(find('user', 'alice')).toEqual({ scope: 'user', name: 'alice', cost: 0.002, tokens: 30 });
    expect(find('tag', 'chat')).toEqual({ scope: 'tag', name: 'chat', cost: 0.002, tokens: 30 });
    expect(find('team', 'red')?.cost).toBe(0.001);
  });
});

function fieldOf(groupBy: ReportQuery['groupBy']): 'user' | 'model' | 'provider' | 'credential_type' | 'key' | 'team' | 'tag' | 'day' | 'quota_entity' {
  return groupBy;
}
