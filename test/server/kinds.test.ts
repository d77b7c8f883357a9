import { APICallError } from '@ai-sdk/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimental_generateSpeech as generateSpeech6, experimental_transcribe as transcribe6, rerank as rerank6 } from 'ai-v6';
import { MockRerankingModelV3, MockSpeechModelV3, MockTranscriptionModelV3 } from 'ai-v6/test';
import { generateSpeech, rerank, transcribe } from 'ai-v7';
import { MockRerankingModelV4, MockSpeechModelV4, MockTranscriptionModelV4 } from 'ai-v7/test';
import { createGatewayProvider as createGateway3 } from 'gateway-v3';
import { createGateway as createGateway4 } from 'gateway-v4';
import type { Server } from 'node:http';
import { listen } from '../../src/cli/node-listener';
import { createGatewayServer } from '../../src/server';

/**
 * Reranking, speech and transcription through the server, called by the public
 * gateway clients (3.x with ai 6, 4.x with ai 7) over a real socket, served by
 * upstream models of spec v3 and v4.
 */

const KEY = 'kinds-test-key-0123456789';
const down = () => {
  throw new APICallError({ message: 'upstream is down', url: 'http://upstream.test', requestBodyValues: {}, statusCode: 500, isRetryable: true });
};
const noLanguage = () => {
  throw new Error('no language models here');
};
const audioBytes = new Uint8Array([82, 73, 70, 70, 36, 0, 0, 0, 87, 65, 86, 69, 1, 2, 3, 4]);
const response = { timestamp: new Date(0), modelId: 'upstream-model' };

const received: Record<string, unknown[]> = { rerank: [], speech: [], transcription: [] };

const rerankV4 = new MockRerankingModelV4({
  doRerank: async (options) => {
    received.rerank!.push(options);
    return { ranking: [{ index: 2, relevanceScore: 0.9 }, { index: 0, relevanceScore: 0.4 }], providerMetadata: { upstream: { searchUnits: 1 } }, warnings: [] };
  },
});
const speechV4 = new MockSpeechModelV4({
  doGenerate: async (options) => {
    received.speech!.push(options);
    return { audio: audioBytes, warnings: [{ type: 'deprecated', setting: 'voice', message: 'use another voice' }], usage: { characters: 5 }, response };
  },
});
const transcriptionV4 = new MockTranscriptionModelV4({
  doGenerate: async (options) => {
    received.transcription!.push(options);
    return { text: 'hello from v4', segments: [{ text: 'hello from v4', startSecond: 0, endSecond: 1.5 }], words: [{ text: 'hello', startSecond: 0, endSecond: 0.5 }], language: 'en', durationInSeconds: 1.5, warnings: [], response };
  },
});
const rerankV3 = new MockRerankingModelV3({ doRerank: async () => ({ ranking: [{ index: 1, relevanceScore: 0.7 }] }) });
const speechV3 = new MockSpeechModelV3({ doGenerate: async () => ({ audio: 'AQID', warnings: [], response }) });
const transcriptionV3 = new MockTranscriptionModelV3({
  doGenerate: async () => ({ text: 'hello from v3', segments: [], language: undefined, durationInSeconds: undefined, warnings: [], response }),
});

const gateway = createGatewayServer({
  providers: {
    broken: { languageModel: noLanguage, rerankingModel: down, speechModel: down, transcriptionModel: down },
    modern: { languageModel: noLanguage, rerankingModel: () => rerankV4, speechModel: () => speechV4, transcriptionModel: () => transcriptionV4 },
    older: { languageModel: noLanguage, rerankingModel: () => rerankV3, speechModel: () => speechV3, transcriptionModel: () => transcriptionV3 },
  },
  models: {
    'cohere/rerank-v3.5': { type: 'reranking', providers: [{ provider: 'broken', model: 'r', pricing: { request: '0.5' } }, { provider: 'modern', model: 'r', pricing: { request: '0.002' } }] },
    'openai/tts-1': { type: 'speech', providers: [{ provider: 'broken', model: 's' }, { provider: 'modern', model: 's' }] },
    'openai/whisper-1': { type: 'transcription', providers: [{ provider: 'broken', model: 't' }, { provider: 'modern', model: 't' }] },
    'voyage/rerank-2.5': { type: 'reranking', providers: [{ provider: 'older', model: 'r' }] },
    'openai/tts-1-hd': { type: 'speech', providers: [{ provider: 'older', model: 's' }] },
    'openai/gpt-4o-transcribe': { type: 'transcription', providers: [{ provider: 'older', model: 't' }] },
  },
  keys: [{ name: 'test', key: KEY }],
  // 'broken' fails every call, and every test checks the failover from it: it must stay first.
  demoteUnhealthy: false,
});

let http: Server;
let url: string;
beforeAll(async () => {
  ({ server: http, url } = await listen(gateway.fetch));
});
afterAll(() => {
  http.close();
});

type Routing = { finalProvider?: string; attempts: Array<{ provider: string; success: boolean; statusCode?: number }> };
const routingOf = (metadata: unknown) => (metadata as { gateway: { routing: Routing; generationId: string } }).gateway;

describe('server: newer model kinds through the public clients', () => {
  it('reranks with gateway 4 / ai 7, failing over from a 500 to the next provider', async () => {
    const gw = createGateway4({ baseURL: `${url}/v4/ai`, apiKey: KEY });
    const result = await rerank({ model: gw.rerankingModel('cohere/rerank-v3.5'), documents: ['sun', 'rain', 'snow'], query: 'cold', topN: 2, maxRetries: 0 });
    expect(result.ranking).toEqual([
      { originalIndex: 2, score: 0.9, document: 'snow' },
      { originalIndex: 0, score: 0.4, document: 'sun' },
    ]);
    expect(received.rerank!.at(-1)).toMatchObject({ documents: { type: 'text', values: ['sun', 'rain', 'snow'] }, query: 'cold', topN: 2 });
    expect(result.providerMetadata?.upstream).toEqual({ searchUnits: 1 });
    const gatewayMetadata = routingOf(result.providerMetadata);
    expect(gatewayMetadata.routing.finalProvider).toBe('modern');
    expect(gatewayMetadata.routing.attempts.map((a) => [a.provider, a.success, a.statusCode])).toEqual([
      ['broken', false, 500],
      ['modern', true, 200],
    ]);
    expect(gatewayMetadata.generationId).toMatch(/\S/);
    // Priced per call: the provider that served it.
    expect((result.providerMetadata?.gateway as { cost: string }).cost).toBe('0.002');
  });

  it('speaks with gateway 4 / ai 7: the audio bytes arrive intact, warnings and usage pass through', async () => {
    const gw = createGateway4({ baseURL: `${url}/v4/ai`, apiKey: KEY });
    const result = await generateSpeech({ model: gw.speechModel('openai/tts-1'), text: 'hello', voice: 'alloy', speed: 1.25, maxRetries: 0 });
    expect(result.audio.uint8Array).toEqual(audioBytes);
    expect(received.speech!.at(-1)).toMatchObject({ text: 'hello', voice: 'alloy', speed: 1.25 });
    expect(result.warnings).toEqual([{ type: 'deprecated', setting: 'voice', message: 'use another voice' }]);
    expect(routingOf(result.providerMetadata).routing.attempts.map((a) => a.success)).toEqual([false, true]);
  });

  it('transcribes with gateway 4 / ai 7: base64 audio reaches the upstream as sent', async () => {
    const gw = createGateway4({ baseURL: `${url}/v4/ai`, apiKey: KEY });
    const result = await transcribe({ model: gw.transcriptionModel('openai/whisper-1'), audio: audioBytes, maxRetries: 0 });
    expect(result.text).toBe('hello from v4');
    expect(result.segments).toEqual([{ text: 'hello from v4', startSecond: 0, endSecond: 1.5 }]);
    expect(result.language).toBe('en');
    expect(result.durationInSeconds).toBe(1.5);
    const sent = received.transcription!.at(-1) as { audio: string; mediaType: string };
    expect(Uint8Array.from(atob(sent.audio), (c) => c.charCodeAt(0))).toEqual(audioBytes);
    expect(sent.mediaType).toBe('audio/wav');
    expect(routingOf(result.providerMetadata).routing.finalProvider).toBe('modern');
  });

  it('serves gateway 3 / ai 6 from v4 upstreams: deprecated warnings become other, failover works', async () => {
    const gw = createGateway3({ baseURL: `${url}/v3/ai`, apiKey: KEY });
    const ranked = await rerank6({ model: gw.rerankingModel('cohere/rerank-v3.5'), documents: [{ t: 'a' }, { t: 'b' }, { t: 'c' }], query: 'q', maxRetries: 0 });
    expect(ranked.ranking.map((entry) => entry.document)).toEqual([{ t: 'c' }, { t: 'a' }]);
    expect(routingOf(ranked.providerMetadata).routing.finalProvider).toBe('modern');

    const speech = await generateSpeech6({ model: gw.speechModel('openai/tts-1'), text: 'hello', maxRetries: 0 });
    expect(speech.audio.uint8Array).toEqual(audioBytes);
    expect(speech.warnings).toEqual([{ type: 'other', message: 'Deprecated: voice. use another voice' }]);
    expect(routingOf(speech.providerMetadata).routing.attempts.map((a) => a.provider)).toEqual(['broken', 'modern']);

    const transcript = await transcribe6({ model: gw.transcriptionModel('openai/whisper-1'), audio: audioBytes, maxRetries: 0 });
    expect(transcript.text).toBe('hello from v4');
    expect(routingOf(transcript.providerMetadata).routing.finalProvider).toBe('modern');
  });

  it('serves both clients from v3 upstreams', async () => {
    const gw4 = createGateway4({ baseURL: `${url}/v4/ai`, apiKey: KEY });
    const gw3 = createGateway3({ baseURL: `${url}/v3/ai`, apiKey: KEY });
    const ranked = await rerank({ model: gw4.rerankingModel('voyage/rerank-2.5'), documents: ['x', 'y'], query: 'y', maxRetries: 0 });
    expect(ranked.rerankedDocuments).toEqual(['y']);
    expect((await rerank6({ model: gw3.rerankingModel('voyage/rerank-2.5'), documents: ['x', 'y'], query: 'y', maxRetries: 0 })).ranking[0]?.score).toBe(0.7);
    expect((await generateSpeech({ model: gw4.speechModel('openai/tts-1-hd'), text: 'hi', maxRetries: 0 })).audio.uint8Array).toEqual(new Uint8Array([1, 2, 3]));
    expect((await generateSpeech6({ model: gw3.speechModel('openai/tts-1-hd'), text: 'hi', maxRetries: 0 })).audio.base64).toBe('AQID');
    expect((await transcribe({ model: gw4.transcriptionModel('openai/gpt-4o-transcribe'), audio: audioBytes, maxRetries: 0 })).text).toBe('hello from v3');
    expect((await transcribe6({ model: gw3.transcriptionModel('openai/gpt-4o-transcribe'), audio: audioBytes, maxRetries: 0 })).text).toBe('hello from v3');
  });

  it('lists the kinds in the catalog and refuses a model of another kind', async () => {
    const gw = createGateway4({ baseURL: `${url}/v4/ai`, apiKey: KEY });
    const { models } = await gw.getAvailableModels();
    expect(Object.fromEntries(models.map((model) => [model.id, model.modelType]))).toMatchObject({
      'cohere/rerank-v3.5': 'reranking',
      'openai/tts-1': 'speech',
      'openai/whisper-1': 'transcription',
    });
    await expect(generateSpeech({ model: gw.speechModel('openai/whisper-1'), text: 'x', maxRetries: 0 })).rejects.toThrow(/transcription model; it cannot serve a speech call/);
  });

  it('answers a WebSocket request handed to fetch (a runtime that hands upgrades to the handler: Bun, Deno) with 404 pointing to upgradeWebSocket', async () => {
    const response = await gateway.fetch(new Request('http://gateway/v4/ai/speech-model?ai-model-id=openai/tts-1', { headers: { upgrade: 'websocket', connection: 'Upgrade' } }));
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error).toMatchObject({ type: 'not_found' });
    expect(body.error.message).toContain('streamed speech and streamed transcription');
    expect(body.error.message).toContain('upgradeWebSocket(request)');
  });

  it('answers a spec 2 (/v1/ai) call with a 400 naming the endpoints that serve the kind', async () => {
    const res = await fetch(`${url}/v1/ai/speech-model`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'ai-model-id': 'openai/tts-1' },
      body: JSON.stringify({ text: 'hi' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/\/v4\/ai\/speech-model/);
  });
});

describe("server: newer model kinds keep the server's own secrets out of errors", () => {
  it("an upstream error that echoes the server's provider key reaches the client scrubbed", async () => {
    const SECRET = 'sk-system-secret-for-rerank-0123456789';
    const leaky = createGatewayServer({
      providers: {
        echoing: {
          create: (settings: Record<string, unknown>) => ({
            languageModel: noLanguage,
            rerankingModel: () =>
              new MockRerankingModelV4({
                doRerank: async () => {
                  throw new APICallError({ message: `key ${String(settings.apiKey)} was refused`, url: 'http://upstream.test', requestBodyValues: {}, statusCode: 500, isRetryable: true });
                },
              }),
          }),
          settings: { apiKey: SECRET },
        },
      },
      models: { 'cohere/rerank-v3.5': { type: 'reranking', providers: [{ provider: 'echoing', model: 'r' }] } },
      keys: [{ name: 'test', key: KEY }],
    });
    const { server, url: leakyUrl } = await listen(leaky.fetch);
    try {
      const gw = createGateway4({ baseURL: `${leakyUrl}/v4/ai`, apiKey: KEY });
      const error = await rerank({ model: gw.rerankingModel('cohere/rerank-v3.5'), documents: ['a', 'b'], query: 'q', maxRetries: 0 }).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      if (!(error instanceof Error)) throw new Error('expected the rerank call to fail');
      const text = `${error.message} ${'responseBody' in error ? String(error.responseBody) : ''}`;
      expect(text).toContain('was refused');
      expect(text).not.toContain(SECRET);
    } finally {
      server.close();
    }
  });
});
