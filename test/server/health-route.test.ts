/**
 * GET /health and /health/ready: unauthenticated checks for load balancers. Readiness reads each
 * store once; it answers 503 only when calls would be refused, and never says why a store failed.
 */
import type { LanguageModelV4 } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { handleHealth, READY_PATH, HEALTH_PATH, type HealthTargets } from '../../src/server/health-route';
import { createGatewayServer } from '../../src/server';
import { MemoryCounterStore } from '../../src/storage/memory-counter-store';
import { MemoryUsageStore } from '../../src/storage/memory-usage-store';

const SECRET_URL = 'redis://:s3cret-pass@10.0.0.5:6379';

class BrokenCounters extends MemoryCounterStore {
  override async read(): Promise<number[]> {
    throw new Error(`connect ECONNREFUSED ${SECRET_URL}`);
  }
}

class HangingCounters extends MemoryCounterStore {
  override read(): Promise<number[]> {
    return new Promise(() => {});
  }
}

class BrokenUsage extends MemoryUsageStore {
  override async get(): Promise<undefined> {
    throw new Error('connect ECONNREFUSED postgres://app:s3cret-pass@db/modelgate');
  }
}

const targets = (overrides: Partial<HealthTargets> = {}): HealthTargets => ({
  counters: new MemoryCounterStore(),
  usage: new MemoryUsageStore(),
  onOutage: 'open',
  ...overrides,
});

async function ask(path: string, given: HealthTargets, method = 'GET') {
  const response = await handleHealth(new Request(`http://gateway.test${path}`, { method }), path, given);
  const text = await response.text();
  return { status: response.status, cacheControl: response.headers.get('cache-control'), text, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('handleHealth', () => {
  it('/health answers ok without touching the stores', async () => {
    const answer = await ask(HEALTH_PATH, targets({ counters: new HangingCounters(), usage: new BrokenUsage() }));
    expect(answer).toMatchObject({ status: 200, cacheControl: 'no-store', body: { status: 'ok' } });
  });

  it('/health/ready is ready when both stores answer', async () => {
    const answer = await ask(READY_PATH, targets());
    expect(answer).toMatchObject({ status: 200, cacheControl: 'no-store', body: { status: 'ready', checks: { counters: 'ok', usage: 'ok' } } });
  });

  it('a counter store that is down is degraded under onOutage open and unavailable (503) under closed', async () => {
    const open = await ask(READY_PATH, targets({ counters: new BrokenCounters(), onOutage: 'open' }));
    expect(open).toMatchObject({ status: 200, body: { status: 'degraded', checks: { counters: 'unavailable', usage: 'ok' } } });
    const closed = await ask(READY_PATH, targets({ counters: new BrokenCounters(), onOutage: 'closed' }));
    expect(closed).toMatchObject({ status: 503, body: { status: 'unavailable', checks: { counters: 'unavailable', usage: 'ok' } } });
    expect(open.text + closed.text).not.toContain('s3cret');
    expect(open.text + closed.text).not.toContain('ECONNREFUSED');
  });

  it('a usage log that is down is degraded, never 503: its records wait in memory', async () => {
    const answer = await ask(READY_PATH, targets({ usage: new BrokenUsage(), onOutage: 'closed' }));
    expect(answer).toMatchObject({ status: 200, body: { status: 'degraded', checks: { counters: 'ok', usage: 'unavailable' } } });
    expect(answer.text).not.toContain('s3cret');
  });

  it('a store that never answers counts as unavailable after the timeout', async () => {
    const started = performance.now();
    const answer = await ask(READY_PATH, targets({ counters: new HangingCounters(), onOutage: 'closed', timeoutMs: 50 }));
    expect(answer).toMatchObject({ status: 503, body: { status: 'unavailable', checks: { counters: 'unavailable', usage: 'ok' } } });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('HEAD is answered; other methods get 405 with the protocol error body', async () => {
    expect((await ask(HEALTH_PATH, targets(), 'HEAD')).status).toBe(200);
    await expect(ask(READY_PATH, targets(), 'POST')).rejects.toMatchObject({ status: 405, type: 'invalid_request_error' });
  });
});

describe('the gateway serves them without a key', () => {
  // Never called: the health checks reach no model.
  const model: LanguageModelV4 = {
    specificationVersion: 'v4',
    provider: 'memory',
    modelId: 'echo',
    supportedUrls: {},
    doGenerate: () => Promise.reject(new Error('not called')),
    doStream: () => Promise.reject(new Error('not called')),
  };
  const gateway = createGatewayServer(
    {
      providers: { memory: { languageModel: () => model } },
      models: { 'memory/echo': { providers: [{ provider: 'memory', model: 'echo' }] } },
      keys: [{ name: 'only', key: 'mg-health-key-0123456789' }],
      storage: { onOutage: 'closed' },
    },
    { counters: new BrokenCounters() },
  );
  const get = (path: string, method = 'GET') => gateway.fetch(new Request(`http://gateway.test${path}`, { method }));

  it('/health and /health/ready answer with no Authorization header', async () => {
    expect(await (await get(HEALTH_PATH)).json()).toEqual({ status: 'ok' });
    const ready = await get(READY_PATH);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', checks: { counters: 'unavailable', usage: 'ok' } });
  });

  it('a wrong method gets the protocol error body', async () => {
    const answer = await get(HEALTH_PATH, 'DELETE');
    expect(answer.status).toBe(405);
    expect(await answer.json()).toMatchObject({ error: { type: 'invalid_request_error', message: 'Use GET for /health.' } });
  });
});
