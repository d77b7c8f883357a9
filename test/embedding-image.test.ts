import { embed, embedMany, experimental_generateImage as generateImage, generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import type { ImageModelV4 } from '@ai-sdk/provider';
import { convertUint8ArrayToBase64 } from '@ai-sdk/provider-utils';
import { generateImage as generateImage7 } from 'ai-v7';
import { createGateway } from '../src';
import { createGateway as createV4 } from '../src/v4';
import { majors } from './support/majors';
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

describe.each(majors())('image results as the public client returns them: $label', ({ version, base, ours, theirs }) => {
  const warnings = {
    v2: [{ type: 'other', message: 'n was reduced to 2' }],
    v3: [
      { type: 'unsupported', feature: 'size', details: 'aspectRatio is used instead' },
      { type: 'deprecated', setting: 'quality', message: 'quality is ignored' },
    ],
    v4: [
      { type: 'unsupported', feature: 'size', details: 'aspectRatio is used instead' },
      { type: 'deprecated', setting: 'quality', message: 'quality is ignored' },
    ],
  }[version];
  const imageResponse = {
    images: [PNG, 'R0lGODlhAQABAAAAACw='],
    isRetryable: false,
    warnings,
    providerMetadata: { gateway: { cost: '0.08', images: [] }, openai: { images: [{ revisedPrompt: 'A lighthouse, dawn' }] } },
    usage: { inputTokens: 12, outputTokens: null, totalTokens: 12, imageTokens: 3 },
  };
  const call = {
    prompt: 'A lighthouse at dawn',
    n: 2,
    size: undefined,
    aspectRatio: '16:9' as const,
    seed: 0,
    providerOptions: { gateway: { tags: ['feature:art'] } },
    files: undefined,
    mask: undefined,
  };

  it('doGenerate: same warnings, usage, isRetryable, metadata and response; bytes for the same images', async () => {
    gateway.on('post', `${base}/image-model`, () => json(imageResponse, { headers: { 'x-request-id': 'req_1' } }));
    const mine = await ours.imageModel('openai/gpt-image-1').doGenerate(call);
    const public_ = await theirs.imageModel('openai/gpt-image-1').doGenerate(call);
    const { images: myImages, response: myResponse, ...myRest } = mine;
    const { images: publicImages, response: publicResponse, ...publicRest } = public_;

    expect(myRest).toStrictEqual(publicRest);
    expect(myRest).toHaveProperty('usage', { inputTokens: 12, outputTokens: undefined, totalTokens: 12 });
    expect(myRest).toHaveProperty('isRetryable', false);
    // V2/V3 have no `deprecated` warning; like the public client of 3.x it becomes `other`.
    expect(myRest.warnings.at(-1)).toStrictEqual(
      version === 'v4'
        ? { type: 'deprecated', setting: 'quality', message: 'quality is ignored' }
        : version === 'v3'
          ? { type: 'other', message: 'quality is ignored' }
          : { type: 'other', message: 'n was reduced to 2' },
    );
    expect(myResponse.modelId).toBe(publicResponse.modelId);
    expect(myResponse.headers).toStrictEqual(publicResponse.headers);
    expect(myResponse.timestamp).toBeInstanceOf(Date);
    // Differs on purpose: modelgate decodes the images to bytes while the body streams in
    // (peak memory near the image size); the public client returns the base64 strings.
    expect(publicImages).toStrictEqual(imageResponse.images);
    expect(myImages.map((image) => (typeof image === 'string' ? image : convertUint8ArrayToBase64(image)))).toStrictEqual(
      imageResponse.images,
    );
    expect(myImages.every((image) => image instanceof Uint8Array)).toBe(true);
  });

  it(`seed: 0 is ${version === 'v4' ? 'sent' : 'left out'}, as the public client of this major does`, async () => {
    gateway.on('post', `${base}/image-model`, () => json({ images: [PNG] }));
    await ours.imageModel('openai/gpt-image-1').doGenerate(call);
    await theirs.imageModel('openai/gpt-image-1').doGenerate(call);
    const [mine, public_] = gateway.requests.map((request) => request.body);
    expect(mine).toStrictEqual(public_);
    expect(mine).toStrictEqual({
      prompt: 'A lighthouse at dawn',
      n: 2,
      aspectRatio: '16:9',
      ...(version === 'v4' ? { seed: 0 } : {}),
      providerOptions: { gateway: { tags: ['feature:art'] } },
    });
  });
});

describe.each(majors())('experimental_streamingImageDecoding: $label', ({ version, base, ours, theirs }) => {
  it(`is ${version === 'v4' ? 'never sent' : 'sent as given'}, as the public client of this major does; the caller's options are untouched`, async () => {
    gateway.on('post', `${base}/image-model`, () => json({ images: [PNG] }));
    const withTags = { gateway: { experimental_streamingImageDecoding: true, tags: ['feature:art'] }, openai: { quality: 'high' } };
    const alone = { gateway: { experimental_streamingImageDecoding: true } };
    const call = (providerOptions: typeof withTags | typeof alone) => ({ prompt: 'A fox', n: 1, size: undefined, aspectRatio: undefined, seed: undefined, providerOptions, files: undefined, mask: undefined });
    const before = structuredClone([withTags, alone]);
    for (const options of [withTags, alone]) {
      const mine = await ours.imageModel('openai/gpt-image-1').doGenerate(call(options));
      await theirs.imageModel('openai/gpt-image-1').doGenerate(call(options));
      // Bytes either way: what the option asks the public client for.
      expect(mine.images[0]).toBeInstanceOf(Uint8Array);
    }
    const [mineTags, publicTags, mineAlone, publicAlone] = gateway.requests.map((request) => request.body.providerOptions);
    expect(mineTags).toStrictEqual(publicTags);
    expect(mineAlone).toStrictEqual(publicAlone);
    expect(mineTags).toStrictEqual(version === 'v4' ? { gateway: { tags: ['feature:art'] }, openai: { quality: 'high' } } : withTags);
    expect(mineAlone).toStrictEqual(version === 'v4' ? undefined : alone);
    expect([withTags, alone]).toStrictEqual(before);
  });
});

describe('image results through generateImage', () => {
  it('ai 7 × v4: same images, warnings, usage and metadata as @ai-sdk/gateway 4, seed 0 sent', async () => {
    const v4 = majors().find((major) => major.version === 'v4')!;
    gateway.on('post', `${v4.base}/image-model`, () =>
      json({
        images: [PNG],
        warnings: [{ type: 'other', message: 'resized' }],
        providerMetadata: { gateway: { cost: '0.04', images: [] } },
        usage: { inputTokens: 5, outputTokens: 0, totalTokens: 5 },
      }),
    );
    const run = (model: ImageModelV4) => generateImage7({ model, prompt: 'A cat', seed: 0, aspectRatio: '1:1' });
    const mine = await run(createV4({ baseURL: v4.base, apiKey: 'k' }).imageModel('openai/gpt-image-1'));
    const public_ = await run(v4.theirs.imageModel('openai/gpt-image-1'));
    expect(mine.images.map((image) => image.base64)).toStrictEqual(public_.images.map((image) => image.base64));
    expect(mine.warnings).toStrictEqual(public_.warnings);
    expect(mine.usage).toStrictEqual(public_.usage);
    expect(mine.providerMetadata).toStrictEqual(public_.providerMetadata);
    expect(gateway.requests.map((request) => request.body.seed)).toEqual([0, 0]);
  });
});
