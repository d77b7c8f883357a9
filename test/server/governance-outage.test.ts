/**
 * Issue 13 item 7: the governance store goes down. The gateway keeps serving (storage.onOutage:
 * 'open') or refuses with 503 ('closed'), and says so in its log once per outage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCounterStore } from '../../src/storage/memory-counter-store';
import type { CachedResponse, CounterTake } from '../../src/storage/types';
import { GATEWAY_KEY, MODELS, startHarness, type Harness } from './scenario-harness';

/** The memory engine, with a switch that makes every method reject as a lost connection would. */
class SwitchableCounterStore extends MemoryCounterStore {
  down = false;
  private check(): void {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
  }
  override async take(key: string, amount: number, limit: number, expiresAt: number): Promise<CounterTake> {
    this.check();
    return super.take(key, amount, limit, expiresAt);
  }
  override async add(key: string, amount: number, expiresAt: number): Promise<number> {
    this.check();
    return super.add(key, amount, expiresAt);
  }
  override async read(keys: readonly string[]): Promise<number[]> {
    this.check();
    return super.read(keys);
  }
  override async acquireSlot(key: string, holder: string, limit: number, leaseMs: number): Promise<boolean> {
    this.check();
    return super.acquireSlot(key, holder, limit, leaseMs);
  }
  override async releaseSlot(key: string, holder: string): Promise<void> {
    this.check();
    return super.releaseSlot(key, holder);
  }
  override async setOnce(key: string, expiresAt: number): Promise<boolean> {
    this.check();
    return super.setOnce(key, expiresAt);
  }
  override async getCached(key: string): Promise<CachedResponse | undefined> {
    this.check();
    return super.getCached(key);
  }
  override async putCached(key: string, entry: CachedResponse, expiresAt: number): Promise<void> {
    this.check();
    return super.putCached(key, entry, expiresAt);
  }
}

const LIMITED_KEY = 'mg-outage-limited-key-000001';

function call(harness: Harness, cacheControl?: string): Promise<Response> {
  return fetch(`${harness.url}/v4/ai/language-model`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${LIMITED_KEY}`,
      'content-type': 'application/json',
      'ai-language-model-specification-version': '4',
      'ai-language-model-id': MODELS.responses,
    },
    body: JSON.stringify({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Outage' }] }], providerOptions: { gateway: cacheControl ? { cacheControl } : {} } }),
  });
}

for (const onOutage of ['open', 'closed'] as const) {
  describe(`storage.onOutage: '${onOutage}'`, () => {
    const counters = new SwitchableCounterStore();
    const lines: string[] = [];
    let harness: Harness;

    beforeAll(async () => {
      harness = await startHarness({
        config: {
          keys: [
            { name: 'scenarios', key: GATEWAY_KEY },
            { name: 'limited', key: LIMITED_KEY, limits: { requestsPerMinute: 1000, concurrentRequests: 5 }, budget: { monthlyUsd: 100 } },
          ],
          storage: { onOutage },
        },
        options: { counters, log: (line) => lines.push(line) },
      });
    }, 60_000);
    afterAll(() => harness?.close());

    it(onOutage === 'open' ? 'keeps serving while the store is down, logging the outage once' : 'answers 503 while the store is down, logging the outage once', async () => {
      expect((await call(harness)).status).toBe(200);
      counters.down = true;
      const statuses = [];
      for (let index = 0; index < 4; index++) statuses.push((await call(harness)).status);
      if (onOutage === 'open') {
        expect(statuses).toEqual([200, 200, 200, 200]);
      } else {
        expect(statuses).toEqual([503, 503, 503, 503]);
        const body = (await (await call(harness)).json()) as { error: { type: string; message: string } };
        expect(body.error.type).toBe('internal_server_error');
        expect(body.error.message).toContain('governance store is unavailable');
      }
      // A response-cache lookup during the outage is a miss, never a failure.
      if (onOutage === 'open') expect((await call(harness, 'max-age=60')).status).toBe(200);
      const down = lines.filter((line) => line.includes('governance store unavailable'));
      expect(down).toHaveLength(1);
      expect(down[0]).toContain(onOutage === 'open' ? 'admitting calls' : 'refusing calls with 503');
      expect(down[0]).not.toContain(LIMITED_KEY);

      counters.down = false;
      expect((await call(harness)).status).toBe(200);
      expect(lines.filter((line) => line.includes("store answers again")), lines.join("\n")).toHaveLength(1);
    });
  });
}
