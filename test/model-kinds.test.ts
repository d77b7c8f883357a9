/**
 * Reranking, speech, transcription and video models (issue 12) through the real `ai` of each
 * major (ai 6 × spec v3, ai 7 × spec v4), against msw: the same wire (method, URL, headers but
 * user-agent, body) and the same results as the public client of that major, and errors,
 * aborts and secrets for every kind.
 */
import { inspect } from 'node:util';
import type * as V3 from '@ai-sdk/provider-v3';
import type * as V4 from '@ai-sdk/provider';
import { InvalidArgumentError } from '@ai-sdk/provider';
import * as ai6 from 'ai-v6';
import * as ai7 from 'ai-v7';
import { createGateway as createPublicV2 } from '@ai-sdk/gateway';
import { createGateway as createPublicV3 } from 'gateway-v3';
import { createGateway as createPublicV4 } from 'gateway-v4';
import { HttpResponse, delay, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeMp4, makeWav } from '../examples/local-gateway-media';
import {
  createGateway as createV2,
  GatewayError,
  GatewayModelNotFoundError,
  GatewayPaymentRequiredError,
  GatewayRateLimitError,
  GatewayResponseError,
  type GatewayProvider,
  type GatewayUsageRecord,
} from '../src';
import { createGateway as createV3, registerGateway, type GatewayProviderSettings } from '../src/v3';
import { createGateway as createV4 } from '../src/v4';
import { failure, json, mockGateway, type RecordedRequest } from './support/mock-gateway';

const gateway = mockGateway();
const API_KEY = 'mg-kinds-api-key-0123456789';
const BYOK = 'sk-byok-kinds-secret-9876543210';

const WAV = makeWav('Hello there');
const WAV_BASE64 = Buffer.from(WAV).toString('base64');
const MP4_BASE64 = Buffer.from(makeMp4(2)).toString('base64');
const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13]);

const rerankBody = {
  ranking: [
    { index: 2, relevanceScore: 0.91 },
    { index: 0, relevanceScore: 0.42 },
  ],
  warnings: [{ type: 'other', message: 'topN capped at 2' }],
  providerMetadata: { gateway: { cost: '0.001', generationId: 'gen_rr' } },
};
const speechBody = {
  audio: WAV_BASE64,
  // A deprecated warning: v3 has no such type, and both clients turn it into `other` there.
  warnings: [{ type: 'deprecated', setting: 'voice', message: 'Use voiceId instead.' }],
  usage: { inputCharacters: 11 },
  providerMetadata: { gateway: { cost: '0.0002', generationId: 'gen_sp' } },
};
const transcriptionBody = {
  text: 'Hello there',
  segments: [{ text: 'Hello there', startSecond: 0, endSecond: 0.24 }],
  words: [
    { text: 'Hello', startSecond: 0, endSecond: 0.12 },
    { text: 'there', startSecond: 0.12, endSecond: 0.24 },
  ],
  language: 'en',
  durationInSeconds: 0.24,
  warnings: [],
  usage: { durationSeconds: 0.24 },
  providerMetadata: { gateway: { cost: '0.0001', generationId: 'gen_tr' } },
};
const videoEvent = {
  type: 'result',
  videos: [
    { type: 'url', url: 'https://cdn.test/clip.mp4', mediaType: 'video/mp4' },
    { type: 'base64', data: MP4_BASE64, mediaType: 'video/mp4' },
  ],
  warnings: [{ type: 'unsupported', feature: 'fps', details: 'fixed at 24' }],
  providerMetadata: { gateway: { cost: '0.5', generationId: 'gen_vd', videos: [{ seconds: 2 }] } },
};

/** One `data:` event, then the stream stays as it is (closed unless `keepOpen`). */
function eventStream(events: unknown[], { keepOpen = false } = {}) {
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream({
      start(controller) {
        for (const event of events) controller.enqueue(encoder.encode(`data: ${JSON.stringify(event)}\n\n`));
        if (!keepOpen) controller.close();
      },
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  );
}

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

/** The value with each Date replaced by a marker: the two clients stamp responses a moment apart. */
function undated(value: unknown): unknown {
  if (value instanceof Date) return 'a Date';
  if (Array.isArray(value)) return value.map(undated);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, undated(item)]));
  }
  return value;
}

/** Everything an error shows: messages, stacks, causes, request and response bodies. */
function everythingIn(error: any): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current && depth < 5; current = current.cause, depth++) {
    parts.push(String(current.message), String(current.stack), String(current.responseBody));
    parts.push(JSON.stringify(current.requestBodyValues ?? null));
  }
  parts.push(inspect(error, { depth: 10 }));
  return parts.join('\n');
}

/** The model types one `ai` major accepts. */
interface KindModels {
  reranking: object;
  speech: object;
  transcription: object;
  video: object;
}
type Ai6Kinds = {
  reranking: V3.RerankingModelV3;
  speech: V3.SpeechModelV3;
  transcription: V3.TranscriptionModelV3;
  video: V3.Experimental_VideoModelV3;
};
type Ai7Kinds = {
  reranking: V4.RerankingModelV4;
  speech: V4.SpeechModelV4;
  transcription: V4.TranscriptionModelV4;
  video: V4.Experimental_VideoModelV4;
};

/** A provider as these tests use it: the members of the new kinds, typed as the major's `ai` takes them. */
interface KindsProvider<M extends KindModels> {
  rerankingModel(modelId: string): M['reranking'];
  reranking(modelId: string): M['reranking'];
  speechModel(modelId: string): M['speech'];
  speech(modelId: string): M['speech'];
  transcriptionModel(modelId: string): M['transcription'];
  transcription(modelId: string): M['transcription'];
  videoModel(modelId: string): M['video'];
  video(modelId: string): M['video'];
}

/** JSON, as both majors' provider options take it. */
type Json = null | string | number | boolean | Json[] | { [key: string]: Json };

interface CallOptions {
  headers?: Record<string, string>;
  abortSignal?: AbortSignal;
  maxRetries?: number;
  providerOptions?: Record<string, { [key: string]: Json }>;
}
interface Outcome {
  warnings: unknown[];
  responses: unknown[];
  providerMetadata: unknown;
}

/**
 * The `ai` functions of one major for these kinds. Each major's real functions must fit,
 * so every call here is checked against that major's own types.
 */
interface KindsSdk<M extends KindModels> {
  rerank(
    model: M['reranking'] | string,
    options: CallOptions & { documents: string[]; query: string; topN?: number },
  ): PromiseLike<{
    ranking: Array<{ originalIndex: number; score: number; document: string }>;
    rerankedDocuments: string[];
    originalDocuments: string[];
    providerMetadata?: unknown;
    response: unknown;
  }>;
  speech(
    model: M['speech'] | string,
    options: CallOptions & { text: string; voice?: string; outputFormat?: string; speed?: number; language?: string; instructions?: string },
  ): PromiseLike<Outcome & { audio: { base64: string; mediaType: string } }>;
  transcribe(
    model: M['transcription'] | string,
    options: CallOptions & { audio: Uint8Array },
  ): PromiseLike<Outcome & { text: string; segments: unknown[]; language: string | undefined; durationInSeconds: number | undefined }>;
  generateVideo(
    model: M['video'] | string,
    options: CallOptions & {
      prompt: string | { text: string; image: Uint8Array };
      n?: number;
      aspectRatio?: `${number}:${number}`;
      resolution?: `${number}x${number}`;
      duration?: number;
      fps?: number;
      seed?: number;
      generateAudio?: boolean;
      frameImages?: Array<{ image: Uint8Array; frameType: 'first_frame' | 'last_frame' }>;
    },
  ): PromiseLike<Outcome & { videos: Array<{ base64: string; mediaType: string }> }>;
}

interface KindsRow<M extends KindModels, V extends 'v3' | 'v4'> {
  sdk: KindsSdk<M>;
  create: (settings: GatewayProviderSettings<V>) => GatewayProvider<V> & KindsProvider<M>;
  createPublic: (settings: { baseURL: string; apiKey: string }) => KindsProvider<M>;
  version: V;
  header: string;
  path: string;
}

const ai6Sdk: KindsSdk<Ai6Kinds> = {
  rerank: (model, options) => ai6.rerank({ model, ...options }),
  speech: (model, options) => ai6.experimental_generateSpeech({ model, ...options }),
  transcribe: (model, options) => ai6.experimental_transcribe({ model, ...options }),
  generateVideo: (model, options) => ai6.experimental_generateVideo({ model, ...options }),
};
const ai7Sdk: KindsSdk<Ai7Kinds> = {
  rerank: (model, options) => ai7.rerank({ model, ...options }),
  speech: (model, options) => ai7.generateSpeech({ model, ...options }),
  transcribe: (model, options) => ai7.transcribe({ model, ...options }),
  generateVideo: (model, options) => ai7.experimental_generateVideo({ model, ...options }),
};

describe('ai 6 × v3', () =>
  kindsMatrix<Ai6Kinds, 'v3'>({ sdk: ai6Sdk, create: createV3, createPublic: createPublicV3, version: 'v3', header: '3', path: '/v3/ai' }));
describe('ai 7 × v4', () =>
  kindsMatrix<Ai7Kinds, 'v4'>({ sdk: ai7Sdk, create: createV4, createPublic: createPublicV4, version: 'v4', header: '4', path: '/v4/ai' }));

function kindsMatrix<M extends KindModels, V extends 'v3' | 'v4'>({ sdk, create, createPublic, version, header, path }: KindsRow<M, V>) {
  const base = `https://gateway.test${path}`;
  const provider = create({ baseURL: base, apiKey: API_KEY });
  const publicProvider = createPublic({ baseURL: base, apiKey: API_KEY });
  const headers = { 'x-trace': 'abc' };
  const providerOptions = { gateway: { order: ['bedrock', 'openai'], tags: ['kinds'], user: 'u-1' } };
  const documents = ['Paris is in France.', 'Bananas are yellow.', 'The Louvre is in Paris.'];

  async function compare<T>(run: (p: KindsProvider<M>) => PromiseLike<T>) {
    const ours = await run(provider);
    const oursWire = gateway.requests.splice(0).map(wire);
    const theirs = await run(publicProvider);
    const theirsWire = gateway.requests.splice(0).map(wire);
    expect(oursWire.length).toBeGreaterThan(0);
    expect(oursWire).toEqual(theirsWire);
    return { ours, theirs, oursWire };
  }

  // One successful call of each kind, with the handler that answers it.
  const kinds = [
    {
      kind: 'reranking',
      endpoint: 'reranking-model',
      answer: () => json(rerankBody),
      run: (p: KindsProvider<M>, options: CallOptions = {}) => sdk.rerank(p.rerankingModel('cohere/rerank-v3.5'), { documents, query: 'Paris', ...options }),
    },
    {
      kind: 'speech',
      endpoint: 'speech-model',
      answer: () => json(speechBody),
      run: (p: KindsProvider<M>, options: CallOptions = {}) => sdk.speech(p.speechModel('openai/tts-1'), { text: 'Hello there', ...options }),
    },
    {
      kind: 'transcription',
      endpoint: 'transcription-model',
      answer: () => json(transcriptionBody),
      run: (p: KindsProvider<M>, options: CallOptions = {}) => sdk.transcribe(p.transcriptionModel('openai/whisper-1'), { audio: WAV, ...options }),
    },
    {
      kind: 'video',
      endpoint: 'video-model',
      answer: () => eventStream([{ ...videoEvent, videos: videoEvent.videos.slice(1) }]),
      run: (p: KindsProvider<M>, options: CallOptions = {}) => sdk.generateVideo(p.videoModel('google/veo-3.1-generate-001'), { prompt: 'A cat', ...options }),
    },
  ] as const;

  it('the models report their spec version and call the default base path with its header', async () => {
    for (const { kind, endpoint, answer, run } of kinds) {
      gateway.on('post', `https://ai-gateway.vercel.sh${path}/${endpoint}`, answer);
      await run(create({ apiKey: API_KEY }));
      const [request] = gateway.requests.splice(0);
      expect(request!.url).toBe(`https://ai-gateway.vercel.sh${path}/${endpoint}`);
      expect(request!.headers[`ai-${kind}-model-specification-version`]).toBe(header);
    }
    expect(provider.rerankingModel('a/b')).toMatchObject({ specificationVersion: version, provider: 'gateway', modelId: 'a/b' });
    expect(provider.speech('a/b')).toMatchObject({ specificationVersion: version });
    expect(provider.transcription('a/b')).toMatchObject({ specificationVersion: version });
    expect(provider.video('a/b')).toMatchObject({ specificationVersion: version, maxVideosPerCall: Number.MAX_SAFE_INTEGER });
  });

  it('has the provider members of the public client for these kinds', () => {
    const members = ['rerankingModel', 'reranking', 'speechModel', 'speech', 'transcriptionModel', 'transcription', 'videoModel', 'video'] as const;
    for (const member of members) {
      expect(typeof publicProvider[member]).toBe('function');
      expect(typeof provider[member]).toBe('function');
    }
  });

  it('rerank: same wire and result as the public client', async () => {
    gateway.on('post', `${base}/reranking-model`, () => json(rerankBody));
    const { ours, theirs, oursWire } = await compare((p) =>
      sdk.rerank(p.reranking('cohere/rerank-v3.5'), { documents, query: 'Paris', topN: 2, headers, providerOptions }),
    );
    expect(oursWire[0]!.body).toEqual({ documents: { type: 'text', values: documents }, query: 'Paris', topN: 2, providerOptions });
    expect(ours.rerankedDocuments).toEqual(['The Louvre is in Paris.', 'Paris is in France.']);
    expect(undated(ours)).toEqual(undated(theirs));
    // Logged once per client.
    expect(warnings).toEqual([rerankBody.warnings[0], rerankBody.warnings[0]]);
  });

  it('generateSpeech: same wire and result, deprecated warnings as this spec version has them', async () => {
    gateway.on('post', `${base}/speech-model`, () => json(speechBody));
    const { ours, theirs, oursWire } = await compare(async (p) => {
      const result = await sdk.speech(p.speech('openai/tts-1'), {
        text: 'Hello there',
        voice: 'alloy',
        outputFormat: 'wav',
        speed: 0,
        language: '',
        headers,
        providerOptions,
      });
      return { ...result, audio: { base64: result.audio.base64, mediaType: result.audio.mediaType } };
    });
    // Empty strings are left out; speed 0 is sent.
    expect(oursWire[0]!.body).toEqual({ text: 'Hello there', voice: 'alloy', outputFormat: 'wav', speed: 0, providerOptions });
    expect(ours.audio).toEqual({ base64: WAV_BASE64, mediaType: 'audio/wav' });
    expect(undated(ours)).toEqual(undated(theirs));
    expect(ours.warnings).toEqual(
      version === 'v3'
        ? [{ type: 'other', message: 'Use voiceId instead.' }]
        : [{ type: 'deprecated', setting: 'voice', message: 'Use voiceId instead.' }],
    );
  });

  it('transcribe: same wire and result as the public client', async () => {
    gateway.on('post', `${base}/transcription-model`, () => json(transcriptionBody));
    const { ours, theirs, oursWire } = await compare((p) =>
      sdk.transcribe(p.transcription('openai/whisper-1'), { audio: WAV, headers, providerOptions }),
    );
    expect(oursWire[0]!.body).toEqual({ audio: WAV_BASE64, mediaType: 'audio/wav', providerOptions });
    expect(ours.text).toBe('Hello there');
    expect(undated(ours)).toEqual(undated(theirs));
    expect(warnings).toEqual([]);
  });

  it('generateVideo: same wire (files as base64, seed 0 as this version sends it) and videos', async () => {
    // ai 6 downloads URLs with its own undici, which msw does not see: its videos come as base64 only.
    const event = version === 'v4' ? videoEvent : { ...videoEvent, videos: videoEvent.videos.slice(1) };
    gateway.on('post', `${base}/video-model`, () => eventStream([event]));
    gateway.on('get', 'https://cdn.test/clip.mp4', () => new HttpResponse(makeMp4(1), { headers: { 'content-type': 'video/mp4' } }));
    const { ours, theirs, oursWire } = await compare(async (p) => {
      const result = await sdk.generateVideo(p.video('google/veo-3.1-generate-001'), {
        prompt: { text: 'A cat', image: PNG },
        frameImages: [{ image: PNG, frameType: 'last_frame' }],
        n: 2,
        aspectRatio: '16:9',
        resolution: '1280x720',
        duration: 4,
        fps: 24,
        seed: 0,
        generateAudio: false,
        headers,
        providerOptions,
      });
      return { ...result, videos: result.videos.map(({ base64, mediaType }) => ({ base64, mediaType })) };
    });
    const body = oursWire[0]!.body;
    expect(oursWire[0]!.headers.accept).toBe('text/event-stream');
    expect(body.image).toEqual({ type: 'file', mediaType: 'image/png', data: Buffer.from(PNG).toString('base64') });
    expect(body.frameImages).toEqual([{ image: body.image, frameType: 'last_frame' }]);
    expect('seed' in body).toBe(version === 'v4');
    expect(body).toMatchObject({ prompt: 'A cat', n: 2, aspectRatio: '16:9', generateAudio: false, providerOptions });
    expect(ours.videos).toEqual([
      ...(version === 'v4' ? [{ base64: Buffer.from(makeMp4(1)).toString('base64'), mediaType: 'video/mp4' }] : []),
      { base64: MP4_BASE64, mediaType: 'video/mp4' },
    ]);
    expect(undated(ours)).toEqual(undated(theirs));
  });

  it('plain model strings resolve through the registered provider', async () => {
    registerGateway(provider);
    for (const { endpoint, answer } of kinds) gateway.on('post', `${base}/${endpoint}`, answer);
    expect((await sdk.rerank('cohere/rerank-v3.5', { documents, query: 'Paris' })).rerankedDocuments[0]).toBe('The Louvre is in Paris.');
    expect((await sdk.speech('openai/tts-1', { text: 'Hi' })).audio.base64).toBe(WAV_BASE64);
    expect((await sdk.transcribe('openai/whisper-1', { audio: WAV })).text).toBe('Hello there');
    expect((await sdk.generateVideo('google/veo-3.1-generate-001', { prompt: 'A cat' })).videos).toHaveLength(1);
    expect(gateway.requests.map((request) => request.headers['ai-model-id'])).toEqual([
      'cohere/rerank-v3.5',
      'openai/tts-1',
      'openai/whisper-1',
      'google/veo-3.1-generate-001',
    ]);
  });

  it('onUsage sees each kind with the cost the gateway reported', async () => {
    const records: GatewayUsageRecord[] = [];
    const withUsage = create({ baseURL: base, apiKey: API_KEY, onUsage: (record) => void records.push(record) });
    for (const { endpoint, answer, run } of kinds) {
      gateway.on('post', `${base}/${endpoint}`, answer);
      await run(withUsage, { providerOptions: { gateway: { user: 'u-9', tags: ['t'] } } });
    }
    expect(records.map(({ kind, modelId, costUsd, generationId, user }) => ({ kind, modelId, costUsd, generationId, user }))).toEqual([
      { kind: 'rerank', modelId: 'cohere/rerank-v3.5', costUsd: 0.001, generationId: 'gen_rr', user: 'u-9' },
      { kind: 'speech', modelId: 'openai/tts-1', costUsd: 0.0002, generationId: 'gen_sp', user: 'u-9' },
      { kind: 'transcription', modelId: 'openai/whisper-1', costUsd: 0.0001, generationId: 'gen_tr', user: 'u-9' },
      { kind: 'video', modelId: 'google/veo-3.1-generate-001', costUsd: 0.5, generationId: 'gen_vd', user: 'u-9' },
    ]);
  });

  it('a model id that cannot be one is refused before any request, saying how to fix it', () => {
    for (const make of [provider.rerankingModel, provider.speechModel, provider.transcriptionModel, provider.videoModel]) {
      expect(() => make('')).toThrow(InvalidArgumentError);
      expect(() => make('openai/ tts')).toThrow(/expected 'provider\/model'/);
    }
    expect(gateway.requests).toHaveLength(0);
  });

  describe.each(kinds)('$kind errors', ({ kind, endpoint, answer, run }) => {
    const url = `${base}/${endpoint}`;
    const errorBody = (type: string, message: string, extra: object = {}) => ({ error: { message, type, ...extra }, generationId: 'gen_err' });

    it.each([
      ['invalid_request_error', 400],
      ['rate_limit_exceeded', 429],
      ['model_not_found', 404],
      ['forbidden', 403],
      ['internal_server_error', 500],
    ] as const)('%s (%i): the typed class and message of the public client', async (type, status) => {
      gateway.on('get', `${base}/config`, () => json({ models: [] }));
      gateway.on('post', url, () => json(errorBody(type, `The ${type} message`), { status }));
      const ours = await failure(run(provider, { maxRetries: 0 }));
      const theirs = await failure(run(publicProvider, { maxRetries: 0 }));
      expect(GatewayError.isInstance(ours)).toBe(true);
      expect(ours.name).toBe(theirs.name);
      expect(ours.message).toBe(theirs.message);
      expect(ours.message).toBe(`The ${type} message [gen_err]`);
      expect(ours.statusCode).toBe(status);
      expect(ours.isRetryable).toBe(theirs.isRetryable);
    });

    it('an unknown model id gets a suggestion from the catalog', async () => {
      gateway.on('get', `${base}/config`, () =>
        json({
          models: [
            { id: 'cohere/rerank-v3.5', name: 'r', specification: { specificationVersion: version, provider: 'cohere', modelId: 'rerank-v3.5' }, modelType: 'reranking' },
            { id: 'openai/tts-1', name: 's', specification: { specificationVersion: version, provider: 'openai', modelId: 'tts-1' }, modelType: 'speech' },
            { id: 'openai/whisper-1', name: 't', specification: { specificationVersion: version, provider: 'openai', modelId: 'whisper-1' }, modelType: 'transcription' },
            { id: 'google/veo-3.1-generate-001', name: 'v', specification: { specificationVersion: version, provider: 'google', modelId: 'veo' }, modelType: 'video' },
          ],
        }),
      );
      gateway.on('post', url, () => json(errorBody('model_not_found', 'Model not found'), { status: 404 }));
      const fresh = create({ baseURL: base, apiKey: API_KEY });
      const misspelt = { reranking: 'cohere/rerank-v35', speech: 'openai/tts1', transcription: 'openai/whisper1', video: 'google/veo-3-1-generate-001' }[kind];
      const model = { reranking: fresh.rerankingModel, speech: fresh.speechModel, transcription: fresh.transcriptionModel, video: fresh.videoModel }[kind](misspelt);
      const error = await failure(run({ ...fresh, rerankingModel: () => model, speechModel: () => model, transcriptionModel: () => model, videoModel: () => model } as KindsProvider<M>, { maxRetries: 0 }));
      expect(GatewayModelNotFoundError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(/^Model not found Did you mean `[^`]+`\? \[gen_err\]$/);
    });

    it('a 429 is retried after its retry-after delay, and keeps retry-after on the error', async () => {
      const sentAt: number[] = [];
      gateway.on(
        'post',
        url,
        () => {
          sentAt.push(Date.now());
          return json(errorBody('rate_limit_exceeded', 'Slow down'), { status: 429, headers: { 'retry-after-ms': '250', 'retry-after': '1' } });
        },
        () => {
          sentAt.push(Date.now());
          return answer();
        },
      );
      await run(provider, { maxRetries: 1 });
      expect(sentAt).toHaveLength(2);
      expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(240);

      gateway.on('post', url, () => json(errorBody('rate_limit_exceeded', 'Slow down'), { status: 429, headers: { 'retry-after': '7' } }));
      const error = await failure(run(provider, { maxRetries: 0 }));
      expect(GatewayRateLimitError.isInstance(error)).toBe(true);
      expect(error.isRetryable).toBe(true);
      expect(error.responseHeaders['retry-after']).toBe('7');
    });

    it('a 402 is a payment-required error, not retried', async () => {
      gateway.on('post', url, () => json(errorBody('insufficient_funds', 'Out of credits'), { status: 402 }));
      const error = await failure(run(provider, { maxRetries: 3 }));
      expect(gateway.requests).toHaveLength(1);
      expect(GatewayPaymentRequiredError.isInstance(error)).toBe(true);
      expect(error.isRetryable).toBe(false);
      expect(error.message).toMatch(/^Out of credits \(HTTP 402: add credits/);
    });

    it('an abort stops the call with the abort, not a gateway error', async () => {
      gateway.server.use(
        http.post(url, async () => {
          await delay('infinite');
          return HttpResponse.json({});
        }),
      );
      const controller = new AbortController();
      const call = failure(run(provider, { abortSignal: controller.signal, maxRetries: 2 }));
      setTimeout(() => controller.abort(), 30);
      const error = await call;
      expect(error.name).toBe('AbortError');
      expect(GatewayError.isInstance(error)).toBe(false);
    });

    it('never shows the API key or BYOK credentials, even when the gateway echoes them', async () => {
      gateway.on('post', url, () =>
        json(errorBody('invalid_request_error', `Provider rejected ${BYOK} sent with Bearer ${API_KEY}`), { status: 400 }),
      );
      const error = await failure(
        run(provider, { maxRetries: 0, providerOptions: { gateway: { byok: { openai: [{ apiKey: BYOK }] } } } }),
      );
      expect(gateway.requests[0]!.body.providerOptions.gateway.byok.openai[0].apiKey).toBe(BYOK);
      const text = everythingIn(error);
      expect(text).toContain('[REDACTED]');
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(BYOK);
    });

    it('a 200 that breaks the protocol is a response error naming what was missing', async () => {
      gateway.on('post', url, () => (kind === 'video' ? eventStream([{ type: 'result' }]) : json({ unexpected: true })));
      const error = await failure(run(provider, { maxRetries: 0 }));
      expect(GatewayResponseError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(new RegExp(`^The AI Gateway answered a ${kind} call without `));
    });
  });

  describe('video event stream', () => {
    const url = `${base}/video-model`;
    const generate = (p: KindsProvider<M>, options: CallOptions = {}) =>
      sdk.generateVideo(p.videoModel('google/veo-3.1-generate-001'), { prompt: 'A cat', maxRetries: 0, ...options });

    it('an error event becomes the typed error the public client throws', async () => {
      gateway.on('post', url, () =>
        eventStream([{ type: 'error', message: 'Too many videos', errorType: 'rate_limit_exceeded', statusCode: 429, param: null }]),
      );
      const ours = await failure(generate(provider));
      const theirs = await failure(generate(publicProvider));
      expect(GatewayRateLimitError.isInstance(ours)).toBe(true);
      expect([ours.name, ours.message, ours.statusCode]).toEqual([theirs.name, theirs.message, theirs.statusCode]);
    });

    it('a stream with no event, or a malformed one, is a response error', async () => {
      gateway.on('post', url, () => eventStream([]));
      const empty = await failure(generate(provider));
      expect(GatewayResponseError.isInstance(empty)).toBe(true);
      gateway.on('post', url, () => new Response('data: {not json\n\n', { headers: { 'content-type': 'text/event-stream' } }));
      const malformed = await failure(generate(provider));
      expect(GatewayResponseError.isInstance(malformed)).toBe(true);
      expect(malformed.message).toMatch(/not valid JSON/);
    });

    it('reads only the first event: a stream the gateway keeps open still returns', async () => {
      gateway.on('post', url, () => eventStream([{ ...videoEvent, videos: videoEvent.videos.slice(1) }], { keepOpen: true }));
      expect((await generate(provider)).videos).toHaveLength(1);
    });

    it('an abort while waiting for the event stops the call with the abort', async () => {
      gateway.on('post', url, () => eventStream([], { keepOpen: true }));
      const controller = new AbortController();
      const call = failure(generate(provider, { abortSignal: controller.signal }));
      setTimeout(() => controller.abort(), 30);
      expect((await call).name).toBe('AbortError');
    });
  });
}

it('the v2 entry, like the public 2.x client, has none of these kinds', () => {
  const v2 = createV2({ apiKey: API_KEY });
  const public2 = createPublicV2({ apiKey: API_KEY });
  for (const member of ['rerankingModel', 'speechModel', 'transcriptionModel', 'videoModel']) {
    expect(member in v2).toBe(false);
    expect(member in public2).toBe(false);
  }
});

describe('spec v4 only', () => {
  const base = 'https://gateway.test/v4/ai';
  const provider = createV4({ baseURL: base, apiKey: API_KEY });
  const publicProvider = createPublicV4({ baseURL: base, apiKey: API_KEY });
  type V4Provider = Pick<typeof publicProvider, 'videoModel' | 'speechModel' | 'transcriptionModel'>;

  async function compare<T>(run: (p: V4Provider) => PromiseLike<T>) {
    const ours = await run(provider);
    const oursWire = gateway.requests.splice(0).map(wire);
    const theirs = await run(publicProvider);
    const theirsWire = gateway.requests.splice(0).map(wire);
    expect(oursWire.length).toBeGreaterThan(0);
    expect(oursWire).toEqual(theirsWire);
    return { ours, theirs, oursWire };
  }

  const startBody = {
    operation: { jobId: 'vjob_1' },
    warnings: [],
    providerMetadata: { gateway: { asyncJob: { jobId: 'vjob_1', status: 'pending', webhookSigningSecret: 'whsec_1' } } },
  };
  const completed = {
    status: 'completed',
    videos: [{ type: 'base64', data: MP4_BASE64, mediaType: 'video/mp4' }],
    warnings: [],
    providerMetadata: { gateway: { asyncJob: { jobId: 'vjob_1', status: 'completed' }, cost: '0.5' } },
  };

  it('speech and transcription results carry usage and words; the public client agrees', async () => {
    gateway.on('post', `${base}/speech-model`, () => json(speechBody));
    gateway.on('post', `${base}/transcription-model`, () => json(transcriptionBody));
    const speech = await compare((p) => p.speechModel('openai/tts-1').doGenerate({ text: 'Hi' }));
    expect(speech.ours.usage).toEqual({ inputCharacters: 11 });
    expect(undated(speech.ours)).toEqual(undated(speech.theirs));
    const transcript = await compare((p) => p.transcriptionModel('openai/whisper-1').doGenerate({ audio: WAV, mediaType: 'audio/wav' }));
    expect(transcript.ours.words).toEqual(transcriptionBody.words);
    expect(undated(transcript.ours)).toEqual(undated(transcript.theirs));
    // The same bodies through v3 models: v3 results have neither field.
    gateway.on('post', 'https://gateway.test/v3/ai/speech-model', () => json(speechBody));
    const v3 = createV3({ baseURL: 'https://gateway.test/v3/ai', apiKey: API_KEY });
    expect('usage' in (await v3.speechModel('openai/tts-1').doGenerate({ text: 'Hi' }))).toBe(false);
  });

  it('transcribe warns, as the public client does, about timestampGranularities and xAI diarization it cannot give', async () => {
    gateway.on('post', `${base}/transcription-model`, () => json(transcriptionBody));
    const { ours, theirs, oursWire } = await compare((p) =>
      ai7.transcribe({
        model: p.transcriptionModel('spacexai/grok-stt'),
        audio: WAV,
        timestampGranularities: ['word'],
        providerOptions: { xai: { diarize: true } },
      }),
    );
    expect('timestampGranularities' in oursWire[0]!.body).toBe(false);
    const kinds = (result: { warnings: Array<{ type: string; feature?: string }> }) => result.warnings.map((w) => [w.type, w.feature]);
    expect(kinds(ours)).toEqual([
      ['unsupported', 'timestampGranularities'],
      ['unsupported', 'providerOptions.xai.diarize'],
    ]);
    expect(kinds(ours)).toEqual(kinds(theirs));
    // A speaker in the answer: diarization worked, no warning.
    gateway.on('post', `${base}/transcription-model`, () => json({ ...transcriptionBody, segments: [{ ...transcriptionBody.segments[0], speaker: 'A' }] }));
    const diarized = await ai7.transcribe({ model: provider.transcriptionModel('spacexai/grok-stt'), audio: WAV, providerOptions: { xai: { diarize: true } } });
    expect(diarized.warnings).toEqual([]);
  });

  it('experimental_startVideo: same wire and result; ai 7 adds an idempotency key, a caller key is kept', async () => {
    gateway.on('post', `${base}/video-model/start`, () => json(startBody));
    const { ours, theirs, oursWire } = await compare((p) =>
      ai7.experimental_startVideo({
        model: p.videoModel('google/veo-3.1-generate-001'),
        prompt: 'A cat',
        seed: 0,
        duration: 4,
        webhookUrl: 'https://app.test/hooks/video',
        headers: { 'idempotency-key': 'my-key-1' },
        providerOptions: { gateway: { tags: ['jobs'] } },
      }),
    );
    expect(oursWire[0]!.url).toBe(`${base}/video-model/start`);
    expect(oursWire[0]!.headers['idempotency-key']).toBe('my-key-1');
    expect(oursWire[0]!.headers.accept).toBeUndefined();
    expect(oursWire[0]!.body).toEqual({
      prompt: 'A cat',
      n: 1,
      duration: 4,
      seed: 0,
      providerOptions: { gateway: { tags: ['jobs'] } },
      callbackUrl: 'https://app.test/hooks/video',
    });
    expect(ours.operation).toEqual({ jobId: 'vjob_1' });
    expect(undated(ours)).toEqual(undated(theirs));

    await ai7.experimental_startVideo({ model: provider.videoModel('google/veo-3.1-generate-001'), prompt: 'A cat' });
    expect(gateway.requests[0]!.headers['idempotency-key']).toMatch(/^aisdk_vid_/);
  });

  it('experimental_getVideoStatus: pending, completed (uploaded too), error and cancelled as the public client reports them', async () => {
    const answers = [
      { status: 'pending', providerMetadata: { gateway: { asyncJob: { jobId: 'vjob_1', status: 'pending' } } } },
      completed,
      { ...completed, videos: [{ type: 'uploaded', mediaType: 'video/mp4' }] },
      { status: 'error', error: 'Content policy', providerMetadata: null },
      { status: 'cancelled' },
    ];
    for (const answer of answers) {
      gateway.on('post', `${base}/video-model/status`, () => json(answer));
      const { ours, theirs, oursWire } = await compare((p) =>
        ai7.experimental_getVideoStatus(p.videoModel('google/veo-3.1-generate-001'), { operation: { jobId: 'vjob_1' }, headers: { 'x-trace': 't' } }),
      );
      expect(oursWire[0]!.body).toEqual({ operation: { jobId: 'vjob_1' } });
      expect(undated(ours)).toEqual(undated(theirs));
    }
  });

  it('experimental_generateVideo with poll: start, then status until completed; same wire and videos', async () => {
    const { ours, theirs, oursWire } = await compare(async (p) => {
      gateway.on('post', `${base}/video-model/start`, () => json(startBody));
      gateway.on('post', `${base}/video-model/status`, () => json({ status: 'pending' }), () => json(completed));
      const result = await ai7.experimental_generateVideo({
        model: p.videoModel('google/veo-3.1-generate-001'),
        prompt: 'A cat',
        headers: { 'idempotency-key': 'poll-1' },
        poll: { intervalMs: 5 },
      });
      return { ...result, videos: result.videos.map(({ base64, mediaType }) => ({ base64, mediaType })) };
    });
    expect(oursWire.map((request) => request.url)).toEqual([`${base}/video-model/start`, `${base}/video-model/status`, `${base}/video-model/status`]);
    expect(ours.videos).toEqual([{ base64: MP4_BASE64, mediaType: 'video/mp4' }]);
    expect(undated(ours)).toEqual(undated(theirs));
  });

  it('experimental_generateVideo with a webhook: the URL goes out as callbackUrl, one status call after it fires', async () => {
    gateway.on('post', `${base}/video-model/start`, () => json(startBody));
    gateway.on('post', `${base}/video-model/status`, () => json(completed));
    const { ours, oursWire } = await compare(async (p) => {
      const result = await ai7.experimental_generateVideo({
        model: p.videoModel('google/veo-3.1-generate-001'),
        prompt: 'A cat',
        headers: { 'idempotency-key': 'hook-1' },
        webhook: async () => ({
          url: 'https://app.test/hooks/video',
          received: Promise.resolve({ headers: {}, body: { type: 'video.completed' } }),
        }),
      });
      return result.videos.map(({ base64 }) => base64);
    });
    expect(oursWire.map((request) => request.url)).toEqual([`${base}/video-model/start`, `${base}/video-model/status`]);
    expect(oursWire[0]!.body.callbackUrl).toBe('https://app.test/hooks/video');
    expect(ours).toEqual([MP4_BASE64]);
  });

  it('a status answer in no known state is a response error', async () => {
    gateway.on('post', `${base}/video-model/status`, () => json({ status: 'running' }));
    const error = await failure(provider.videoModel('google/veo-3.1-generate-001').doStatus({ operation: { jobId: 'x' } }));
    expect(GatewayResponseError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/job `status`/);
  });

  it('the v3 video model has no job methods, as the public 3.x client', () => {
    const v3 = createV3({ baseURL: 'https://gateway.test/v3/ai', apiKey: API_KEY }).videoModel('google/veo-3.1-generate-001');
    const public3 = createPublicV3({ baseURL: 'https://gateway.test/v3/ai', apiKey: API_KEY }).videoModel('google/veo-3.1-generate-001');
    for (const method of ['doStart', 'doStatus', 'handleWebhookOption']) {
      expect(method in v3).toBe(false);
      expect(method in public3).toBe(false);
    }
  });
});
