import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKeys } from '../../src/server/api-keys';
import { handleClientSecretRequest, mintClientSecret, verifyClientSecret, type MintContext } from '../../src/server/client-secrets';
import { GatewayServerError } from '../../src/errors/gateway-server-error';
import { MemoryCounterStore } from '../../src/storage/memory-counter-store';
import { openRedisCounterStore } from '../../src/storage/redis-counter-store';
import type { CachedResponse, CounterStore } from '../../src/storage/types';
import { startRedis, type RedisInstance } from '../storage/engines';

const [app, ci] = hashApiKeys([
  { name: 'app', key: 'app-key-0123456789abcdef' },
  { name: 'ci', key: 'ci-key-0123456789abcdef' },
]);
const keys = [app!, ci!];
const MODEL = 'openai/gpt-realtime-2';
const NOW = 1_900_000_000;

describe('client secrets: mint and verify', () => {
  const counters = new MemoryCounterStore();

  it('a minted secret verifies for its model until it expires, as the key that minted it', async () => {
    const token = await mintClientSecret(counters, app!, MODEL, NOW + 60);
    expect(token).toMatch(/^vcst_[A-Za-z0-9_-]{43}$/);
    expect(await verifyClientSecret(counters, token, keys, MODEL, NOW)).toEqual({ claims: { keyName: 'app', model: MODEL, kind: 'realtime', expiresAt: NOW + 60 }, apiKey: app });
    expect(await verifyClientSecret(counters, token, keys, MODEL, NOW + 59)).toHaveProperty('claims');
    expect(await verifyClientSecret(counters, token, keys, MODEL, NOW + 60)).toEqual({ refused: expect.stringContaining('expired') });
    expect(await verifyClientSecret(counters, token, keys, 'openai/gpt-realtime-mini', NOW)).toEqual({ refused: expect.stringContaining('another model') });
  });

  it('is random: it holds nothing of the key, two mints differ, and the store keeps it only as a hash', async () => {
    const written: string[] = [];
    class RecordingStore extends MemoryCounterStore {
      override async putCached(key: string, entry: CachedResponse, expiresAt: number): Promise<void> {
        written.push(`${key} ${entry.body}`);
        return super.putCached(key, entry, expiresAt);
      }
    }
    const store = new RecordingStore();
    const first = await mintClientSecret(store, app!, MODEL, NOW + 60);
    const second = await mintClientSecret(store, app!, MODEL, NOW + 60);
    expect(first).not.toBe(second);
    expect(first).not.toContain('app');
    expect(written).toHaveLength(2);
    expect(written.join('\n')).not.toContain(first.slice(5));
    expect(written.join('\n')).not.toContain('app-key');
    expect(await verifyClientSecret(store, second, keys, MODEL, NOW)).toHaveProperty('claims');
  });

  it('a secret another store never recorded, or one changed by a character, is refused', async () => {
    const token = await mintClientSecret(counters, app!, MODEL, NOW + 60);
    expect(await verifyClientSecret(new MemoryCounterStore(), token, keys, MODEL, NOW)).toEqual({ refused: expect.stringContaining('not valid') });
    const changed = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(await verifyClientSecret(counters, changed, keys, MODEL, NOW)).toEqual({ refused: expect.stringContaining('not valid') });
  });

  it('a rotated or removed key takes its secrets with it', async () => {
    const token = await mintClientSecret(counters, app!, MODEL, NOW + 60);
    const [rotated] = hashApiKeys([{ name: 'app', key: 'app-key-rotated-0123456789' }]);
    expect(await verifyClientSecret(counters, token, [rotated!], MODEL, NOW)).toHaveProperty('refused');
    expect(await verifyClientSecret(counters, token, [ci!], MODEL, NOW)).toHaveProperty('refused');
  });

  it.each(['vcst_', 'vcst_abc', 'vcst_abc.def.ghi', 'vcst_%%%.%%%'])('refuses the unknown %s', async (token) => {
    expect(await verifyClientSecret(counters, token, keys, MODEL, NOW)).toEqual({ refused: expect.stringContaining('not valid') });
  });
});

describe('POST /v1/realtime/client-secrets', () => {
  const checked: string[] = [];
  const counters = new MemoryCounterStore();
  const context: MintContext = { counters, apiKey: app!, checkModel: (model, kind) => void checked.push(`${kind} ${model}`), nowSeconds: NOW };

  it('mints for 60 s by default, rounds up, and grants at most 300 s', async () => {
    expect((await handleClientSecretRequest({ model: MODEL }, context)).expiresAt).toBe(NOW + 60);
    expect((await handleClientSecretRequest({ model: MODEL, expiresIn: 0.2 }, context)).expiresAt).toBe(NOW + 1);
    expect((await handleClientSecretRequest({ model: MODEL, expiresIn: 3_600 }, context)).expiresAt).toBe(NOW + 300);
    const { token } = await handleClientSecretRequest({ model: MODEL, expiresIn: 120 }, context);
    expect(await verifyClientSecret(counters, token, keys, MODEL, NOW + 119)).toHaveProperty('claims');
    expect(await verifyClientSecret(counters, token, keys, MODEL, NOW + 120)).toHaveProperty('refused');
    expect(checked).toContain(`realtime ${MODEL}`);
  });

  it.each([
    [{}, 'model'],
    [{ model: '' }, 'model'],
    [{ model: MODEL, expiresIn: 0 }, 'expiresIn'],
    [{ model: MODEL, expiresIn: '60' }, 'expiresIn'],
    [{ model: MODEL, routeKind: 'video' }, 'routeKind'],
  ])('refuses %j with 400 naming %s', async (body, param) => {
    const error = await handleClientSecretRequest(body, context).catch((thrown: unknown) => thrown);
    expect(GatewayServerError.isInstance(error) && [error.status, error.param]).toEqual([400, param]);
  });

  it('a routeKind binds the secret to that kind of session: it opens no other kind, and a realtime one (no kind) opens no stream', async () => {
    const { token: speech } = await handleClientSecretRequest({ model: 'openai/tts-1', routeKind: 'speech' }, context);
    expect(checked).toContain('speech openai/tts-1');
    expect(await verifyClientSecret(counters, speech, keys, 'openai/tts-1', NOW, 'speech')).toMatchObject({ claims: { kind: 'speech', model: 'openai/tts-1' } });
    expect(await verifyClientSecret(counters, speech, keys, 'openai/tts-1', NOW, 'transcription')).toEqual({ refused: expect.stringContaining('streamed speech sessions, not streamed transcription') });
    expect(await verifyClientSecret(counters, speech, keys, 'openai/tts-1', NOW)).toEqual({ refused: expect.stringContaining('not realtime') });
    const { token: realtime } = await handleClientSecretRequest({ model: MODEL }, context);
    expect(await verifyClientSecret(counters, realtime, keys, MODEL, NOW, 'speech')).toEqual({ refused: expect.stringContaining("routeKind 'speech'") });
    const { token: transcription } = await handleClientSecretRequest({ model: 'openai/gpt-4o-transcribe', routeKind: 'transcription' }, context);
    expect(await verifyClientSecret(counters, transcription, keys, 'openai/gpt-4o-transcribe', NOW, 'transcription')).toHaveProperty('claims');
  });

  it('a grant stored before secrets had kinds is a realtime one', async () => {
    const token = 'vcst_stored-before-kinds-0000000000000000000000';
    const { sha256, sha256Hex } = await import('../../src/server/sha256');
    const fingerprint = btoa(String.fromCharCode(...sha256(app!.hash))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const body = JSON.stringify({ keyName: 'app', key: fingerprint, model: MODEL, expiresAt: NOW + 60 });
    await counters.putCached(`client-secret:${sha256Hex(token)}`, { storedAt: 0, freshUntil: (NOW + 60) * 1000, staleUntil: (NOW + 60) * 1000, body }, (NOW + 60) * 1000);
    expect(await verifyClientSecret(counters, token, keys, MODEL, NOW)).toMatchObject({ claims: { kind: 'realtime' } });
    expect(await verifyClientSecret(counters, token, keys, MODEL, NOW, 'speech')).toHaveProperty('refused');
  });

  it('a model the key may not use is refused by checkModel before anything is minted', async () => {
    const refusing: MintContext = {
      ...context,
      checkModel: () => {
        throw new GatewayServerError({ status: 403, type: 'forbidden', message: 'no' });
      },
    };
    await expect(handleClientSecretRequest({ model: MODEL }, refusing)).rejects.toThrow('no');
  });
});

describe('client secrets across replicas sharing a real Redis', () => {
  let redis: RedisInstance;
  let stores: CounterStore[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    stores = [await openRedisCounterStore({ url: redis.url }), await openRedisCounterStore({ url: redis.url })];
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await redis?.stop();
  });

  it('a secret minted on one replica opens sessions on another until it expires, when Redis forgets it', async () => {
    const [minting, checking] = stores as [CounterStore, CounterStore];
    const now = Math.floor(checking.now() / 1000);
    const token = await mintClientSecret(minting, app!, MODEL, now + 1);
    expect(await verifyClientSecret(checking, token, keys, MODEL, now)).toEqual({ claims: { keyName: 'app', model: MODEL, kind: 'realtime', expiresAt: now + 1 }, apiKey: app });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await verifyClientSecret(checking, token, keys, MODEL, now)).toEqual({ refused: expect.stringContaining('not valid') });
  });
});
