/**
 * restoreCounters: how an embedded gateway (memory counters, a durable usage log) gets its budgets,
 * token limits and credit spend back after a restart; and the usage recorder's batching, which
 * keeps that log cheap.
 */
import { describe, expect, it } from 'vitest';
import { createGatewayServer } from '../../src/server';
import { addSpend, spendKey, TOTAL_SPEND_KEY, type BudgetedParty, type SoftThresholdEvent } from '../../src/server/governance/budgets';
import { tokensKey } from '../../src/server/governance/rate-limits';
import { restoreCounters } from '../../src/server/governance/restore-counters';
import { StoreGuard } from '../../src/server/governance/store-guard';
import { UsageRecorder } from '../../src/server/governance/usage-recorder';
import { toNanoUsd } from '../../src/server/governance/windows';
import { MemoryCounterStore } from '../../src/storage/memory-counter-store';
import { MemoryUsageStore } from '../../src/storage/memory-usage-store';
import type { UsageRecord } from '../../src/storage/types';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const record = (id: string, fields: Partial<UsageRecord> = {}): UsageRecord => ({
  id, createdAt: NOW - 60_000, keyName: 'app', tags: [], kind: 'language', model: 'm', credentialType: 'system', attempts: [], status: 200,
  inputTokens: 10, outputTokens: 5, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, cost: 0.25, latencyMs: 1, ttftMs: 1,
  streamed: false, cacheHit: false, ...fields,
});

describe('restoreCounters', () => {
  it("puts back this month's spend per key, team, user, tag and quota entity, today's tokens per key and user, and all credit spend; BYOK costs nothing", async () => {
    const usage = new MemoryUsageStore();
    await usage.append([
      record('today', { team: 'red', user: 'ann', tags: ['chat', 'chat'], quotaEntity: 'acme' }),
      record('byok', { user: 'ann', credentialType: 'byok', cost: 9 }),
      record('earlier-this-month', { createdAt: Date.parse('2026-11-02T08:00:00Z'), cost: 0.5 }),
      record('last-month', { createdAt: Date.parse('2026-10-31T23:59:59Z'), cost: 2 }),
    ]);
    const counters = new MemoryCounterStore({ now: () => NOW });
    expect(await restoreCounters(counters, usage)).toEqual({ budgets: 5, tokens: 2, totalSpendUsd: 2.75 });
    const month = '2026-11';
    const spend = [spendKey('key', 'app', month), spendKey('team', 'red', month), spendKey('user', 'ann', month), spendKey('tag', 'chat', month), spendKey('entity', 'acme', month)];
    expect(await counters.read(spend)).toEqual([toNanoUsd(0.75), toNanoUsd(0.25), toNanoUsd(0.25), toNanoUsd(0.25), toNanoUsd(0.25)]);
    // Today's tokens: the two calls of today (BYOK calls count against token limits too).
    expect(await counters.read([tokensKey('key', 'app', '2026-11-21'), tokensKey('user', 'ann', '2026-11-21')])).toEqual([30, 30]);
    expect(await counters.read([TOTAL_SPEND_KEY])).toEqual([toNanoUsd(2.75)]);
  });

  it('restored spend stops a spent budget with 402 after the restart', async () => {
    const usage = new MemoryUsageStore();
    await usage.append([record('spent', { createdAt: Date.now() - 1_000, cost: 1 })]);
    const counters = new MemoryCounterStore();
    await restoreCounters(counters, usage);
    const gateway = createGatewayServer(
      {
        providers: { openai: { languageModel: () => { throw new Error('not called'); } } },
        models: { 'openai/m': { providers: [{ provider: 'openai', model: 'm' }] } },
        keys: [{ name: 'app', key: 'app-key-0123456789abcdef', budget: { monthlyUsd: 1 } }],
      },
      { counters, usage },
    );
    const response = await gateway.fetch(
      new Request('http://gateway/v4/ai/language-model', {
        method: 'POST',
        headers: { authorization: 'Bearer app-key-0123456789abcdef', 'ai-language-model-specification-version': '4', 'ai-language-model-id': 'openai/m', 'ai-language-model-streaming': 'false' },
        body: JSON.stringify({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }),
      }),
    );
    expect(response.status).toBe(402);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^Budget exhausted for key "app": spent \$1\.00 of \$1\.00/);
  });
  it('a soft threshold crossed before the restart does not fire again; one crossed after it fires once', async () => {
    const usage = new MemoryUsageStore();
    await usage.append([record('before-restart', { createdAt: NOW - 1_000, team: 'red', cost: 0.6 })]);
    const counters = new MemoryCounterStore({ now: () => NOW });
    await restoreCounters(counters, usage);
    const events: SoftThresholdEvent[] = [];
    const guard = new StoreGuard('open', () => {});
    // The key's $0.50 threshold was passed before the restart; the team's $1 threshold is crossed by the second call.
    const parties: BudgetedParty[] = [
      { scope: 'key', name: 'app', budget: { monthlyUsd: 10, softUsd: 0.5 } },
      { scope: 'team', name: 'red', budget: { monthlyUsd: 10, softUsd: 1 } },
    ];
    for (let call = 0; call < 3; call++) await addSpend(counters, guard, parties, 0.25, (event) => events.push(event));
    expect(events.map((event) => [event.scope, event.spentUsd])).toEqual([['team', 1.1]]);
  });
});

describe('UsageRecorder batching', () => {
  it('writes the records of a burst in one batch, a full batch at once, and never one write per call', async () => {
    const store = new MemoryUsageStore();
    const writes: number[] = [];
    const original = store.append.bind(store);
    store.append = async (records) => {
      writes.push(records.length);
      return original(records);
    };
    const recorder = new UsageRecorder(store, { batchSize: 4, flushDelayMs: 50 });
    for (const id of ['a', 'b', 'c']) recorder.record(record(id));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(writes).toEqual([]);
    await expect.poll(() => writes).toEqual([3]);
    for (const id of ['d', 'e', 'f', 'g']) recorder.record(record(id));
    // Four make a full batch: written without waiting for the delay.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(writes).toEqual([3, 4]);
    recorder.record(record('h'));
    await recorder.close();
    expect(writes).toEqual([3, 4, 1]);
    expect((await store.recent(100)).length).toBe(8);
  });
});
