/** openStorage: the engines a declarative storage config names, against real Redis, PostgreSQL and PGlite. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDriver, openStorage } from '../../src/storage/open-storage';
import { startPostgres, startRedis, type PostgresInstance, type RedisInstance } from './engines';

let redis: RedisInstance;
let postgres: PostgresInstance;
const dir = mkdtempSync(join(tmpdir(), 'modelgate-open-storage-'));
beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
});
afterAll(async () => {
  await Promise.all([redis?.stop(), postgres?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const today = () => new Date().toISOString().slice(0, 10);

describe('openStorage', () => {
  it('redis + postgres: counters on Redis under the key prefix, usage log on PostgreSQL', async () => {
    const storage = await openStorage({ redis: redis.url, postgres: postgres.url, keyPrefix: 'gw1:' });
    try {
      expect(await storage.counters?.add('k', 2, Date.now() + 60_000)).toBe(2);
      const other = await openStorage({ redis: redis.url, keyPrefix: 'gw2:' });
      expect(await other.counters?.read(['k'])).toEqual([0]);
      expect(other.usage).toBeUndefined();
      await other.close();
      await storage.usage?.append([{
        id: 'gen_open', createdAt: Date.now(), keyName: 'ci', tags: [], kind: 'language', model: 'm', credentialType: 'system', attempts: [],
        status: 200, inputTokens: 1, outputTokens: 2, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, cost: 0.5,
        latencyMs: 1, ttftMs: 1, streamed: false, cacheHit: false,
      }]);
      expect((await storage.usage?.get('gen_open'))?.cost).toBe(0.5);
    } finally {
      await storage.close();
    }
  });

  it('embedded: the usage log in a PGlite directory; no counters without redis (the caller picks the memory engine)', { timeout: 120_000 }, async () => {
    const storage = await openStorage({ embedded: join(dir, 'usage') });
    try {
      expect(storage.counters).toBeUndefined();
      expect(await storage.usage?.report({ startDate: today(), endDate: today(), groupBy: 'model', datePart: 'day' })).toEqual([]);
    } finally {
      await storage.close();
    }
  });

  it('nothing named: nothing opened', async () => {
    const storage = await openStorage({});
    expect(storage.counters).toBeUndefined();
    expect(storage.usage).toBeUndefined();
    await storage.close();
  });

  it('refuses both postgres and embedded, and empty URLs, naming the key', async () => {
    await expect(openStorage({ postgres: postgres.url, embedded: dir })).rejects.toThrow(/storage.postgres and storage.embedded/);
    await expect(openStorage({ redis: '' })).rejects.toThrow(/storage.redis must be a non-empty string/);
  });

  it('a Redis that cannot be reached fails the open; a failing usage log closes the counters already opened', async () => {
    await expect(openStorage({ redis: 'redis://127.0.0.1:1' })).rejects.toThrow(/cannot connect to Redis/);
    const raw = createClient({ url: redis.url });
    await raw.connect();
    try {
      const clients = async () => (await raw.clientList()).length;
      const before = await clients();
      await expect(openStorage({ redis: redis.url, postgres: 'postgres://u@127.0.0.1:1/db' })).rejects.toThrow(/PostgreSQL usage store: cannot open/);
      // Redis drops the closed connection asynchronously.
      for (let i = 0; i < 50 && (await clients()) !== before; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await clients()).toBe(before);
    } finally {
      await raw.close();
    }
  });

  it('a driver package that is not installed is named with the command to install it', async () => {
    const missing = 'modelgate-test-no-such-package';
    await expect(importDriver(missing, 'redis', () => import(/* @vite-ignore */ missing))).rejects.toThrow(
      `storage.redis needs the npm package "${missing}", which is not installed: run \`npm install ${missing}\``,
    );
    // Other load errors pass through unchanged.
    await expect(importDriver('redis', 'redis', () => Promise.reject(new Error('boom')))).rejects.toThrow(/^boom$/);
  });
});
