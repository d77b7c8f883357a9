import { embedMany, experimental_generateImage as generateImage, generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createGateway, type GatewayUsageRecord } from '../src';
import { costFromPricing, flattenUsage } from '../src/client/usage';
import { BASE, json, mockGateway, sse, v2Generate, v2StreamParts } from './support/mock-gateway';

const gateway = mockGateway();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pricedCatalog = {
  models: [
    {
      id: 'openai/gpt-5.4',
      name: 'GPT-5.4',
      pricing: { input: '0.000002', output: '0.00001', input_cache_read: '0.0000002' },
      specification: { specificationVersion: 'v2', provider: 'openai', modelId: 'gpt-5.4' },
      modelType: 'language',
    },
  ],
};

function recordingProvider() {
  const records: GatewayUsageRecord[] = [];
  const provider = createGateway({ baseURL: BASE, apiKey: 'k', onUsage: (record) => void records.push(record) });
  return { records, provider };
}

describe('onUsage', () => {
  it('reports a generate call with the gateway-reported cost, user and tags', async () => {
    gateway.on('post', `${BASE}/language-model`, () => json(v2Generate()));
    const { records, provider } = recordingProvider();
    await generateText({
      model: provider('openai/gpt-5.4'),
      prompt: 'Hi',
      providerOptions: { gateway: { user: 'u-1', tags: ['feature:chat'] } },
    });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      kind: 'generate',
      modelId: 'openai/gpt-5.4',
      usage: { inputTokens: 5, outputTokens: 4, totalTokens: 9 },
      costUsd: 0.00042,
      generationId: 'gen_123',
      user: 'u-1',
      tags: ['feature:chat'],
    });
  });

  it('durationMs spans the whole call: the gateway\'s delay, and a stream up to its `finish`', async () => {
    const { records, provider } = recordingProvider();
    let answeredAfter = 0;
    gateway.on('post', `${BASE}/language-model`, async () => {
      const received = Date.now();
      await sleep(150);
      answeredAfter = Date.now() - received;
      return json(v2Generate());
    });
    let started = Date.now();
    await generateText({ model: provider('openai/gpt-5.4'), prompt: 'Hi' });
    let elapsed = Date.now() - started;
    expect(answeredAfter).toBeGreaterThanOrEqual(145);
    expect(records[0]!.durationMs).toBeGreaterThanOrEqual(answeredAfter);
    expect(records[0]!.durationMs).toBeLessThanOrEqual(elapsed);

    // The headers and first parts come at once; `finish` only 150 ms later.
    let finishAfter = 0;
    gateway.on('post', `${BASE}/language-model`, () => {
      const parts = v2StreamParts(['a', 'b']);
      const event = (part: unknown) => new TextEncoder().encode(`data: ${JSON.stringify(part)}\n\n`);
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          const sentFirst = Date.now();
          for (const part of parts.slice(0, -1)) controller.enqueue(event(part));
          await sleep(150);
          finishAfter = Date.now() - sentFirst;
          controller.enqueue(event(parts.at(-1)));
          controller.close();
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    started = Date.now();
    await streamText({ model: provider('openai/gpt-5.4'), prompt: 'Hi' }).consumeStream();
    elapsed = Date.now() - started;
    expect(finishAfter).toBeGreaterThanOrEqual(145);
    expect(records[1]).toMatchObject({ kind: 'stream', usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 } });
    expect(records[1]!.durationMs).toBeGreaterThanOrEqual(finishAfter);
    expect(records[1]!.durationMs).toBeLessThanOrEqual(elapsed);
  });

  it('reports a streamed call once, at finish', async () => {
    gateway.on('post', `${BASE}/language-model`, () => sse(v2StreamParts(['a', 'b'])));
    const { records, provider } = recordingProvider();
    const result = streamText({ model: provider('openai/gpt-5.4'), prompt: 'Hi' });
    await result.consumeStream();
    expect(records).toEqual([
      expect.objectContaining({ kind: 'stream', usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 }, costUsd: 0.0001, generationId: 'gen_s1' }),
    ]);
  });

  it('reports a stream cut before `finish` once, as failed, with what is known', async () => {
    gateway.on('get', `${BASE}/config`, () => json(pricedCatalog));
    gateway.on('post', `${BASE}/language-model`, () => sse(v2StreamParts(['a', 'b']).slice(0, -1)));
    const { records, provider } = recordingProvider();
    // With prices cached, unknown usage must still not be priced as zero.
    await provider.getAvailableModels();
    const result = streamText({ model: provider('openai/gpt-5.4'), prompt: 'Hi', onError: () => {} });
    await result.consumeStream();
    expect(records).toEqual([
      {
        kind: 'stream',
        modelId: 'openai/gpt-5.4',
        usage: {},
        generationId: 'gen_s1',
        durationMs: expect.any(Number),
        incomplete: 'failed',
      },
    ]);
  });

  it('estimates the cost from the cached catalog when the gateway reports none, without an extra request', async () => {
    gateway.on('get', `${BASE}/config`, () => json(pricedCatalog));
    gateway.on('post', `${BASE}/language-model`, () =>
      json({ ...v2Generate(), providerMetadata: {}, usage: { inputTokens: 1000, outputTokens: 100, totalTokens: 1100, cachedInputTokens: 400 } }),
    );
    const { records, provider } = recordingProvider();
    await generateText({ model: provider('openai/gpt-5.4'), prompt: 'Hi' });
    expect(records[0]!.costUsd).toBeUndefined();
    expect(gateway.requests.filter((r) => r.url.endsWith('/config'))).toHaveLength(0);

    await provider.getAvailableModels();
    await generateText({ model: provider('openai/gpt-5.4'), prompt: 'Hi' });
    // 600 × 0.000002 + 400 × 0.0000002 + 100 × 0.00001
    expect(records[1]!.costUsd).toBeCloseTo(0.00228, 10);
    expect(provider.estimateCost('openai/gpt-5.4', { inputTokens: 1000, outputTokens: 100, cachedInputTokens: 400 })).toBeCloseTo(0.00228, 10);
    expect(provider.estimateCost('unknown/model', { inputTokens: 1 })).toBeUndefined();
  });

  it('reports embeddings and images', async () => {
    gateway.on('post', `${BASE}/embedding-model`, () => json({ embeddings: [[1], [2]], usage: { tokens: 6 } }));
    gateway.on('post', `${BASE}/image-model`, () => json({ images: ['iVBORw0KGgo='], providerMetadata: { gateway: { cost: '0.04' } } }));
    const { records, provider } = recordingProvider();
    await embedMany({ model: provider.embeddingModel('openai/text-embedding-3-small'), values: ['a', 'b'] });
    await generateImage({ model: provider.imageModel('openai/gpt-image-1'), prompt: 'cat' });
    expect(records.map((r) => [r.kind, r.modelId])).toEqual([
      ['embed', 'openai/text-embedding-3-small'],
      ['image', 'openai/gpt-image-1'],
    ]);
    expect(records[0]!.usage).toEqual({ tokens: 6 });
    expect(records[1]).toMatchObject({ usage: { images: 1 }, costUsd: 0.04 });
  });

  it('a throwing or rejecting onUsage never breaks the call', async () => {
    gateway.on('post', `${BASE}/language-model`, () => json(v2Generate('still fine')));
    const throwing = createGateway({ baseURL: BASE, apiKey: 'k', onUsage: () => { throw new Error('db down'); } });
    const rejecting = createGateway({ baseURL: BASE, apiKey: 'k', onUsage: async () => { throw new Error('db down'); } });
    expect((await generateText({ model: throwing('openai/gpt-5.4'), prompt: 'Hi' })).text).toBe('still fine');
    expect((await generateText({ model: rejecting('openai/gpt-5.4'), prompt: 'Hi' })).text).toBe('still fine');
  });
});

describe('usage arithmetic', () => {
  it('flattens v2 and v3/v4 usage to one shape', () => {
    expect(flattenUsage({ inputTokens: 10, outputTokens: 5, totalTokens: 15, reasoningTokens: 2, cachedInputTokens: 4 })).toEqual({
      inputTokens: 10, outputTokens: 5, totalTokens: 15, reasoningTokens: 2, cachedInputTokens: 4,
    });
    expect(
      flattenUsage({
        inputTokens: { total: 10, noCache: 5, cacheRead: 4, cacheWrite: 1 },
        outputTokens: { total: 5, text: 3, reasoning: 2 },
      }),
    ).toEqual({ inputTokens: 10, cachedInputTokens: 4, cacheWriteTokens: 1, outputTokens: 5, reasoningTokens: 2, totalTokens: 15 });
    expect(flattenUsage(undefined)).toEqual({});
  });

  it('prices cache reads and writes at their own rates, falling back to the input rate', () => {
    const pricing = { input: '0.001', output: '0.002', cachedInputTokens: '0.0001', cacheCreationInputTokens: '0.00125' };
    expect(costFromPricing(pricing, { inputTokens: 10, cachedInputTokens: 4, cacheWriteTokens: 2, outputTokens: 3 })).toBeCloseTo(
      4 * 0.001 + 4 * 0.0001 + 2 * 0.00125 + 3 * 0.002, 12,
    );
    expect(costFromPricing({ input: '0.001', output: '0.002' }, { inputTokens: 10, cachedInputTokens: 10 })).toBeCloseTo(0.01, 12);
    expect(costFromPricing({ input: '0.00000002' }, { tokens: 1000 })).toBeCloseTo(0.00002, 12);
    expect(costFromPricing({ input: '0.001' }, { inputTokens: 1, outputTokens: 1 })).toBeUndefined();
    expect(costFromPricing(undefined, { inputTokens: 1 })).toBeUndefined();
  });
});
