import { createGateway as createPublicGateway } from '@ai-sdk/gateway';
import {
  embedMany,
  experimental_generateImage as generateImage,
  generateText,
  streamText,
  type LanguageModel,
  type Provider,
} from 'ai';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../src';
import { BASE, json, mockGateway, sse, v2Generate, v2StreamParts } from './support/mock-gateway';

const gateway = mockGateway();
const modelgate = createGateway({ baseURL: BASE, apiKey: 'test-key' });
const publicClient = createPublicGateway({ baseURL: BASE, apiKey: 'test-key' });


/** What both clients are to ai 5: a provider, callable for a language model. */
type Ai5Provider = Provider & ((modelId: string) => LanguageModel);

const bothClients = <T>(run: (provider: Ai5Provider) => Promise<T>) => gateway.both(() => run(modelgate), () => run(publicClient));

const richCall = {
  system: 'Be brief.',
  messages: [
    {
      role: 'user' as const,
      content: [
        { type: 'text' as const, text: 'What is in this image?' },
        { type: 'image' as const, image: new Uint8Array([137, 80, 78, 71]), mediaType: 'image/png' },
        { type: 'file' as const, data: new Uint8Array([37, 80, 68, 70]), mediaType: 'application/pdf' },
      ],
    },
  ],
  temperature: 0.3,
  maxOutputTokens: 100,
  headers: { 'x-trace': 'abc' },
  providerOptions: {
    gateway: { order: ['vertex', 'anthropic'], only: ['vertex', 'anthropic'], user: 'u-1', tags: ['feature:chat'], caching: 'auto' },
  },
};

describe('same wire as @ai-sdk/gateway@2 through ai@5', () => {
  it('generateText with files, options and headers', async () => {
    gateway.on('post', `${BASE}/language-model`, () => json(v2Generate('A PNG.')));
    const { ours, theirs, oursWire, theirsWire } = await bothClients((p) =>
      generateText({ model: p('anthropic/claude-sonnet-4.6'), ...richCall }),
    );
    expect(oursWire).toEqual(theirsWire);
    expect(ours.text).toBe(theirs.text);
    expect(ours.usage).toEqual(theirs.usage);
    expect(ours.finishReason).toBe(theirs.finishReason);
    expect(ours.content).toEqual(theirs.content);
    expect(ours.providerMetadata).toEqual(theirs.providerMetadata);
    // The improvement: the gateway's generation id and timestamp survive.
    expect(ours.response.id).toBe('gen_123');
    expect(ours.response.timestamp).toEqual(new Date('2026-11-21T10:00:00.000Z'));
  });

  it('streamText', async () => {
    gateway.on('post', `${BASE}/language-model`, () => sse(v2StreamParts(['a', 'b', 'c'])));
    const { ours, theirs, oursWire, theirsWire } = await bothClients(async (p) => {
      const result = streamText({ model: p('openai/gpt-5.4'), ...richCall });
      return { text: await result.text, usage: await result.usage, finishReason: await result.finishReason };
    });
    expect(oursWire).toEqual(theirsWire);
    expect(ours).toEqual(theirs);
  });

  it('embedMany, one value and many', async () => {
    gateway.on('post', `${BASE}/embedding-model`, async () =>
      json({ embeddings: [[0.1, 0.2]], usage: { tokens: 3 } }),
    );
    const one = await bothClients((p) =>
      embedMany({ model: p.textEmbeddingModel('openai/text-embedding-3-small'), values: ['hello'], providerOptions: { gateway: { user: 'u' } } }),
    );
    expect(one.oursWire).toEqual(one.theirsWire);
    expect(one.ours.embeddings).toEqual(one.theirs.embeddings);
    expect(one.ours.usage).toEqual(one.theirs.usage);

    gateway.on('post', `${BASE}/embedding-model`, async () =>
      json({ embeddings: [[1], [2]], usage: { tokens: 4 } }),
    );
    const many = await bothClients((p) =>
      embedMany({ model: p.textEmbeddingModel('openai/text-embedding-3-small'), values: ['a', 'b'] }),
    );
    expect(many.oursWire).toEqual(many.theirsWire);
    expect(many.ours.embeddings).toEqual(many.theirs.embeddings);
  });

  it('generateImage', async () => {
    gateway.on('post', `${BASE}/image-model`, () => json({ images: ['iVBORw0KGgo='], warnings: [] }));
    const { ours, theirs, oursWire, theirsWire } = await bothClients((p) =>
      generateImage({ model: p.imageModel('openai/dall-e-3'), prompt: 'A cat', n: 1, size: '1024x1024', seed: 7 }),
    );
    expect(oursWire).toEqual(theirsWire);
    expect(ours.images.map((image) => image.base64)).toEqual(theirs.images.map((image) => image.base64));
  });
});
