/** The Redis counter store against a real redis-server: the shared contract, then what only Redis does (prefix, outages, restarts). */
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openRedisCounterStore } from '../../src/storage/redis-counter-store';
import { describeCounterStore } from './counter-store-contract';
import { startRedis, type RedisInstance } from './engines';

let redis: RedisInstance;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describeCounterStore('redis', () => openRedisCounterStore({ url: redis.url }));

describe('Redis counter store: what only Redis does', () => {
  it('keeps every key under its prefix (default `modelgate:`), so two gateways can share one Redis', async () => {
    const a = await openRedisCounterStore({ url: redis.url });
    const b = await openRedisCounterStore({ url: redis.url, keyPrefix: 'other-gw:' });
    const raw = createClient({ url: redis.url });
    await raw.connect();
    try {
      const expiresAt = a.now() + 60_000;
      await a.add('prefix-test', 4, expiresAt);
      await b.add('prefix-test', 9, expiresAt);
      expect(await a.read(['prefix-test'])).toEqual([4]);
      expect(await b.read(['prefix-test'])).toEqual([9]);
      expect(await raw.get('modelgate:prefix-test')).toBe('4');
      expect(await raw.get('other-gw:prefix-test')).toBe('9');
      // The counter carries the expiry asked for (Redis's own TTL).
      const pttl = await raw.pTTL('modelgate:prefix-test');
      expect(pttl).toBeGreaterThan(55_000);
      expect(pttl).toBeLessThanOrEqual(60_000);
    } finally {
      await raw.close();
      await a.close();
      await b.close();
    }
  });

  it('cached responses are stored with a PX expiry', async () => {
    const store = await openRedisCounterStore({ url: redis.url });
    const raw = createClient({ url: redis.url });
    await raw.connect();
    try {
      const now = store.now();
      await store.putCached('px-test', { storedAt: now, freshUntil: now + 5_000, staleUntil: now + 30_000, body: '{}' }, now + 30_000);
      const pttl = await raw.pTTL('modelgate:px-test');
      expect(pttl).toBeGreaterThan(25_000);
      expect(pttl).toBeLessThanOrEqual(30_000);
    } finally {
      await raw.close();
      await store.close();
    }
  });

  it('now() follows the Redis clock: on a host whose clock is an hour fast it still answers Redis time', async () => {
    const realNow = Date.now.bind(Date);
    const skew = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 3_600_000);
    const store = await openRedisCounterStore({ url: redis.url });
    try {
      // redis-server runs on this host's real clock, so Redis time is realNow().
      expect(Math.abs(store.now() - realNow())).toBeLessThan(500);
      // Windows computed from it agree with a replica whose clock is right.
      const right = await openRedisCounterStore({ url: redis.url });
      try {
        expect(Math.abs(store.now() - right.now())).toBeLessThan(500);
      } finally {
        await right.close();
      }
    } finally {
      skew.mockRestore();
      await store.close();
    }
  });

  it('opening against a port where nothing listens rejects quickly with a clear error that does not echo the password', async () => {
    const started = Date.now();
    await expect(
      openRedisCounterStore({ url: 'redis://:s3cret-pass@127.0.0.1:1', connectTimeoutMs: 1_000 }),
    ).rejects.toThrow(/cannot connect to Redis/);
    expect(Date.now() - started).toBeLessThan(3_000);
    const error = await openRedisCounterStore({ url: 'redis://:s3cret-pass@127.0.0.1:1', connectTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(String(error instanceof Error ? error.message : error)).not.toContain('s3cret-pass');
  });
});

describe('Redis counter store: outage and restart', () => {
  let own: RedisInstance;
  beforeAll(async () => {
    own = await startRedis({ persist: true });
  });
  afterAll(async () => {
    await own?.stop();
  });

  it('during an outage every call rejects fast; after the restart the store works again on its own, with its data', async () => {
    const errors: Error[] = [];
    const store = await openRedisCounterStore({ url: own.url, commandTimeoutMs: 300, onError: (e) => errors.push(e) });
    try {
      const expiresAt = store.now() + 600_000;
      expect(await store.take('survives', 3, 10, expiresAt)).toEqual({ admitted: true, total: 3 });

      await own.kill();
      const calls: Array<() => Promise<unknown>> = [
        () => store.take('survives', 1, 10, expiresAt),
        () => store.add('x', 1, expiresAt),
        () => store.read(['x']),
        () => store.acquireSlot('s', 'h', 1, 1000),
        () => store.setOnce('o', expiresAt),
        () => store.getCached('c'),
      ];
      for (const call of calls) {
        const started = Date.now();
        await expect(call()).rejects.toThrow();
        expect(Date.now() - started).toBeLessThan(1_000);
      }
      expect(Number.isFinite(store.now())).toBe(true);

      await own.start();
      // The client reconnects in the background; the scripts were flushed by the restart (EVALSHA falls back to EVAL).
      const deadline = Date.now() + 10_000;
      let answer: Awaited<ReturnType<typeof store.take>> | undefined;
      while (Date.now() < deadline) {
        answer = await store.take('survives', 1, 10, expiresAt).catch(() => undefined);
        if (answer) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(answer).toEqual({ admitted: true, total: 4 });
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });
});
