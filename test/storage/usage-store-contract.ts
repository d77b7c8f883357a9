/**
 * The behaviour every `UsageStore` engine promises (src/storage/types.ts), as one suite:
 * `describeUsageStore('pglite', () => openPgliteUsageStore(...))`. `open` must return an EMPTY store
 * (a fresh directory, table or instance); the suite seeds it once and checks exact numbers.
 *
 * Money rule asserted here (the design's spend rule): `market_cost` counts every call at the serving
 * provider's price; `total_cost` and `totalsSince().cost` leave BYOK calls out (they are not billed
 * and do not count against budgets). Rows whose group value is missing (no user, no team, no
 * quota entity, no provider) form their own row without that field; records without tags are in no tag row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportQuery, ReportRow, UsageRecord, UsageStore } from '../../src/storage/types';

const at = (iso: string) => Date.parse(iso);

function record(fields: Partial<UsageRecord> & Pick<UsageRecord, 'id' | 'createdAt'>): UsageRecord {
  return {
    keyName: 'ci',
    tags: [],
    kind: 'language',
    model: 'openai/gpt-5',
    provider: 'openai',
    providerModel: 'gpt-5',
    credentialType: 'system',
    attempts: [{ provider: fields.provider ?? 'openai', model: 'gpt-5', credentialType: fields.credentialType ?? 'system', success: true, statusCode: 200, durationMs: 40 }],
    status: 200,
    finishReason: 'stop',
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    cost: 0,
    latencyMs: 500,
    ttftMs: 100,
    streamed: false,
    cacheHit: false,
    ...fields,
  };
}

/** The report seed: March 2026; g0 and g7 fall just outside 2026-03-10 … 2026-03-12. */
const SEED: UsageRecord[] = [
  record({ id: 'g1', createdAt: at('2026-03-10T09:15:00Z'), keyName: 'ci', team: 'alpha', user: 'ana', tags: ['chat', 'beta'], quotaEntity: 'acme', provider: 'openai', inputTokens: 100, outputTokens: 50, cachedInputTokens: 10, reasoningTokens: 5, cost: 0.5, ttftMs: 100, streamed: true }),
  record({
    id: 'g2', createdAt: at('2026-03-10T09:45:00Z'), keyName: 'ci', team: 'alpha', user: 'bob', tags: ['chat'], provider: 'azure', providerModel: 'gpt-5-azure', inputTokens: 200, outputTokens: 100, cacheWriteTokens: 20, cost: 0.25, ttftMs: 200,
    attempts: [
      { provider: 'openai', model: 'gpt-5', credentialType: 'system', success: false, statusCode: 503, error: 'upstream unavailable', durationMs: 12 },
      { provider: 'azure', model: 'gpt-5-azure', credentialType: 'system', success: true, statusCode: 200, durationMs: 480 },
    ],
    prompt: 'Say "hi" — ünïcode ✓', completion: 'hi',
  }),
  record({ id: 'g3', createdAt: at('2026-03-10T14:00:00Z'), keyName: 'web', team: 'beta', user: 'ana', tags: [], quotaEntity: 'acme', model: 'anthropic/claude', provider: 'anthropic', providerModel: 'claude', credentialType: 'byok', inputTokens: 300, outputTokens: 30, cost: 1, ttftMs: 300 }),
  record({ id: 'g4', createdAt: at('2026-03-11T00:00:00Z'), keyName: 'web', tags: ['batch'], quotaEntity: 'globex', model: 'anthropic/claude', provider: 'anthropic', providerModel: 'claude', inputTokens: 400, outputTokens: 40, cost: 2, ttftMs: 400 }),
  record({ id: 'g5', createdAt: at('2026-03-11T23:59:59.999Z'), keyName: 'ci', team: 'alpha', user: 'bob', tags: ['chat', 'batch'], quotaEntity: 'acme', provider: 'openai', inputTokens: 500, outputTokens: 60, cost: 0.125, ttftMs: 500 }),
  record({
    id: 'g6', createdAt: at('2026-03-12T08:00:00Z'), keyName: 'ci', team: 'alpha', user: 'ana', tags: ['chat'], provider: undefined, providerModel: undefined, status: 429, errorType: 'rate_limit_exceeded', finishReason: undefined,
    attempts: [], cost: 0, ttftMs: 0, latencyMs: 1,
  }),
  record({ id: 'g0', createdAt: at('2026-03-09T23:59:59.999Z'), keyName: 'ci', team: 'alpha', user: 'ana', tags: ['chat'], inputTokens: 1000, cost: 4, ttftMs: 50 }),
  record({ id: 'g7', createdAt: at('2026-03-13T00:00:00Z'), keyName: 'ci', team: 'alpha', user: 'ana', tags: ['chat'], credentialType: 'byok', inputTokens: 10, cost: 8, ttftMs: 60 }),
];

/** Latency seed: January 2025, sizes 5 and 1 so every percentile method (interpolated or nearest-rank) agrees. */
const LATENCY_SEED: UsageRecord[] = [
  ...[50, 10, 40, 20, 30].map((ttftMs, i) => record({ id: `lat-five-${i}`, createdAt: at('2025-01-15T10:00:00Z') + i, model: 'm/five', ttftMs })),
  record({ id: 'lat-five-failed', createdAt: at('2025-01-15T10:00:01Z'), model: 'm/five', status: 500, errorType: 'internal_server_error', ttftMs: 9_000 }),
  record({ id: 'lat-five-later', createdAt: at('2025-01-16T00:00:00Z'), model: 'm/five', ttftMs: 9_000 }),
  record({ id: 'lat-one', createdAt: at('2025-01-15T11:00:00Z'), model: 'm/one', ttftMs: 7 }),
];

const ZERO = { total_cost: 0, market_cost: 0, input_tokens: 0, output_tokens: 0, cached_input_tokens: 0, cache_creation_input_tokens: 0, reasoning_tokens: 0, request_count: 0 };
const row = (fields: Partial<ReportRow>): ReportRow => ({ ...ZERO, ...fields });

const MARCH: Omit<ReportQuery, 'groupBy'> = { startDate: '2026-03-10', endDate: '2026-03-12', datePart: 'day' };

/** Rows sorted by their group value, so engines may order rows their own way. */
function sorted(rows: ReportRow[]): ReportRow[] {
  const label = (r: ReportRow) => r.day ?? r.hour ?? r.user ?? r.model ?? r.tag ?? r.provider ?? r.credential_type ?? r.key ?? r.team ?? r.quota_entity ?? '';
  return [...rows].sort((a, b) => (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0));
}

/** Money to the nano-USD, every other column as it is; the order kept. */
const nanoUsd = (rows: ReportRow[]) => rows.map((r) => ({ ...r, total_cost: Math.round(r.total_cost * 1e9), market_cost: Math.round(r.market_cost * 1e9) }));

/** Money is compared to the nano-USD, every other column exactly. */
function expectRows(actual: ReportRow[], expected: ReportRow[]): void {
  expect(nanoUsd(sorted(actual))).toEqual(nanoUsd(sorted(expected)));
}

export function describeUsageStore(name: string, open: () => Promise<UsageStore>): void {
  describe(`UsageStore contract: ${name}`, () => {
    let store: UsageStore;
    const report = (query: Partial<ReportQuery> & Pick<ReportQuery, 'groupBy'>) => store.report({ ...MARCH, ...query });

    beforeAll(async () => {
      store = await open();
      // Two batches in a mixed order: the store must not rely on arrival order.
      await store.append([SEED[4]!, SEED[0]!, SEED[7]!, ...LATENCY_SEED.slice(0, 4)]);
      await store.append([SEED[2]!, SEED[1]!, SEED[3]!, SEED[5]!, SEED[6]!, ...LATENCY_SEED.slice(4)]);
      await store.append([]);
    });
    afterAll(async () => {
      await store?.close();
    });

    it('get returns a record exactly as appended (failover chain, prompt, unicode), and undefined for an unknown id', async () => {
      for (const r of SEED) expect(await store.get(r.id)).toEqual(r);
      expect(await store.get('gen_missing')).toBeUndefined();
    });

    it('group_by=day: one row per UTC day; midnight and 23:59:59.999 fall on their own day; the range is inclusive', async () => {
      expectRows(await report({ groupBy: 'day' }), [
        row({ day: '2026-03-10', total_cost: 0.75, market_cost: 1.75, input_tokens: 600, output_tokens: 180, cached_input_tokens: 10, cache_creation_input_tokens: 20, reasoning_tokens: 5, request_count: 3 }),
        row({ day: '2026-03-11', total_cost: 2.125, market_cost: 2.125, input_tokens: 900, output_tokens: 100, request_count: 2 }),
        row({ day: '2026-03-12', request_count: 1 }),
      ]);
    });

    it('group_by=day with date_part=hour: one row per UTC hour, as YYYY-MM-DDTHH:00:00Z', async () => {
      expectRows(await report({ groupBy: 'day', datePart: 'hour' }), [
        row({ hour: '2026-03-10T09:00:00Z', total_cost: 0.75, market_cost: 0.75, input_tokens: 300, output_tokens: 150, cached_input_tokens: 10, cache_creation_input_tokens: 20, reasoning_tokens: 5, request_count: 2 }),
        row({ hour: '2026-03-10T14:00:00Z', total_cost: 0, market_cost: 1, input_tokens: 300, output_tokens: 30, request_count: 1 }),
        row({ hour: '2026-03-11T00:00:00Z', total_cost: 2, market_cost: 2, input_tokens: 400, output_tokens: 40, request_count: 1 }),
        row({ hour: '2026-03-11T23:00:00Z', total_cost: 0.125, market_cost: 0.125, input_tokens: 500, output_tokens: 60, request_count: 1 }),
        row({ hour: '2026-03-12T08:00:00Z', request_count: 1 }),
      ]);
    });

    it('group_by=user: a record without a user forms a row without `user`; BYOK spend is market cost only', async () => {
      expectRows(await report({ groupBy: 'user' }), [
        row({ user: 'ana', total_cost: 0.5, market_cost: 1.5, input_tokens: 400, output_tokens: 80, cached_input_tokens: 10, reasoning_tokens: 5, request_count: 3 }),
        row({ user: 'bob', total_cost: 0.375, market_cost: 0.375, input_tokens: 700, output_tokens: 160, cache_creation_input_tokens: 20, request_count: 2 }),
        row({ total_cost: 2, market_cost: 2, input_tokens: 400, output_tokens: 40, request_count: 1 }),
      ]);
    });

    it('group_by=model', async () => {
      expectRows(await report({ groupBy: 'model' }), [
        row({ model: 'anthropic/claude', total_cost: 2, market_cost: 3, input_tokens: 700, output_tokens: 70, request_count: 2 }),
        row({ model: 'openai/gpt-5', total_cost: 0.875, market_cost: 0.875, input_tokens: 800, output_tokens: 210, cached_input_tokens: 10, cache_creation_input_tokens: 20, reasoning_tokens: 5, request_count: 4 }),
      ]);
    });

    it('group_by=tag: a record tagged [a, b] counts under a and under b; untagged records are in no row', async () => {
      expectRows(await report({ groupBy: 'tag' }), [
        row({ tag: 'batch', total_cost: 2.125, market_cost: 2.125, input_tokens: 900, output_tokens: 100, request_count: 2 }),
        row({ tag: 'beta', total_cost: 0.5, market_cost: 0.5, input_tokens: 100, output_tokens: 50, cached_input_tokens: 10, reasoning_tokens: 5, request_count: 1 }),
        row({ tag: 'chat', total_cost: 0.875, market_cost: 0.875, input_tokens: 800, output_tokens: 210, cached_input_tokens: 10, cache_creation_input_tokens: 20, reasoning_tokens: 5, request_count: 4 }),
      ]);
    });

    it('group_by=provider: the provider that served; a call no provider served forms a row without `provider`', async () => {
      expectRows(await report({ groupBy: 'provider' }), [
        row({ provider: 'anthropic', total_cost: 2, market_cost: 3, input_tokens: 700, output_tokens: 70, request_count: 2 }),
        row({ provider: 'azure', total_cost: 0.25, market_cost: 0.25, input_tokens: 200, output_tokens: 100, cache_creation_input_tokens: 20, request_count: 1 }),
        row({ provider: 'openai', total_cost: 0.625, market_cost: 0.625, input_tokens: 600, output_tokens: 110, cached_input_tokens: 10, reasoning_tokens: 5, request_count: 2 }),
        row({ request_count: 1 }),
      ]);
    });

    it('group_by=credential_type', async () => {
      expectRows(await report({ groupBy: 'credential_type' }), [
        row({ credential_type: 'byok', total_cost: 0, market_cost: 1, input_tokens: 300, output_tokens: 30, request_count: 1 }),
        row({ credential_type: 'system', total_cost: 2.875, market_cost: 2.875, input_tokens: 1200, output_tokens: 250, cached_input_tokens: 10, cache_creation_input_tokens: 20, reasoning_tokens: 5, request_count: 5 }),
      ]);
    });

    it('byTime: one row per group value and day or hour, ordered by value (the absent one last), then time', async () => {
      const byUserAndDay = await report({ groupBy: 'user', byTime: true });
      expect(nanoUsd(byUserAndDay)).toEqual(
        nanoUsd([
          row({ user: 'ana', day: '2026-03-10', total_cost: 0.5, market_cost: 1.5, input_tokens: 400, output_tokens: 80, cached_input_tokens: 10, reasoning_tokens: 5, request_count: 2 }),
          row({ user: 'ana', day: '2026-03-12', request_count: 1 }),
          row({ user: 'bob', day: '2026-03-10', total_cost: 0.25, market_cost: 0.25, input_tokens: 200, output_tokens: 100, cache_creation_input_tokens: 20, request_count: 1 }),
          row({ user: 'bob', day: '2026-03-11', total_cost: 0.125, market_cost: 0.125, input_tokens: 500, output_tokens: 60, request_count: 1 }),
          row({ day: '2026-03-11', total_cost: 2, market_cost: 2, input_tokens: 400, output_tokens: 40, request_count: 1 }),
        ]),
      );
      // Each tag's rows per hour are that tag's own hourly report: a record tagged [a, b] counts once under each.
      for (const { tag } of await report({ groupBy: 'tag' })) {
        const own = await report({ groupBy: 'day', datePart: 'hour', tags: [tag!] });
        const inTable = (await report({ groupBy: 'tag', datePart: 'hour', byTime: true })).filter((candidate) => candidate.tag === tag);
        expect(nanoUsd(inTable)).toEqual(nanoUsd(own.map((hourly) => ({ tag, ...hourly }))));
      }
      // With group_by=day it changes nothing.
      expect(nanoUsd(await report({ groupBy: 'day', byTime: true }))).toEqual(nanoUsd(await report({ groupBy: 'day' })));
    });

    it('group_by=key and group_by=team', async () => {
      expectRows(await report({ groupBy: 'key' }), [
        row({ key: 'ci', total_cost: 0.875, market_cost: 0.875, input_tokens: 800, output_tokens: 210, cached_input_tokens: 10, cache_creation_input_tokens: 20, reasoning_tokens: 5, request_count: 4 }),
        row({ key: 'web', total_cost: 2, market_cost: 3, input_tokens: 700, output_tokens: 70, request_count: 2 }),
      ]);
      expectRows(await report({ groupBy: 'team' }), [
        row({ team: 'alpha', total_cost: 0.875, market_cost: 0.875, input_tokens: 800, output_tokens: 210, cached_input_tokens: 10, cache_creation_input_tokens: 20, reasoning_tokens: 5, request_count: 4 }),
        row({ team: 'beta', total_cost: 0, market_cost: 1, input_tokens: 300, output_tokens: 30, request_count: 1 }),
        row({ total_cost: 2, market_cost: 2, input_tokens: 400, output_tokens: 40, request_count: 1 }),
      ]);
    });

    it('group_by=quota_entity: a record without one forms a row without `quota_entity`; the quota_entity filter', async () => {
      expectRows(await report({ groupBy: 'quota_entity' }), [
        row({ quota_entity: 'acme', total_cost: 0.625, market_cost: 1.625, input_tokens: 900, output_tokens: 140, cached_input_tokens: 10, reasoning_tokens: 5, request_count: 3 }),
        row({ quota_entity: 'globex', total_cost: 2, market_cost: 2, input_tokens: 400, output_tokens: 40, request_count: 1 }),
        row({ total_cost: 0.25, market_cost: 0.25, input_tokens: 200, output_tokens: 100, cache_creation_input_tokens: 20, request_count: 2 }),
      ]);
      expectRows(await report({ groupBy: 'day', quotaEntity: 'acme' }), [
        row({ day: '2026-03-10', total_cost: 0.5, market_cost: 1.5, input_tokens: 400, output_tokens: 80, cached_input_tokens: 10, reasoning_tokens: 5, request_count: 2 }),
        row({ day: '2026-03-11', total_cost: 0.125, market_cost: 0.125, input_tokens: 500, output_tokens: 60, request_count: 1 }),
      ]);
      expect(await report({ groupBy: 'day', quotaEntity: 'acme:' })).toEqual([]);
    });

    it('filters: user, provider, model + key, credential type, team, tags (any of), and a one-day range', async () => {
      expectRows(await report({ groupBy: 'model', user: 'ana' }), [
        row({ model: 'anthropic/claude', total_cost: 0, market_cost: 1, input_tokens: 300, output_tokens: 30, request_count: 1 }),
        row({ model: 'openai/gpt-5', total_cost: 0.5, market_cost: 0.5, input_tokens: 100, output_tokens: 50, cached_input_tokens: 10, reasoning_tokens: 5, request_count: 2 }),
      ]);
      expectRows(await report({ groupBy: 'user', provider: 'openai' }), [
        row({ user: 'ana', total_cost: 0.5, market_cost: 0.5, input_tokens: 100, output_tokens: 50, cached_input_tokens: 10, reasoning_tokens: 5, request_count: 1 }),
        row({ user: 'bob', total_cost: 0.125, market_cost: 0.125, input_tokens: 500, output_tokens: 60, request_count: 1 }),
      ]);
      expectRows(await report({ groupBy: 'provider', model: 'anthropic/claude', keyName: 'web' }), [
        row({ provider: 'anthropic', total_cost: 2, market_cost: 3, input_tokens: 700, output_tokens: 70, request_count: 2 }),
      ]);
      expectRows(await report({ groupBy: 'day', credentialType: 'byok' }), [
        row({ day: '2026-03-10', total_cost: 0, market_cost: 1, input_tokens: 300, output_tokens: 30, request_count: 1 }),
      ]);
      expectRows(await report({ groupBy: 'day', team: 'alpha' }), [
        row({ day: '2026-03-10', total_cost: 0.75, market_cost: 0.75, input_tokens: 300, output_tokens: 150, cached_input_tokens: 10, cache_creation_input_tokens: 20, reasoning_tokens: 5, request_count: 2 }),
        row({ day: '2026-03-11', total_cost: 0.125, market_cost: 0.125, input_tokens: 500, output_tokens: 60, request_count: 1 }),
        row({ day: '2026-03-12', request_count: 1 }),
      ]);
      expectRows(await report({ groupBy: 'key', tags: ['batch', 'beta'] }), [
        row({ key: 'ci', total_cost: 0.625, market_cost: 0.625, input_tokens: 600, output_tokens: 110, cached_input_tokens: 10, reasoning_tokens: 5, request_count: 2 }),
        row({ key: 'web', total_cost: 2, market_cost: 2, input_tokens: 400, output_tokens: 40, request_count: 1 }),
      ]);
      expectRows(await report({ groupBy: 'key', startDate: '2026-03-11', endDate: '2026-03-11' }), [
        row({ key: 'ci', total_cost: 0.125, market_cost: 0.125, input_tokens: 500, output_tokens: 60, request_count: 1 }),
        row({ key: 'web', total_cost: 2, market_cost: 2, input_tokens: 400, output_tokens: 40, request_count: 1 }),
      ]);
      expect(await report({ groupBy: 'model', user: 'nobody' })).toEqual([]);
      expect(await report({ groupBy: 'model', startDate: '2020-01-01', endDate: '2020-12-31' })).toEqual([]);
    });

    it('a repeated id is ignored, within one batch and across batches: the first record stays', async () => {
      const first = record({ id: 'dup-1', createdAt: at('2025-06-01T12:00:00Z'), keyName: 'dup', inputTokens: 1, cost: 1 });
      const again = { ...first, inputTokens: 999, cost: 99 };
      await store.append([first, again]);
      await store.append([again]);
      expect(await store.get('dup-1')).toEqual(first);
      expectRows(await store.report({ startDate: '2025-06-01', endDate: '2025-06-01', groupBy: 'key', datePart: 'day' }), [
        row({ key: 'dup', total_cost: 1, market_cost: 1, input_tokens: 1, request_count: 1 }),
      ]);
    });

    it('user and tag values with quotes, separators and SQL are stored and grouped as plain text', async () => {
      const odd = record({ id: 'odd-1', createdAt: at('2025-07-01T00:00:00Z'), user: `a:b"c'd`, tags: [`'; DROP TABLE modelgate_usage; --`, '{x,y}', 'a b'], cost: 0.5 });
      await store.append([odd]);
      expect(await store.get('odd-1')).toEqual(odd);
      const rows = await store.report({ startDate: '2025-07-01', endDate: '2025-07-01', groupBy: 'tag', datePart: 'day', tags: ['{x,y}'] });
      expect(sorted(rows).map((r) => r.tag)).toEqual(['\'; DROP TABLE modelgate_usage; --', 'a b', '{x,y}'].sort());
      const byUser = await store.report({ startDate: '2025-07-01', endDate: '2025-07-01', groupBy: 'user', datePart: 'day', user: `a:b"c'd` });
      expect(byUser.map((r) => [r.user, r.request_count])).toEqual([[`a:b"c'd`, 1]]);
      expect(await store.get(SEED[0]!.id)).toEqual(SEED[0]);
    });

    it('a batch of 1,500 records is stored whole', async () => {
      const many = Array.from({ length: 1500 }, (_, i) => record({ id: `bulk-${i}`, createdAt: at('2024-02-01T00:00:00Z') + i * 1000, keyName: 'bulk', inputTokens: 2, cost: 0.001 }));
      await store.append(many);
      expectRows(await store.report({ startDate: '2024-02-01', endDate: '2024-02-01', groupBy: 'key', datePart: 'day' }), [
        row({ key: 'bulk', total_cost: 1.5, market_cost: 1.5, input_tokens: 3000, request_count: 1500 }),
      ]);
    });

    it('recent: newest first, limited, filtered by key or team', async () => {
      expect((await store.recent(3)).map((r) => r.id)).toEqual(['g7', 'g6', 'g5']);
      expect((await store.recent(2, { keyName: 'web' })).map((r) => r.id)).toEqual(['g4', 'g3']);
      expect((await store.recent(10, { team: 'beta' })).map((r) => r.id)).toEqual(['g3']);
      expect(await store.recent(1)).toEqual([SEED[7]]);
    });

    it('latency: TTFT p50/p75 per model over successful calls in [from, to)', async () => {
      const rows = await store.latency(at('2025-01-15T00:00:00Z'), at('2025-01-16T00:00:00Z'));
      expect([...rows].sort((a, b) => a.model.localeCompare(b.model))).toEqual([
        { model: 'm/five', p50: 30, p75: 40, count: 5 },
        { model: 'm/one', p50: 7, p75: 7, count: 1 },
      ]);
      expect(await store.latency(at('2019-01-01T00:00:00Z'), at('2019-02-01T00:00:00Z'))).toEqual([]);
    });

    it('totalsSince: billed cost and input+output tokens per key, team, user, tag and quota entity from `since` on (inclusive)', async () => {
      const totals = await store.totalsSince(at('2026-03-11T00:00:00Z'));
      const byScope = totals
        .map((t) => ({ ...t, cost: Math.round(t.cost * 1e9) / 1e9 }))
        .sort((a, b) => `${a.scope}/${a.name}`.localeCompare(`${b.scope}/${b.name}`));
      expect(byScope).toEqual([
        { scope: 'entity', name: 'acme', cost: 0.125, tokens: 560 },
        { scope: 'entity', name: 'globex', cost: 2, tokens: 440 },
        { scope: 'key', name: 'ci', cost: 0.125, tokens: 570 },
        { scope: 'key', name: 'web', cost: 2, tokens: 440 },
        { scope: 'tag', name: 'batch', cost: 2.125, tokens: 1000 },
        { scope: 'tag', name: 'chat', cost: 0.125, tokens: 570 },
        { scope: 'team', name: 'alpha', cost: 0.125, tokens: 570 },
        { scope: 'user', name: 'ana', cost: 0, tokens: 10 },
        { scope: 'user', name: 'bob', cost: 0.125, tokens: 560 },
      ]);
    });
  });
}
