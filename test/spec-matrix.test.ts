import type { ProviderV4 } from '@ai-sdk/provider';
import type { ProviderV3 } from '@ai-sdk/provider-v3';
import * as ai6 from 'ai-v6';
import * as ai7 from 'ai-v7';
import { createGateway as createPublicV3 } from 'gateway-v3';
import { createGateway as createPublicV4 } from 'gateway-v4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import {
  createGateway as createV2,
  type GatewayLanguageModel,
  type GatewayProvider,
  type GatewayProviderOptions,
  type GatewayProviderSettings,
} from '../src';
import { createGateway as createV3, registerGateway } from '../src/v3';
import { createGateway as createV4 } from '../src/v4';
import { json, mockGateway, sse, type RecordedRequest } from './support/mock-gateway';

const gateway = mockGateway();
const PNG = 'iVBORw0KGgoAAAANSUhEUg==';

const usage = {
  inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 4, text: 4, reasoning: 0 },
};
const generateResult = (content: unknown[], unified = 'stop') => ({
  content,
  finishReason: { unified, raw: unified },
  usage,
  warnings: [],
  providerMetadata: { gateway: { cost: '0.0002', generationId: 'gen_m' } },
  response: { id: 'gen_m', modelId: 'openai/gpt-5.4', timestamp: '2026-11-21T10:00:00.000Z' },
});
const streamParts = [
  { type: 'stream-start', warnings: [] },
  { type: 'response-metadata', id: 'gen_ms', modelId: 'openai/gpt-5.4', timestamp: '2026-11-21T10:00:00.000Z' },
  { type: 'text-start', id: 't' },
  { type: 'text-delta', id: 't', delta: 'Hi ' },
  { type: 'text-delta', id: 't', delta: 'there' },
  { type: 'text-end', id: 't' },
  { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage, providerMetadata: { gateway: { cost: '0.0001' } } },
];

let warnings: unknown[];
beforeEach(() => {
  warnings = [];
  globalThis.AI_SDK_LOG_WARNINGS = (options: { warnings: unknown[] }) => warnings.push(...options.warnings);
});
afterEach(() => {
  delete globalThis.AI_SDK_LOG_WARNINGS;
  delete globalThis.AI_SDK_DEFAULT_PROVIDER;
});

const wire = (request: RecordedRequest) => {
  const { 'user-agent': _agent, ...headers } = request.headers;
  return { method: request.method, url: request.url, headers, body: request.body };
};

/** The model and provider types one `ai` major accepts. */
interface ModelTypes {
  language: object | string;
  embedding: object | string;
  image: object | string;
  provider: object;
}
type Ai6Models = { language: ai6.LanguageModel; embedding: ai6.EmbeddingModel; image: ai6.ImageModel; provider: ProviderV3 };
type Ai7Models = { language: ai7.LanguageModel; embedding: ai7.EmbeddingModel; image: ai7.ImageModel; provider: ProviderV4 };

type UserMessage = {
  role: 'user';
  content: Array<{ type: 'text'; text: string } | { type: 'file'; data: Uint8Array; mediaType: string }>;
};
type TextOptions<M extends ModelTypes> = {
  // A v2 model too: ai 6 and 7 still take them, in compatibility mode.
  model: M['language'] | GatewayLanguageModel<'v2'>;
  providerOptions?: { gateway: GatewayProviderOptions };
  tools?: Record<
    string,
    { description: string; inputSchema: z.ZodType<{ city: string }>; execute: (input: { city: string }) => Promise<unknown> }
  >;
  stopWhen?: (options: { steps: readonly unknown[] }) => boolean;
} & ({ prompt: string } | { messages: UserMessage[] });

/**
 * The part of `ai` these tests use. Each major's real module must be assignable to it
 * with its own model types, so every call here is checked against that major's types.
 */
interface MatrixSdk<M extends ModelTypes> {
  generateText: (
    options: TextOptions<M>,
  ) => PromiseLike<{ text: string; usage: unknown; finishReason: string; response: { id: string } }>;
  streamText: (options: TextOptions<M>) => {
    textStream: AsyncIterable<string>;
    finishReason: PromiseLike<string>;
    usage: PromiseLike<unknown>;
    consumeStream: () => PromiseLike<void>;
  };
  embedMany: (options: { model: M['embedding']; values: string[] }) => PromiseLike<{ embeddings: number[][] }>;
  generateImage: (options: {
    model: M['image'];
    prompt: { text: string; images: Uint8Array[] };
    n: number;
    aspectRatio: `${number}:${number}`;
  }) => PromiseLike<{ images: Array<{ base64: string }> }>;
  createProviderRegistry: (providers: { gateway: M['provider'] }) => {
    languageModel: (id: `gateway:${string}`) => M['language'];
  };
  customProvider: (options: { fallbackProvider: M['provider'] }) => { languageModel: (id: string) => M['language'] };
}

/** A provider as the tests use it: modelgate's API, and models typed as the major's `ai` takes them. */
type MatrixProvider<M extends ModelTypes> = ((modelId: string) => M['language']) & {
  embeddingModel: (modelId: string) => M['embedding'];
  imageModel: (modelId: string) => M['image'];
};

interface MatrixRow<M extends ModelTypes, V extends 'v3' | 'v4'> {
  sdk: MatrixSdk<M>;
  create: (settings: GatewayProviderSettings<V>) => GatewayProvider<V> & MatrixProvider<M> & M['provider'];
  createPublic: (settings: { baseURL: string; apiKey: string }) => MatrixProvider<M>;
  version: V;
  header: string;
  path: string;
}

describe('ai 6 × v3', () =>
  specMatrix<Ai6Models, 'v3'>({ sdk: ai6, create: createV3, createPublic: createPublicV3, version: 'v3', header: '3', path: '/v3/ai' }));
describe('ai 7 × v4', () =>
  specMatrix<Ai7Models, 'v4'>({ sdk: ai7, create: createV4, createPublic: createPublicV4, version: 'v4', header: '4', path: '/v4/ai' }));

function specMatrix<M extends ModelTypes, V extends 'v3' | 'v4'>({ sdk, create, createPublic, version, header, path }: MatrixRow<M, V>) {
  const base = `https://gateway.test${path}`;
  const provider = create({ baseURL: base, apiKey: 'k' });
  // The same provider as the SDK sees it: its models typed as this major's `ai` takes them.
  const models: MatrixProvider<M> = provider;
  const publicProvider = createPublic({ baseURL: base, apiKey: 'k' });

  async function compare<T>(run: (p: MatrixProvider<M>) => PromiseLike<T>) {
    const ours = await run(provider);
    const oursWire = gateway.requests.splice(0).map(wire);
    const theirs = await run(publicProvider);
    const theirsWire = gateway.requests.splice(0).map(wire);
    expect(oursWire.length).toBeGreaterThan(0);
    expect(oursWire).toEqual(theirsWire);
    return { ours, theirs, oursWire };
  }

  it('reports its own spec version, defaults to its base path and sends its header', async () => {
    expect(provider.specificationVersion).toBe(version);
    expect(provider('openai/gpt-5.4').specificationVersion).toBe(version);
    expect(provider.embeddingModel('openai/e').specificationVersion).toBe(version);
    expect(provider.imageModel('openai/i').specificationVersion).toBe(version);
    gateway.on('post', `https://ai-gateway.vercel.sh${path}/language-model`, () => json(generateResult([{ type: 'text', text: 'x' }])));
    await create({ apiKey: 'k' })('openai/gpt-5.4').doGenerate({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] });
    expect(gateway.requests[0]!.headers['ai-language-model-specification-version']).toBe(header);
  });

  it('generateText: same wire and result as the public client, no warnings', async () => {
    gateway.on('post', `${base}/language-model`, () => json(generateResult([{ type: 'text', text: 'Hello!' }])));
    const { ours, theirs } = await compare((p) =>
      sdk.generateText({
        model: p('openai/gpt-5.4'),
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Look' },
              { type: 'file', data: new Uint8Array([137, 80, 78, 71]), mediaType: 'image/png' },
            ],
          },
        ],
        providerOptions: { gateway: { order: ['bedrock'], tags: ['t'] } },
      }),
    );
    expect(ours.text).toBe('Hello!');
    expect(ours.text).toBe(theirs.text);
    expect(ours.usage).toEqual(theirs.usage);
    expect(ours.finishReason).toBe('stop');
    expect(ours.response.id).toBe('gen_m');
    expect(warnings).toEqual([]);
  });

  it('streamText: same wire and result, no warnings', async () => {
    gateway.on('post', `${base}/language-model`, () => sse(streamParts));
    const { ours, theirs } = await compare(async (p) => {
      const result = sdk.streamText({ model: p('openai/gpt-5.4'), prompt: 'Hi' });
      const chunks: string[] = [];
      for await (const chunk of result.textStream) chunks.push(chunk);
      return { chunks, finishReason: await result.finishReason, usage: await result.usage };
    });
    expect(ours.chunks).toEqual(['Hi ', 'there']);
    expect(ours).toEqual(theirs);
    expect(warnings).toEqual([]);
  });

  it('a two-step tool call', async () => {
    gateway.on(
      'post',
      `${base}/language-model`,
      () => json(generateResult([{ type: 'tool-call', toolCallId: 'c1', toolName: 'weather', input: '{"city":"Oslo"}' }], 'tool-calls')),
      () => json(generateResult([{ type: 'text', text: 'Oslo is 3°C.' }])),
    );
    const result = await sdk.generateText({
      model: models('openai/gpt-5.4'),
      prompt: 'Weather in Oslo?',
      stopWhen: ({ steps }) => steps.length === 2,
      tools: {
        weather: {
          description: 'Weather',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => ({ city, celsius: 3 }),
        },
      },
    });
    expect(result.text).toBe('Oslo is 3°C.');
    expect(gateway.requests).toHaveLength(2);
    expect(gateway.requests[1]!.body.prompt.at(-1)).toMatchObject({
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'c1', output: { type: 'json', value: { city: 'Oslo', celsius: 3 } } }],
    });
    expect(warnings).toEqual([]);
  });

  it('embedMany: values body, same wire, no warnings', async () => {
    gateway.on('post', `${base}/embedding-model`, () => json({ embeddings: [[1, 0], [0, 1]], usage: { tokens: 4 }, warnings: [] }));
    const { ours, oursWire } = await compare((p) =>
      sdk.embedMany({ model: p.embeddingModel('openai/text-embedding-3-small'), values: ['a', 'b'] }),
    );
    expect(ours.embeddings).toEqual([[1, 0], [0, 1]]);
    // Both values in one request, as `values` (the v2 wire sends `input`).
    expect(oursWire).toHaveLength(1);
    expect(oursWire[0]!.body).toEqual({ values: ['a', 'b'] });
    expect(warnings).toEqual([]);
  });

  it('generateImage with editing inputs: same wire, no warnings', async () => {
    gateway.on('post', `${base}/image-model`, () => json({ images: [PNG], warnings: [] }));
    const { ours, theirs } = await compare((p) =>
      sdk.generateImage({
        model: p.imageModel('openai/gpt-image-1'),
        prompt: { text: 'Add a hat', images: [new Uint8Array([137, 80, 78, 71])] },
        n: 1,
        aspectRatio: '1:1',
      }),
    );
    expect(ours.images[0]!.base64).toBe(PNG);
    expect(ours.images[0]!.base64).toBe(theirs.images[0]!.base64);
    expect(warnings).toEqual([]);
  });

  it('plain strings, registry and customProvider accept the provider', async () => {
    gateway.on('post', `${base}/language-model`, () => json(generateResult([{ type: 'text', text: 'plain' }])));
    registerGateway(provider);
    expect((await sdk.generateText({ model: 'openai/gpt-5.4', prompt: 'Hi' })).text).toBe('plain');
    const registry = sdk.createProviderRegistry({ gateway: provider });
    expect((await sdk.generateText({ model: registry.languageModel('gateway:openai/gpt-5.4'), prompt: 'Hi' })).text).toBe('plain');
    const custom = sdk.customProvider({ fallbackProvider: provider });
    expect((await sdk.generateText({ model: custom.languageModel('openai/gpt-5.4'), prompt: 'Hi' })).text).toBe('plain');
    expect(warnings).toEqual([]);
  });

  it('onUsage sees the streamed call with flattened usage', async () => {
    gateway.on('post', `${base}/language-model`, () => sse(streamParts));
    const records: any[] = [];
    const withUsage: MatrixProvider<M> = create({ baseURL: base, apiKey: 'k', onUsage: (record) => void records.push(record) });
    await sdk.streamText({ model: withUsage('openai/gpt-5.4'), prompt: 'Hi' }).consumeStream();
    expect(records).toEqual([
      expect.objectContaining({ kind: 'stream', usage: expect.objectContaining({ inputTokens: 5, outputTokens: 4, totalTokens: 9 }), costUsd: 0.0001, generationId: 'gen_ms' }),
    ]);
  });

  it('a v2 provider still works here, in compatibility mode (which the SDK warns about)', async () => {
    gateway.on('post', 'https://gateway.test/v1/ai/language-model', () =>
      json({
        content: [{ type: 'text', text: 'v2 here' }],
        finishReason: 'stop',
        usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
        warnings: [],
        response: { id: 'g', modelId: 'm', timestamp: '2026-11-21T10:00:00.000Z' },
      }),
    );
    const v2 = createV2({ baseURL: 'https://gateway.test/v1/ai', apiKey: 'k' });
    const result = await sdk.generateText({ model: v2('openai/gpt-5.4'), prompt: 'Hi' });
    expect(result.text).toBe('v2 here');
    expect(warnings).toEqual([expect.objectContaining({ type: 'compatibility', feature: 'specificationVersion' })]);
  });
}
