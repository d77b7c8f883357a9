/** The usage store on a real PostgreSQL: the shared contract, then what only a server does (replicas sharing a table, bad URLs). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresUsageStore } from '../../src/storage/postgres-usage-store';
import type { UsageRecord } from '../../src/storage/types';
import { startPostgres, type PostgresInstance } from './engines';
import { describeUsageStore } from './usage-store-contract';

let postgres: PostgresInstance;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

let tables = 0;
// Each open gets its own table, so the contract sees an empty store on a shared server.
describeUsageStore('postgres', () => openPostgresUsageStore({ url: postgres.url, table: `usage_contract_${tables++}` }));

describe('PostgreSQL usage store: what only a server does', () => {
  it('three replicas opening the same table at once all work, and each sees what the others wrote', async () => {
    const replicas = await Promise.all([0, 1, 2].map(() => openPostgresUsageStore({ url: postgres.url, table: 'usage_shared' })));
    try {
      const base: Omit<UsageRecord, 'id'> = {
        createdAt: Date.parse('2026-05-01T00:00:00Z'), keyName: 'ci', tags: [], kind: 'language', model: 'm', credentialType: 'system',
        attempts: [], status: 200, inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0,
        cost: 0.5, latencyMs: 1, ttftMs: 1, streamed: false, cacheHit: false,
      };
      await Promise.all(replicas.map((r, i) => r.append(Array.from({ length: 50 }, (_, j) => ({ ...base, id: `gen_${i}_${j}` })))));
      for (const replica of replicas) {
        const rows = await replica.report({ startDate: '2026-05-01', endDate: '2026-05-01', groupBy: 'key', datePart: 'day' });
        expect(rows.map((r) => [r.key, r.request_count, r.total_cost])).toEqual([['ci', 150, 75]]);
      }
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
    }
  });

  it('during an outage calls reject fast; after the server is back the pool reconnects and nothing written before is lost', { timeout: 60_000 }, async () => {
    const own = await startPostgres();
    const errors: Error[] = [];
    const store = await openPostgresUsageStore({ url: own.url, connectTimeoutMs: 1_000, onError: (e) => errors.push(e) });
    try {
      const base: UsageRecord = {
        id: 'gen_before', createdAt: Date.parse('2026-06-01T00:00:00Z'), keyName: 'ci', tags: [], kind: 'language', model: 'm', credentialType: 'system',
        attempts: [], status: 200, inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0,
        cost: 0.5, latencyMs: 1, ttftMs: 1, streamed: false, cacheHit: false,
      };
      await store.append([base]);
      await own.kill();
      const started = Date.now();
      await expect(store.append([{ ...base, id: 'gen_during' }])).rejects.toThrow();
      await expect(store.get('gen_before')).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(3_000);
      await own.start();
      await store.append([{ ...base, id: 'gen_after', createdAt: base.createdAt + 1_000 }]);
      expect((await store.recent(10)).map((r) => r.id)).toEqual(['gen_after', 'gen_before']);
    } finally {
      await store.close();
      await own.stop();
    }
  });

  it('an unreachable server rejects with a clear error that does not echo the password', async () => {
    const error = await openPostgresUsageStore({ url: 'postgres://user:pg-s3cret@127.0.0.1:1/db', connectTimeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = error instanceof Error ? error.message : '';
    expect(message).toMatch(/PostgreSQL usage store: cannot open the usage log/);
    expect(message).not.toContain('pg-s3cret');
  });

  it('a bad table name is refused before any SQL runs', async () => {
    await expect(openPostgresUsageStore({ url: postgres.url, table: 'usage; DROP TABLE x' })).rejects.toThrow(/table must be letters, digits and _/);
  });
});
