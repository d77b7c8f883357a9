import { InvalidArgumentError } from '@ai-sdk/provider';
import type * as V2 from '@ai-sdk/provider-v2';
import type * as V3 from '@ai-sdk/provider-v3';
import type * as V4 from '@ai-sdk/provider';
import { createGateway as createPublicGatewayV2 } from '@ai-sdk/gateway';
import { generateText as generateTextV5 } from 'ai';
import { generateText as generateTextV7, streamText as streamTextV7 } from 'ai-v7';
import { createGateway as createPublicGatewayV3 } from 'gateway-v3';
import { createGateway as createPublicGatewayV4 } from 'gateway-v4';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../../src';
import { createGateway as createGatewayV4 } from '../../src/v4';
import {
  parseEmbeddingModelCallBody,
  parseImageModelCallBody,
  parseLanguageModelCallBody,
} from '../../src/protocol/wire-call-schemas';
import {
  decodeDataUrl,
  decodeWireFileDataV3,
  encodeGenerateResult,
  encodeStreamPart,
  reviveWireGenerateResult,
  reviveWireStreamPart,
} from '../../src/protocol/wire-codec';
import { deepFreeze, pdf, png, pngUrl, v2CallOptions, v3CallOptions, v3GenerateResult } from './fixtures';
import { miniGateway } from './mini-gateway';

const BASE = 'https://gateway.test/v1/ai';
// The ai packages log warnings to the console; these tests assert them instead.
Object.assign(globalThis, { AI_SDK_LOG_WARNINGS: false });

/** A copy the public clients may mutate (they encode file data in place). */
function copyOf<T>(value: T): T {
  if (value instanceof Uint8Array) return new Uint8Array(value) as T;
  if (value instanceof URL) return new URL(value.href) as T;
  if (Array.isArray(value)) return value.map(copyOf) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyOf(item)])) as T;
  }
  return value;
}

/** A fetch that records the request body and answers a fixed generate result. */
function recordingFetch(result: object) {
  const bodies: unknown[] = [];
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    bodies.push(JSON.parse(String(init?.body)));
    return new Response(JSON.stringify(result), { headers: { 'content-type': 'application/json' } });
  };
  return { bodies, fetch };
}

const v2Result = {
  content: [],
  finishReason: 'stop',
  usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
  warnings: [],
};
const v3Result = JSON.parse(encodeGenerateResult({ ...v3GenerateResult, content: [] }));

const v4CallOptions = deepFreeze<V4.LanguageModelV4CallOptions>({
  prompt: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Look' },
        { type: 'file', data: { type: 'data', data: png }, mediaType: 'image/png' },
        { type: 'file', data: { type: 'url', url: pngUrl }, mediaType: 'image/png' },
        { type: 'file', data: { type: 'reference', reference: { openai: 'file-1' } }, mediaType: 'application/pdf' },
        { type: 'file', data: { type: 'text', text: 'inline' }, mediaType: 'text/plain' },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning-file', data: { type: 'data', data: pdf }, mediaType: 'application/pdf' },
        { type: 'custom', kind: 'openai.compaction', providerOptions: { openai: { id: 'x' } } },
        { type: 'tool-call', toolCallId: 'c', toolName: 't', input: { a: 1 } },
      ],
    },
    {
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolCallId: 'c',
          toolName: 't',
          output: {
            type: 'content',
            value: [{ type: 'file', data: { type: 'data', data: pdf }, mediaType: 'application/pdf' }],
          },
        },
        { type: 'tool-approval-response', approvalId: 'a', approved: true },
      ],
    },
  ],
  reasoning: 'low',
  tools: [{ type: 'function', name: 't', inputSchema: { type: 'object' }, strict: true }],
  providerOptions: { gateway: { order: ['openai'] } },
});

describe('the server decodes what the real clients send', () => {
  const { abortSignal: _v2, ...expectedV2 } = v2CallOptions;

  it('@ai-sdk/gateway 2.x and modelgate (spec v2): decode(encode(options)) gives the options back', async () => {
    for (const provider of [createPublicGatewayV2, createGateway]) {
      const { bodies, fetch } = recordingFetch(v2Result);
      await provider({ baseURL: BASE, apiKey: 'k', fetch })('openai/gpt-5').doGenerate(copyOf(v2CallOptions));
      const decoded = parseLanguageModelCallBody('v2', bodies[0]);
      expect(decoded).toStrictEqual(expectedV2);
      const user = decoded.prompt[1] as Extract<V2.LanguageModelV2Message, { role: 'user' }>;
      expect(user.content[1]).toMatchObject({ data: png, mediaType: 'image/png' });
      expect((user.content[2] as V2.LanguageModelV2FilePart).data).toBeInstanceOf(URL);
    }
  });

  it('gateway 3.x and modelgate (spec v3): decode(encode(options)) gives the options back', async () => {
    for (const provider of [
      createPublicGatewayV3,
      (settings: Parameters<typeof createGateway>[0]) => createGateway({ ...settings, specificationVersion: 'v3' }),
    ]) {
      const { bodies, fetch } = recordingFetch(v3Result);
      await provider({ baseURL: BASE, apiKey: 'k', fetch })('openai/gpt-5').doGenerate(copyOf(v3CallOptions));
      expect(parseLanguageModelCallBody('v3', bodies[0])).toStrictEqual(v3CallOptions);
    }
  });

  it('gateway 4.x and modelgate (spec v4): decode(encode(options)) gives the options back', async () => {
    for (const provider of [createPublicGatewayV4, createGatewayV4]) {
      const { bodies, fetch } = recordingFetch({ ...v3Result, content: [] });
      await provider({ baseURL: BASE, apiKey: 'k', fetch })('openai/gpt-5').doGenerate(copyOf(v4CallOptions));
      const decoded = parseLanguageModelCallBody('v4', bodies[0]);
      expect(decoded).toStrictEqual(v4CallOptions);
      const user = decoded.prompt[0] as Extract<V4.LanguageModelV4Message, { role: 'user' }>;
      expect((user.content[1] as V4.LanguageModelV4FilePart).data).toEqual({ type: 'data', data: png });
      expect((user.content[2] as V4.LanguageModelV4FilePart).data).toEqual({ type: 'url', url: pngUrl });
    }
  });

  it('embedding and image bodies, as modelgate sends them', async () => {
    const { bodies, fetch } = recordingFetch({ embeddings: [[1], [1]], images: ['iVBORw=='] });
    await createGateway({ baseURL: BASE, apiKey: 'k', fetch })
      .textEmbeddingModel('openai/e')
      .doEmbed({ values: ['one', 'two'] });
    expect(parseEmbeddingModelCallBody('v2', bodies[0])).toEqual({ values: ['one', 'two'] });
    expect(parseEmbeddingModelCallBody('v2', { input: 'only' })).toEqual({ values: ['only'] });
    await createGatewayV4({ baseURL: BASE, apiKey: 'k', fetch })
      .embeddingModel('openai/e')
      .doEmbed({ values: ['a', 'b'], dimensions: 8 });
    expect(parseEmbeddingModelCallBody('v4', bodies[1])).toEqual({ values: ['a', 'b'], dimensions: 8 });
    await createGatewayV4({ baseURL: BASE, apiKey: 'k', fetch })
      .imageModel('openai/i')
      .doGenerate({
        prompt: 'blue',
        n: 1,
        size: undefined,
        aspectRatio: '1:1',
        seed: undefined,
        files: [{ type: 'file', mediaType: 'image/png', data: png }],
        mask: undefined,
        providerOptions: {},
      });
    expect(parseImageModelCallBody('v4', bodies[2])).toEqual({
      prompt: 'blue',
      n: 1,
      size: undefined,
      aspectRatio: '1:1',
      seed: undefined,
      files: [{ type: 'file', mediaType: 'image/png', data: 'iVBORw==' }],
      mask: undefined,
      providerOptions: {},
    });
    expect(parseImageModelCallBody('v2', { prompt: 'cat', n: 1 })).toEqual({
      prompt: 'cat',
      n: 1,
      size: undefined,
      aspectRatio: undefined,
      seed: undefined,
      providerOptions: {},
    });
  });
});

describe('request decoding rules', () => {
  it('V2/V3 strings: data URLs become bytes (media type with its parameters), URLs become URL, base64 stays', () => {
    expect(decodeWireFileDataV3('data:image/png;base64,iVBORw==')).toEqual({ data: png, mediaType: 'image/png' });
    expect(decodeDataUrl('data:text/plain;charset=utf-8,h%C3%A9')).toEqual({
      data: new TextEncoder().encode('hé'),
      mediaType: 'text/plain;charset=utf-8',
    });
    expect(decodeWireFileDataV3('gs://bucket/file.pdf').data).toEqual(new URL('gs://bucket/file.pdf'));
    expect(decodeWireFileDataV3('iVBORw==')).toEqual({ data: 'iVBORw==' });
  });

  it("a part's own media type wins; an empty one takes the data URL's", () => {
    const body = (mediaType: string) => ({
      prompt: [{ role: 'user', content: [{ type: 'file', data: 'data:image/png;base64,iVBORw==', mediaType }] }],
    });
    expect(parseLanguageModelCallBody('v3', body('image/*')).prompt[0]).toMatchObject({
      content: [{ mediaType: 'image/*', data: png }],
    });
    expect(parseLanguageModelCallBody('v3', body('')).prompt[0]).toMatchObject({
      content: [{ mediaType: 'image/png' }],
    });
  });

  it('bad bodies fail with the path of each problem and never echo values (BYOK keys stay out)', () => {
    const body = {
      prompt: [
        { role: 'user', content: [{ type: 'file', data: 42, mediaType: 'image/png' }] },
        { role: 'robot', content: 'x' },
      ],
      providerOptions: { gateway: { byok: { openai: [{ apiKey: 'sk-secret-123' }] } } },
      temperature: 'hot',
    };
    let error: unknown;
    try {
      parseLanguageModelCallBody('v2', body);
    } catch (caught) {
      error = caught;
    }
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/language-model \(spec v2\) body is not valid/);
    expect(message).toContain('prompt.0.content.0');
    expect(message).toContain('prompt.1.role');
    expect(message).toContain('temperature');
    expect(message).not.toContain('sk-secret-123');
  });

  it('V4 data that is not base64 is refused with a clear error', () => {
    const body = {
      prompt: [
        {
          role: 'user',
          content: [{ type: 'file', data: { type: 'data', data: 'not base64!' }, mediaType: 'image/png' }],
        },
      ],
    };
    expect(() => parseLanguageModelCallBody('v4', body)).toThrow(/not valid base64/);
  });
});

describe('result encoding (server) and revival (client)', () => {
  it('a V4 result: bytes become base64, URLs and Dates strings; the upstream request and raw response stay on the server', () => {
    const result = deepFreeze<V4.LanguageModelV4GenerateResult>({
      content: [
        { type: 'file', mediaType: 'image/png', data: { type: 'data', data: png } },
        { type: 'reasoning-file', mediaType: 'image/png', data: { type: 'url', url: pngUrl } },
      ],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: v3GenerateResult.usage,
      request: { url: 'https://api.openai.com/v1/responses', body: { model: 'x' } },
      response: {
        id: 'r',
        modelId: 'm',
        timestamp: new Date('2026-01-02T03:04:05.000Z'),
        headers: { 'openai-organization': 'org-x' },
        body: {},
      },
      warnings: [],
    });
    const wire: Record<string, unknown> = JSON.parse(encodeGenerateResult(result));
    expect(wire).toEqual({
      content: [
        { type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'iVBORw==' } },
        { type: 'reasoning-file', mediaType: 'image/png', data: { type: 'url', url: 'https://files.test/cat.png' } },
      ],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: v3GenerateResult.usage,
      response: { id: 'r', modelId: 'm', timestamp: '2026-01-02T03:04:05.000Z' },
      warnings: [],
    });
    const revived = reviveWireGenerateResult(wire);
    expect(revived.response).toEqual({ id: 'r', modelId: 'm', timestamp: new Date('2026-01-02T03:04:05.000Z') });
    expect(revived.content).toEqual([wire.content instanceof Array && wire.content[0], { ...result.content[1] }]);
    expect(wire.response).toEqual({ id: 'r', modelId: 'm', timestamp: '2026-01-02T03:04:05.000Z' });
  });

  it('writes the response timestamp as JSON.stringify does: a Date as its ISO text, an invalid one as null', () => {
    for (const timestamp of [new Date('2026-01-02T03:04:05.006Z'), new Date(Number.NaN), undefined]) {
      const { request: _request, ...sent } = { ...v3GenerateResult, content: [], response: { id: 'r', modelId: 'm', timestamp } };
      expect(JSON.parse(encodeGenerateResult({ ...sent, response: { id: 'r', modelId: 'm', timestamp } }))).toEqual(JSON.parse(JSON.stringify(sent)));
    }
  });

  it('stream parts: in-band errors go through the given encoder; timestamps and file URLs are revived', () => {
    expect(
      JSON.parse(
        encodeStreamPart({ type: 'error', error: new Error('upstream said no') }, (error) => ({
          message: (error as Error).message,
          type: 'internal_server_error',
        })),
      ),
    ).toEqual({
      type: 'error',
      error: { message: 'upstream said no', type: 'internal_server_error' },
    });
    const metadata = JSON.parse(
      encodeStreamPart({ type: 'response-metadata', id: 'r', timestamp: new Date(0) }, () => ({ message: '' })),
    );
    expect(reviveWireStreamPart(metadata)).toEqual({ type: 'response-metadata', id: 'r', timestamp: new Date(0) });
    const file = JSON.parse(
      encodeStreamPart({ type: 'file', mediaType: 'image/png', data: { type: 'url', url: pngUrl } }, () => ({
        message: '',
      })),
    );
    expect(reviveWireStreamPart(file)).toEqual({
      type: 'file',
      mediaType: 'image/png',
      data: { type: 'url', url: pngUrl },
    });
    const v3File = JSON.parse(
      encodeStreamPart({ type: 'file', mediaType: 'image/png', data: png }, () => ({ message: '' })),
    );
    expect(reviveWireStreamPart(v3File)).toEqual({ type: 'file', mediaType: 'image/png', data: 'iVBORw==' });
  });

  it('bytes become base64 wherever they sit (deep in metadata, in arrays, behind toJSON); plain parts encode as JSON does', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const delta = { type: 'text-delta', id: '0', delta: 'hi "there"', providerMetadata: { x: { list: [1, null, 'a'] } } } as const;
    expect(encodeStreamPart(delta, () => ({ message: '' }))).toBe(JSON.stringify(delta));
    const deep = encodeStreamPart({ type: 'raw', rawValue: { x: { nested: [{ bytes }] } } }, () => ({ message: '' }));
    expect(JSON.parse(deep)).toEqual({ type: 'raw', rawValue: { x: { nested: [{ bytes: 'AQID' }] } } });
    const behindToJSON = { toJSON: () => ({ bytes }) };
    const encoded = encodeStreamPart(
      { type: 'raw', rawValue: { at: new Date(0), url: new URL('https://files.test/a'), behindToJSON } },
      () => ({ message: '' }),
    );
    expect(JSON.parse(encoded)).toEqual({ type: 'raw', rawValue: { at: '1970-01-01T00:00:00.000Z', url: 'https://files.test/a', behindToJSON: { bytes: 'AQID' } } });
  });
});

describe('end to end: an ai client, a server made of the protocol functions, an upstream model of another spec', () => {
  it('ai 7 (spec v4) → upstream spec v2 model: bytes and URLs arrive, v4 results and warnings come back', async () => {
    const calls: V2.LanguageModelV2CallOptions[] = [];
    const upstream = {
      async doGenerate(options: V2.LanguageModelV2CallOptions) {
        calls.push(options);
        return {
          content: [
            { type: 'text' as const, text: 'A cat.' },
            { type: 'file' as const, mediaType: 'image/png', data: png },
            { type: 'source' as const, sourceType: 'url' as const, id: 's', url: 'https://cats.test' },
          ],
          finishReason: 'stop' as const,
          usage: { inputTokens: 10, outputTokens: 3, totalTokens: 13, cachedInputTokens: 4 },
          response: { id: 'up-1', modelId: 'up-model', timestamp: new Date('2026-03-04T05:06:07.000Z') },
          warnings: [{ type: 'unsupported-setting' as const, setting: 'topK' }],
        };
      },
      async doStream(): Promise<never> {
        throw new Error('not used');
      },
    };
    const gateway = createGatewayV4({ baseURL: BASE, apiKey: 'k', fetch: miniGateway('v2', upstream) });
    const result = await generateTextV7({
      model: gateway('mock/model'),
      reasoning: 'high',
      topK: 3,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'file', data: png, mediaType: 'image/png' },
            { type: 'file', data: new URL('https://files.test/doc.pdf'), mediaType: 'application/pdf' },
          ],
        },
      ],
    });

    const sent = calls[0]!;
    expect(sent).not.toHaveProperty('reasoning');
    expect(sent.topK).toBe(3);
    expect(sent.prompt[0]).toMatchObject({
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'file', data: png, mediaType: 'image/png' },
        { type: 'file', mediaType: 'application/pdf' },
      ],
    });
    const pdfPart = (sent.prompt[0] as Extract<V2.LanguageModelV2Message, { role: 'user' }>)
      .content[2] as V2.LanguageModelV2FilePart;
    expect(pdfPart.data).toEqual(new URL('https://files.test/doc.pdf'));

    expect(result.text).toBe('A cat.');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({ inputTokens: 10, outputTokens: 3, inputTokenDetails: { cacheReadTokens: 4 } });
    expect(result.files[0]?.uint8Array).toEqual(png);
    expect(result.sources).toEqual([expect.objectContaining({ sourceType: 'url', url: 'https://cats.test' })]);
    expect(result.response.timestamp).toEqual(new Date('2026-03-04T05:06:07.000Z'));
    expect(result.warnings).toEqual([
      { type: 'unsupported', feature: 'topK' },
      expect.objectContaining({ type: 'unsupported', feature: 'reasoning' }),
    ]);
  });

  it('ai 7 streamText (spec v4) → upstream spec v2 model: parts, finish and the conversion warning stream back', async () => {
    const upstream = {
      async doGenerate(): Promise<never> {
        throw new Error('not used');
      },
      async doStream(_options: V2.LanguageModelV2CallOptions) {
        const parts: V2.LanguageModelV2StreamPart[] = [
          { type: 'stream-start', warnings: [] },
          { type: 'text-start', id: 't' },
          { type: 'text-delta', id: 't', delta: 'Hel' },
          { type: 'text-delta', id: 't', delta: 'lo' },
          { type: 'text-end', id: 't' },
          { type: 'file', mediaType: 'image/png', data: png },
          { type: 'finish', finishReason: 'length', usage: { inputTokens: 2, outputTokens: 5, totalTokens: 7 } },
        ];
        return { stream: new ReadableStream({ start: (c) => (parts.forEach((p) => c.enqueue(p)), c.close()) }) };
      },
    };
    const gateway = createGatewayV4({ baseURL: BASE, apiKey: 'k', fetch: miniGateway('v2', upstream) });
    const result = streamTextV7({ model: gateway('mock/model'), prompt: 'Hi', reasoning: 'minimal' });
    expect(await result.text).toBe('Hello');
    expect(await result.finishReason).toBe('length');
    expect((await result.usage).totalTokens).toBe(7);
    expect((await result.files)[0]?.uint8Array).toEqual(png);
    expect(await result.warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'reasoning' })]);
  });

  it('ai 5 (spec v2) → upstream spec v4 model: V4 data tags arrive, citations come back as sources', async () => {
    const calls: V4.LanguageModelV4CallOptions[] = [];
    const upstream = {
      async doGenerate(options: V4.LanguageModelV4CallOptions): Promise<V4.LanguageModelV4GenerateResult> {
        calls.push(options);
        return {
          content: [
            {
              type: 'text',
              text: 'Cats nap.',
              citations: [{ source: { type: 'source', sourceType: 'url', id: 'c', url: 'https://naps.test' } }],
            },
            { type: 'file', mediaType: 'image/png', data: { type: 'url', url: pngUrl } },
          ],
          finishReason: { unified: 'interrupted', raw: undefined },
          usage: v3GenerateResult.usage,
          warnings: [{ type: 'deprecated', setting: 'x', message: 'Use y.' }],
        };
      },
      async doStream(): Promise<never> {
        throw new Error('not used');
      },
    };
    const gateway = createGateway({ baseURL: BASE, apiKey: 'k', fetch: miniGateway('v4', upstream) });
    const result = await generateTextV5({
      model: gateway('mock/model'),
      messages: [{ role: 'user', content: [{ type: 'image', image: png, mediaType: 'image/png' }] }],
    });
    const user = calls[0]!.prompt[0] as Extract<V4.LanguageModelV4Message, { role: 'user' }>;
    expect(user.content[0]).toMatchObject({ type: 'file', data: { type: 'data', data: png }, mediaType: 'image/png' });
    expect(result.text).toBe('Cats nap.');
    expect(result.sources).toEqual([expect.objectContaining({ url: 'https://naps.test' })]);
    expect(result.files).toEqual([]);
    expect(result.finishReason).toBe('other');
    expect(result.usage).toMatchObject({
      inputTokens: 10,
      outputTokens: 20,
      totalTokens: 30,
      reasoningTokens: 5,
      cachedInputTokens: 3,
    });
    expect(result.warnings).toEqual([{ type: 'other', message: 'Deprecated: x. Use y.' }]);
  });

  it('a client error in the body comes back as a 400 the client reports', async () => {
    const upstream = {
      doGenerate: async () => Promise.reject(new Error('not called')),
      doStream: async () => Promise.reject(new Error('not called')),
    };
    const fetch = miniGateway('v3', upstream);
    const response = await fetch(`${BASE}/language-model`, {
      method: 'POST',
      headers: { 'ai-language-model-specification-version': '3' },
      body: JSON.stringify({ prompt: 'not a list' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining('prompt') },
    });
  });
});

// Type-level: the V3 fixture result is a V3 result (keeps the V3 import used for readers).
const _typed: V3.LanguageModelV3GenerateResult = v3GenerateResult;
void _typed;
