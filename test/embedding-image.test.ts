import { embed, embedMany, experimental_generateImage as generateImage, generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../src';
import { BASE, json, mockGateway, sse, v2Generate } from './support/mock-gateway';

const gateway = mockGateway();
const provider = createGateway({ baseURL: BASE, apiKey: 'test-key' });
const PNG = 'iVBORw0KGgoAAAANSUhEUg==';

describe('embedding model', () => {
  it('has every alias, the declared limits and the v2 headers', async () => {
    for (const model of [provider.embeddingModel('openai/e'), provider.textEmbeddingModel('openai/e'), provider.embedding('openai/e')]) {
      expect(model).toMatchObject({ specificationVersion: 'v2', maxEmbeddingsPerCall: 2048, supportsParallelCalls: true });
    }
    gateway.on('post', `${BASE}/embedding-model`, () => json({ embeddings: [[0.5, 0.25]], usage: { tokens: 2 } }));
    const result = await embed({ model: provider.embeddingModel('openai/text-embedding-3-small'), value: 'sunny day' });
    expect(result.embedding).toEqual([0.5, 0.25]);
    expect(result.usage.tokens).toBe(2);
    const [request] = gateway.requests;
    expect(request!.headers).toMatchObject({
      'ai-embedding-model-specification-version': '2',
      'ai-model-id': 'openai/text-embedding-3-small',
      authorization: 'Bearer test-key',
    });
    expect(request!.body).toEqual({ input: 'sunny day' });
  });

  it('embedMany sends the values as an array with provider options', async () => {
    gateway.on('post', `${BASE}/embedding-model`, () =>
      json({ embeddings: [[1], [2], [3]], usage: { tokens: 9 }, providerMetadata: { gateway: { cost: '0.000001' } } }),
    );
    const result = await embedMany({
      model: provider.embeddingModel('openai/text-embedding-3-small'),
      values: ['a', 'b', 'c'],
      providerOptions: { gateway: { user: 'u-1' }, openai: { dimensions: 256 } },
    });
    expect(result.embeddings).toEqual([[1], [2], [3]]);
    expect(result.usage.tokens).toBe(9);
    expect(gateway.requests[0]!.body).toEqual({
      input: ['a', 'b', 'c'],
      providerOptions: { gateway: { user: 'u-1' }, openai: { dimensions: 256 } },
    });
  });

  it('rejects a response whose embedding count does not match', async () => {
    gateway.on('post', `${BASE}/embedding-model`, () => json({ embeddings: [[1]] }));
    await expect(
      provider.embeddingModel('openai/e').doEmbed({ values: ['a', 'b'] }),
    ).rejects.toThrow(/returned 1 embeddings for 2 values/);
  });
});

describe('image model', () => {
  it('generateImage sends n, size, aspectRatio, seed and provider options', async () => {
    gateway.on('post', `${BASE}/image-model`, () =>
      json({ images: [PNG, PNG], warnings: [], providerMetadata: { gateway: { cost: '0.08' } } }),
    );
    const result = await generateImage({
      model: provider.imageModel('openai/gpt-image-1'),
      prompt: 'A lighthouse at dawn',
      n: 2,
      aspectRatio: '16:9',
      seed: 42,
      providerOptions: { gateway: { tags: ['feature:art'] } },
    });
    expect(result.images).toHaveLength(2);
    expect(result.images[0]!.base64).toBe(PNG);
    expect(result.images[0]!.uint8Array.slice(0, 4)).toEqual(new Uint8Array([137, 80, 78, 71]));
    expect(gateway.requests[0]!.headers).toMatchObject({
      'ai-image-model-specification-version': '2',
      'ai-model-id': 'openai/gpt-image-1',
    });
    expect(gateway.requests[0]!.body).toEqual({
      prompt: 'A lighthouse at dawn',
      n: 2,
      aspectRatio: '16:9',
      seed: 42,
      providerOptions: { gateway: { tags: ['feature:art'] } },
    });
  });

  it('image() is an alias and rejects a response without images', async () => {
    gateway.on('post', `${BASE}/image-model`, () => json({ warnings: [] }));
    await expect(
      provider.image('openai/gpt-image-1').doGenerate({ prompt: 'x', n: 1, size: undefined, aspectRatio: undefined, seed: undefined, providerOptions: {} }),
    ).rejects.toThrow(/without an `images` array/);
  });
});

describe('images from multimodal language models', () => {
  it('arrive in result.files from generateText', async () => {
    gateway.on('post', `${BASE}/language-model`, () =>
      json({ ...v2Generate(), content: [{ type: 'text', text: 'Here:' }, { type: 'file', mediaType: 'image/png', data: PNG }] }),
    );
    const result = await generateText({ model: provider('google/gemini-3-pro-image'), prompt: 'Draw' });
    expect(result.files).toHaveLength(1);
    expect(result.files[0]!.mediaType).toBe('image/png');
    expect(result.files[0]!.base64).toBe(PNG);
  });

  it('arrive as file parts from streamText', async () => {
    gateway.on('post', `${BASE}/language-model`, () =>
      sse([
        { type: 'stream-start', warnings: [] },
        { type: 'file', mediaType: 'image/png', data: PNG },
        { type: 'finish', finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } },
      ]),
    );
    const result = streamText({ model: provider('google/gemini-3-pro-image'), prompt: 'Draw' });
    const files = [];
    for await (const part of result.fullStream) if (part.type === 'file') files.push(part.file);
    expect(files.map((file) => file.base64)).toEqual([PNG]);
    expect((await result.files).map((file) => file.mediaType)).toEqual(['image/png']);
  });
});
