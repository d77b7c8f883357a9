/**
 * The behaviour every `CounterStore` engine promises (src/storage/types.ts), as one suite:
 * `describeCounterStore('redis', () => openRedisCounterStore(...))`. Engine-neutral: it uses
 * only the interface, fresh keys per test, and expiry times taken from the store's own clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedResponse, CounterStore } from '../../src/storage/types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function describeCounterStore(name: string, open: () => Promise<CounterStore>): void {
  describe(`CounterStore contract: ${name}`, () => {
    let store: CounterStore;
    let run = 0;
    /** A key no other test uses (engines may be shared by a whole file). */
    const fresh = (label: string) => `contract-${Date.now().toString(36)}-${run++}:${label}`;

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('now() is the store clock in ms epoch, close to this host clock', () => {
      const now = store.now();
      expect(Number.isFinite(now)).toBe(true);
      expect(Math.abs(now - Date.now())).toBeLessThan(5_000);
    });

    it('take adds while the total stays within the limit and reports the total; refused takes add nothing', async () => {
      const key = fresh('take');
      const expiresAt = store.now() + 60_000;
      expect(await store.take(key, 3, 5, expiresAt)).toEqual({ admitted: true, total: 3 });
      expect(await store.take(key, 2, 5, expiresAt)).toEqual({ admitted: true, total: 5 });
      expect(await store.take(key, 1, 5, expiresAt)).toEqual({ admitted: false, total: 5 });
      expect(await store.read([key])).toEqual([5]);
      // A bigger limit admits again (limits can change between calls).
      expect(await store.take(key, 1, 6, expiresAt)).toEqual({ admitted: true, total: 6 });
      // An amount bigger than the whole limit is refused even on an empty counter.
      expect(await store.take(fresh('big'), 11, 10, expiresAt)).toEqual({ admitted: false, total: 0 });
    });

    it('200 concurrent takes against a limit of 60 admit exactly 60', async () => {
      const key = fresh('race');
      const expiresAt = store.now() + 60_000;
      const results = await Promise.all(Array.from({ length: 200 }, () => store.take(key, 1, 60, expiresAt)));
      expect(results.filter((r) => r.admitted)).toHaveLength(60);
      expect(Math.max(...results.map((r) => r.total))).toBe(60);
      expect(new Set(results.filter((r) => r.admitted).map((r) => r.total)).size).toBe(60);
      expect(await store.read([key])).toEqual([60]);
    });

    it('a counter is gone after its expiresAt: the next window starts from zero', async () => {
      const key = fresh('expiry');
      expect((await store.take(key, 2, 2, store.now() + 300)).admitted).toBe(true);
      expect((await store.take(key, 1, 2, store.now() + 300)).admitted).toBe(false);
      await sleep(450);
      expect(await store.read([key])).toEqual([0]);
      expect(await store.take(key, 1, 2, store.now() + 60_000)).toEqual({ admitted: true, total: 1 });
    });

    it('add adds positive and negative amounts and expires; read answers in order with 0 for missing keys', async () => {
      const a = fresh('add-a');
      const b = fresh('add-b');
      const expiresAt = store.now() + 60_000;
      expect(await store.add(a, 1_500_000_000, expiresAt)).toBe(1_500_000_000);
      expect(await store.add(a, 2_500_000_000, expiresAt)).toBe(4_000_000_000);
      expect(await store.add(a, -1_000_000_000, expiresAt)).toBe(3_000_000_000);
      expect(await store.add(b, 7, expiresAt)).toBe(7);
      expect(await store.read([b, fresh('missing'), a])).toEqual([7, 0, 3_000_000_000]);
      expect(await store.read([])).toEqual([]);
      const short = fresh('add-short');
      await store.add(short, 5, store.now() + 250);
      await sleep(400);
      expect(await store.read([short])).toEqual([0]);
    });

    it('50 concurrent adds are all counted', async () => {
      const key = fresh('add-race');
      const expiresAt = store.now() + 60_000;
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.add(key, i + 1, expiresAt)));
      expect(await store.read([key])).toEqual([(50 * 51) / 2]);
    });

    it('keys that differ only in odd characters never share a counter', async () => {
      const base = fresh('odd');
      const keys = [`${base}:a:b`, `${base}:a%3Ab`, `${base}:a`, `${base}:ü/*?`, `${base}:a b`];
      const expiresAt = store.now() + 60_000;
      for (const [i, key] of keys.entries()) await store.add(key, i + 1, expiresAt);
      expect(await store.read(keys)).toEqual([1, 2, 3, 4, 5]);
    });

    it('slots: at most `limit` holders at once; a released slot is free again', async () => {
      const key = fresh('slots');
      expect(await store.acquireSlot(key, 'h1', 2, 60_000)).toBe(true);
      expect(await store.acquireSlot(key, 'h2', 2, 60_000)).toBe(true);
      expect(await store.acquireSlot(key, 'h3', 2, 60_000)).toBe(false);
      await store.releaseSlot(key, 'h1');
      expect(await store.acquireSlot(key, 'h3', 2, 60_000)).toBe(true);
      expect(await store.acquireSlot(key, 'h4', 2, 60_000)).toBe(false);
      // Releasing a holder that holds nothing changes nothing.
      await store.releaseSlot(key, 'nobody');
      expect(await store.acquireSlot(key, 'h4', 2, 60_000)).toBe(false);
    });

    it('slots: 100 concurrent holders against a limit of 5 get exactly 5', async () => {
      const key = fresh('slots-race');
      const got = await Promise.all(Array.from({ length: 100 }, (_, i) => store.acquireSlot(key, `holder-${i}`, 5, 60_000)));
      expect(got.filter(Boolean)).toHaveLength(5);
    });

    it('slots: a lease that runs out frees its slot (a crashed replica does not hold it forever)', async () => {
      const key = fresh('lease');
      expect(await store.acquireSlot(key, 'crashed', 1, 250)).toBe(true);
      expect(await store.acquireSlot(key, 'other', 1, 60_000)).toBe(false);
      await sleep(400);
      expect(await store.acquireSlot(key, 'other', 1, 60_000)).toBe(true);
    });

    it('setOnce: true for exactly one of 20 concurrent callers, and again after it expires', async () => {
      const key = fresh('once');
      const answers = await Promise.all(Array.from({ length: 20 }, () => store.setOnce(key, store.now() + 300)));
      expect(answers.filter(Boolean)).toHaveLength(1);
      expect(await store.setOnce(key, store.now() + 300)).toBe(false);
      await sleep(450);
      expect(await store.setOnce(key, store.now() + 60_000)).toBe(true);
      expect(await store.setOnce(key, store.now() + 60_000)).toBe(false);
    });

    it('cache: put then get returns the entry as stored; a newer put replaces it; missing keys are undefined', async () => {
      const key = fresh('cache');
      expect(await store.getCached(key)).toBeUndefined();
      const now = store.now();
      const first: CachedResponse = { storedAt: now, freshUntil: now + 10_000, staleUntil: now + 20_000, body: '{"text":"héllo \\u2028 ✓","n":1}' };
      await store.putCached(key, first, now + 20_000);
      expect(await store.getCached(key)).toEqual(first);
      const second: CachedResponse = { ...first, storedAt: now + 1, body: 'x'.repeat(200_000) };
      await store.putCached(key, second, now + 20_000);
      expect(await store.getCached(key)).toEqual(second);
    });

    it('cache: an entry is gone after its expiresAt', async () => {
      const key = fresh('cache-expiry');
      const now = store.now();
      await store.putCached(key, { storedAt: now, freshUntil: now + 100, staleUntil: now + 300, body: 'b' }, now + 300);
      expect((await store.getCached(key))?.body).toBe('b');
      await sleep(450);
      expect(await store.getCached(key)).toBeUndefined();
    });
  });
}
