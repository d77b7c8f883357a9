/**
 * Streamed speech and streamed transcription through the server over real sockets: ai 7's
 * `experimental_streamSpeech` and `experimental_streamTranscribe` with modelgate's v4 client and
 * the public @ai-sdk/gateway 4, against hand-written upstream models of spec v4 with `doStream`.
 * Failover, in-band errors, refusals, client secrets, governance and backpressure.
 */
import {
  APICallError,
  type Experimental_SpeechModelV4StreamOptions as SpeechStreamOptions,
  type Experimental_SpeechModelV4StreamPart as SpeechStreamPart,
  type Experimental_StreamingSpeechModelV4 as StreamingSpeechModelV4,
  type Experimental_TranscriptionModelV4StreamOptions as TranscriptionStreamOptions,
  type Experimental_TranscriptionModelV4StreamPart as TranscriptionStreamPart,
  type TranscriptionModelV4,
} from '@ai-sdk/provider';
import { experimental_streamSpeech as streamSpeech, experimental_streamTranscribe as streamTranscribe } from 'ai-v7';
import { createGateway as createReference } from 'gateway-v4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { listen } from '../../src/cli/node-listener';
import { createGatewayServer, MemoryUsageStore, type UsageRecord } from '../../src/server';
import { refusal, until, usageRecordOf } from './socket-test-support';
import { MAX_CLIENT_FRAME_BYTES, MAX_UNREAD_INPUT_BYTES } from '../../src/server/media-stream-session';
import { createGateway, getGatewaySpeechProtocols, getGatewayTranscriptionProtocols } from '../../src/v4';
import { ReferenceWebSocket } from '../support/ws-gateway';
import type { Server } from 'node:http';

const KEY = 'mg-media-stream-key-0123456789';
const LIMITED_KEY = 'mg-media-limited-key-0123456789';
const SPEECH = 'acme/voice-stream';
const SPEECH_FAILOVER = 'acme/voice-failover';
const SPEECH_BREAKS = 'acme/voice-breaks';
const SPEECH_SLOW = 'acme/voice-slow';
const SPEECH_HTTP_ONLY = 'acme/voice-http-only';
const TRANSCRIPTION = 'acme/ears-stream';
const TRANSCRIPTION_FAILOVER = 'acme/ears-failover';
const TRANSCRIPTION_HTTP_ONLY = 'acme/ears-http-only';
const FORMAT = { type: 'audio/pcm', rate: 24_000 };

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** What an upstream model was called with (the input streams left out) and the input it read. */
interface Call {
  options: Record<string, unknown>;
  read: unknown[];
}

/** Reads a stream to its end, or until it errors. */
async function readAll<T>(stream: ReadableStream<T>, into: T[]): Promise<void> {
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) into.push(next.value);
}

/**
 * A streaming speech model: one audio part per text part it reads (`audio(<text>)`), then finish.
 * `throwAtCall`: doStream reads the first text part, then throws a 503 (cancelling the text, as the spec asks); `breakAfterFirst`: the
 * stream errors after its first audio part; `hold`: it reads no text until released.
 */
class FakeSpeechModel implements StreamingSpeechModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'fake-speech';
  readonly calls: Call[] = [];
  release: () => void = () => {};

  constructor(
    readonly modelId: string,
    private readonly behavior: { throwAtCall?: boolean; breakAfterFirst?: boolean; hold?: boolean } = {},
  ) {}

  async doGenerate(): Promise<never> {
    throw new Error('this fake only streams');
  }

  async doStream(options: SpeechStreamOptions) {
    const { text, abortSignal: _signal, ...rest } = options;
    const call: Call = { options: rest, read: [] };
    this.calls.push(call);
    if (this.behavior.throwAtCall) {
      const early = text.getReader();
      const first = await early.read();
      if (!first.done) call.read.push(first.value);
      await early.cancel();
      throw new APICallError({ message: 'speech upstream is down', url: 'https://fake-speech.example/stream', requestBodyValues: {}, statusCode: 503, isRetryable: true });
    }
    const held = this.behavior.hold ? new Promise<void>((resolve) => (this.release = resolve)) : Promise.resolve();
    const reader = text.getReader();
    let sent = 0;
    const breakAfterFirst = this.behavior.breakAfterFirst;
    const stream = new ReadableStream<SpeechStreamPart>({
      start(controller) {
        controller.enqueue({ type: 'stream-start', warnings: [] });
        controller.enqueue({ type: 'response-metadata', timestamp: new Date('2026-01-02T03:04:05.000Z'), modelId: 'fake-voice-1' });
      },
      async pull(controller) {
        await held;
        if (breakAfterFirst && sent === 1) return controller.error(new Error('the voice engine crashed'));
        const next = await reader.read();
        if (next.done) {
          controller.enqueue({ type: 'finish', usage: { inputCharacters: call.read.map((part) => (part as { text: string }).text).join('').length } });
          return controller.close();
        }
        call.read.push(next.value);
        sent++;
        controller.enqueue({ type: 'audio', audio: encode(`audio(${next.value.text})`), audioFormat: { type: 'audio/pcm', rate: 24_000 } });
      },
      cancel: () => reader.cancel(),
    });
    return { stream };
  }
}

/** A streaming transcription model: per audio chunk (ASCII text as bytes) a delta and a final part, then finish with the whole text. */
class FakeTranscriptionModel implements TranscriptionModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'fake-ears';
  readonly calls: Call[] = [];

  constructor(
    readonly modelId: string,
    private readonly behavior: { throwAtCall?: boolean } = {},
  ) {}

  async doGenerate(): Promise<never> {
    throw new Error('this fake only streams');
  }

  async doStream(options: TranscriptionStreamOptions) {
    const { audio, abortSignal: _signal, ...rest } = options;
    const call: Call = { options: rest, read: [] };
    this.calls.push(call);
    if (this.behavior.throwAtCall) {
      await audio.cancel();
      throw new APICallError({ message: 'transcription upstream is down', url: 'https://fake-ears.example/stream', requestBodyValues: {}, statusCode: 502, isRetryable: true });
    }
    const reader = audio.getReader();
    let transcript = '';
    const stream = new ReadableStream<TranscriptionStreamPart>({
      start(controller) {
        controller.enqueue({ type: 'stream-start', warnings: [] });
      },
      async pull(controller) {
        const next = await reader.read();
        if (next.done) {
          controller.enqueue({ type: 'finish', text: transcript, segments: [{ text: transcript, startSecond: 0, endSecond: 1 }], language: 'en' });
          return controller.close();
        }
        const chunk = typeof next.value === 'string' ? next.value : decode(next.value);
        call.read.push(chunk);
        transcript += chunk;
        controller.enqueue({ type: 'transcript-delta', delta: chunk });
        controller.enqueue({ type: 'transcript-final', text: chunk.trim(), startSecond: 0, endSecond: 1 });
      },
      cancel: () => reader.cancel(),
    });
    return { stream };
  }
}

/** An upstream provider instance offering one speech and one transcription model. */
const provider = (speech: unknown, transcription: unknown = undefined) => ({
  languageModel: () => undefined,
  speechModel: () => speech,
  transcriptionModel: () => transcription,
});

const voice = new FakeSpeechModel('voice-1');
const downVoice = new FakeSpeechModel('voice-1', { throwAtCall: true });
const breakingVoice = new FakeSpeechModel('voice-1', { breakAfterFirst: true });
const backupVoice = new FakeSpeechModel('voice-backup');
const slowVoice = new FakeSpeechModel('voice-slow', { hold: true });
const ears = new FakeTranscriptionModel('ears-1');
const downEars = new FakeTranscriptionModel('ears-1', { throwAtCall: true });
/** As @ai-sdk/openai's: spec v4, doGenerate only. */
const httpOnly = { specificationVersion: 'v4', provider: 'http-only', modelId: 'tts', doGenerate: async () => ({}) };

let usage: MemoryUsageStore;
let gateway: ReturnType<typeof createGatewayServer>;
let http: Server;
let baseURL: string;
let wsBase: string;

beforeAll(async () => {
  usage = new MemoryUsageStore();
  gateway = createGatewayServer(
    {
      providers: {
        fake: provider(voice, ears),
        down: provider(downVoice, downEars),
        breaking: provider(breakingVoice),
        backup: provider(backupVoice),
        slow: provider(slowVoice),
        plain: provider(httpOnly, httpOnly),
      },
      models: {
        [SPEECH]: { type: 'speech', providers: [{ provider: 'fake', model: 'voice-1', pricing: { request: '0.003' } }] },
        [SPEECH_FAILOVER]: { type: 'speech', providers: [{ provider: 'down', model: 'voice-1' }, { provider: 'fake', model: 'voice-1', pricing: { request: '0.002' } }] },
        [SPEECH_BREAKS]: { type: 'speech', providers: [{ provider: 'breaking', model: 'voice-1' }, { provider: 'backup', model: 'voice-backup' }] },
        [SPEECH_SLOW]: { type: 'speech', providers: [{ provider: 'slow', model: 'voice-slow' }] },
        [SPEECH_HTTP_ONLY]: { type: 'speech', providers: [{ provider: 'plain', model: 'tts' }] },
        [TRANSCRIPTION]: { type: 'transcription', providers: [{ provider: 'fake', model: 'ears-1', pricing: { request: '0.001' } }] },
        [TRANSCRIPTION_FAILOVER]: { type: 'transcription', providers: [{ provider: 'down', model: 'ears-1' }, { provider: 'fake', model: 'ears-1' }] },
        [TRANSCRIPTION_HTTP_ONLY]: { type: 'transcription', providers: [{ provider: 'plain', model: 'whisper' }] },
      },
      keys: [
        { name: 'app', key: KEY },
        { name: 'limited', key: LIMITED_KEY, limits: { concurrentRequests: 1 } },
      ],
      demoteUnhealthy: false,
    },
    { usage },
  );
  let origin: string;
  ({ server: http, url: origin } = await listen(gateway));
  baseURL = `${origin}/v4/ai`;
  wsBase = baseURL.replace(/^http/, 'ws');
});

afterAll(async () => {
  http?.closeAllConnections();
  http?.close();
  await gateway?.close();
});

beforeEach(() => {
  for (const model of [voice, downVoice, breakingVoice, backupVoice, slowVoice]) model.calls.length = 0;
  for (const model of [ears, downEars]) model.calls.length = 0;
});

const clients = {
  ours: (apiKey = KEY) => createGateway({ baseURL, apiKey, webSocket: WebSocket }),
  reference: (apiKey = KEY) => createReference({ baseURL, apiKey, webSocket: ReferenceWebSocket }),
};
type ClientName = keyof typeof clients;


const recordOf = (predicate: (record: UsageRecord) => boolean) => usageRecordOf(gateway, usage, predicate);

/** Every part of a stream, and the error it ended with, if any. */
async function drain<T>(stream: AsyncIterable<T>): Promise<{ parts: T[]; error: unknown }> {
  const parts: T[] = [];
  try {
    for await (const part of stream) parts.push(part);
    return { parts, error: undefined };
  } catch (error) {
    return { parts, error };
  }
}

const audioTexts = (parts: Array<{ type: string }>) => parts.flatMap((part) => ('audio' in part && part.audio instanceof Uint8Array ? [decode(part.audio)] : []));

/** The HTTP answer to an upgrade the server refuses, as a `ws` client sees it. */

const speechURL = (modelId: string) => `${wsBase}/speech-model?ai-model-id=${encodeURIComponent(modelId)}`;
const transcriptionURL = (modelId: string) => `${wsBase}/transcription-model?ai-model-id=${encodeURIComponent(modelId)}`;

/** A runtime's server-side socket as an adapter hands it over (web-standard events, no pause), open at once. */
class AdapterSocket {
  readyState = 1;
  readonly sent: string[] = [];
  closedWith: { code: number; reason: string } | undefined;
  private readonly listeners = new Map<string, Array<(event: never) => void>>();
  addEventListener(type: string, listener: (event: never) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  send(data: string | ArrayBuffer | Uint8Array): void {
    this.sent.push(String(data));
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code: code ?? 1005, reason: reason ?? '' };
    this.readyState = 3;
    for (const listener of this.listeners.get('close') ?? []) listener(this.closedWith as never);
  }
  receive(data: string): void {
    for (const listener of this.listeners.get('message') ?? []) listener({ data } as never);
  }
}

/** A raw socket that records the server's frames and its close. */
async function rawSocket(url: string, protocols: string[]) {
  const socket = new WebSocket(url, protocols);
  const frames: Array<Record<string, unknown>> = [];
  socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString('utf8'))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, frames, closed };
}

describe.each(['ours', 'reference'] as const)('streamed speech with %s client', (name: ClientName) => {
  it('speaks a text stream as it arrives: one audio part per text part, in order, with the call settings and without the gateway options', async () => {
    const result = streamSpeech({
      model: clients[name]().experimental_speech(SPEECH),
      text: ['Hello ', 'there, ', 'world!'],
      voice: 'alloy',
      outputFormat: { type: 'audio/pcm', rate: 24_000 },
      instructions: 'Calmly.',
      speed: 1.25,
      language: 'en',
      providerOptions: { gateway: { user: 'user-7', tags: ['tts'] }, fake: { style: 'warm' } },
    });
    const { parts, error } = await drain(result.fullStream);
    expect(error).toBeUndefined();
    expect(audioTexts(parts)).toEqual(['audio(Hello )', 'audio(there, )', 'audio(world!)']);
    expect(parts.every((part) => part.type === 'audio')).toBe(true);
    expect(await result.usage).toEqual({ inputCharacters: 'Hello there, world!'.length });
    const metadata = await result.providerMetadata;
    expect(metadata.gateway).toMatchObject({ cost: '0.003', generationId: expect.stringMatching(/^gen_/), routing: { finalProvider: 'fake' } });

    const [call] = voice.calls;
    expect(call!.options).toEqual({ voice: 'alloy', outputFormat: { type: 'audio/pcm', rate: 24_000 }, instructions: 'Calmly.', speed: 1.25, language: 'en', providerOptions: { fake: { style: 'warm' } } });
    expect(JSON.stringify(voice.calls)).not.toContain('user-7');
    expect(call!.read).toEqual([
      { type: 'text', text: 'Hello ' },
      { type: 'text', text: 'there, ' },
      { type: 'text', text: 'world!' },
    ]);

    const record = await recordOf((entry) => entry.id === (metadata.gateway as { generationId: string }).generationId);
    expect(record).toMatchObject({ kind: 'speech', keyName: 'app', model: SPEECH, provider: 'fake', providerModel: 'voice-1', status: 200, streamed: true, cost: 0.003 });
  });

  it('fails over from a provider whose doStream throws to the next, before any part is sent', async () => {
    const result = streamSpeech({ model: clients[name]().experimental_speech(SPEECH_FAILOVER), text: ['one ', 'two'] });
    const { parts, error } = await drain(result.fullStream);
    expect(error).toBeUndefined();
    expect(audioTexts(parts)).toEqual(['audio(one )', 'audio(two)']);
    expect(downVoice.calls).toHaveLength(1);
    expect(downVoice.calls[0]!.read).toEqual([{ type: 'text', text: 'one ' }]);
    // The provider that served read the whole input, from its first part, which the failed one had read too.
    expect(voice.calls[0]!.read).toEqual([{ type: 'text', text: 'one ' }, { type: 'text', text: 'two' }]);
    const generationId = ((await result.providerMetadata).gateway as { generationId: string }).generationId;
    const record = await recordOf((entry) => entry.id === generationId);
    expect(record.attempts.map((attempt) => [attempt.provider, attempt.success])).toEqual([
      ['down', false],
      ['fake', true],
    ]);
    expect(record.cost).toBe(0.002);
  });

  it('an upstream error after the first part is an error part, then the stream fails: no failover', async () => {
    const result = streamSpeech({ model: clients[name]().experimental_speech(SPEECH_BREAKS), text: ['first ', 'second'], onError: () => {} });
    const { parts, error } = await drain(result.fullStream);
    expect(audioTexts(parts)).toEqual(['audio(first )']);
    expect(parts.map((part) => part.type)).toEqual(['audio', 'error']);
    expect(String(error)).toMatch(/the voice engine crashed/);
    expect(backupVoice.calls).toEqual([]);
    const record = await recordOf((entry) => entry.model === SPEECH_BREAKS && entry.status === 500 && entry.createdAt >= Date.now() - 5_000);
    expect(record).toMatchObject({ provider: 'breaking', finishReason: 'error', cost: 0 });
  });

  it('a model whose providers have no streaming speech model is refused, naming it and generateSpeech', async () => {
    const result = streamSpeech({ model: clients[name]().experimental_speech(SPEECH_HTTP_ONLY), text: 'hi' });
    const { error } = await drain(result.fullStream);
    expect(error).toBeDefined();
    const refused = await refusal(speechURL(SPEECH_HTTP_ONLY), { headers: { authorization: `Bearer ${KEY}` } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.type).toBe('invalid_request_error');
    expect(refused.body.error.message).toMatch(/'acme\/voice-http-only' cannot stream speech.*generateSpeech over HTTP/);
  });

  it('a client secret minted for speech opens the stream; one for transcription or realtime does not', async () => {
    const { token, url } = await clients[name]().experimental_speech.getToken({ model: SPEECH });
    expect(url).toBe(speechURL(SPEECH));
    const result = streamSpeech({ model: clients[name](token).experimental_speech(SPEECH), text: ['by secret'] });
    expect(audioTexts((await drain(result.fullStream)).parts)).toEqual(['audio(by secret)']);

    const { token: wrongKind } = await clients[name]().experimental_transcription.getToken({ model: TRANSCRIPTION });
    const refused = await refusal(speechURL(SPEECH), { protocols: getGatewaySpeechProtocols(wrongKind) });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/streamed transcription sessions, not streamed speech/);
    expect(JSON.stringify(refused.body)).not.toContain(wrongKind);
    const denied = streamSpeech({ model: clients[name](wrongKind).experimental_speech(SPEECH), text: 'no' });
    expect((await drain(denied.fullStream)).error).toBeDefined();
  });
});

describe.each(['ours', 'reference'] as const)('streamed transcription with %s client', (name: ClientName) => {
  it('transcribes an audio stream as it arrives, without the gateway options', async () => {
    const audio = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const word of ['hello ', 'big ', 'world']) controller.enqueue(encode(word));
        controller.close();
      },
    });
    const result = streamTranscribe({
      model: clients[name]().experimental_transcription(TRANSCRIPTION),
      audio,
      inputAudioFormat: { type: 'audio/pcm', rate: 16_000 },
      providerOptions: { gateway: { user: 'user-9' }, fake: { diarize: true } },
    });
    const { parts, error } = await drain(result.fullStream);
    expect(error).toBeUndefined();
    expect(parts.filter((part) => part.type === 'transcript-delta').map((part) => (part as { delta: string }).delta)).toEqual(['hello ', 'big ', 'world']);
    expect(parts.filter((part) => part.type === 'transcript-final').map((part) => (part as { text: string }).text)).toEqual(['hello', 'big', 'world']);
    expect(await result.text).toBe('hello big world');
    expect(await result.language).toBe('en');
    expect(ears.calls[0]!.options).toEqual({ inputAudioFormat: { type: 'audio/pcm', rate: 16_000 }, providerOptions: { fake: { diarize: true } } });
    const generationId = ((await result.providerMetadata).gateway as { generationId: string }).generationId;
    const record = await recordOf((entry) => entry.id === generationId);
    expect(record).toMatchObject({ kind: 'transcription', model: TRANSCRIPTION, provider: 'fake', status: 200, streamed: true, cost: 0.001 });
  });

  it('fails over from a provider whose doStream throws, and the next reads the audio from its start', async () => {
    const audio = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encode('again '));
        controller.enqueue(encode('please'));
        controller.close();
      },
    });
    const result = streamTranscribe({ model: clients[name]().experimental_transcription(TRANSCRIPTION_FAILOVER), audio, inputAudioFormat: FORMAT });
    expect(await result.text).toBe('again please');
    expect(downEars.calls).toHaveLength(1);
  });

  it('a model without streaming transcription is refused with 400 naming transcribe; a speech secret opens no transcription', async () => {
    const refused = await refusal(transcriptionURL(TRANSCRIPTION_HTTP_ONLY), { headers: { authorization: `Bearer ${KEY}` } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/'acme\/ears-http-only' cannot stream transcription.*transcribe over HTTP/);
    const { token } = await clients[name]().experimental_speech.getToken({ model: SPEECH });
    expect((await refusal(transcriptionURL(TRANSCRIPTION), { protocols: getGatewayTranscriptionProtocols(token) })).status).toBe(401);
    const { token: right } = await clients[name]().experimental_transcription.getToken({ model: TRANSCRIPTION });
    const audio = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encode('secret ok'));
        controller.close();
      },
    });
    const result = streamTranscribe({ model: clients[name](right).experimental_transcription(TRANSCRIPTION), audio, inputAudioFormat: FORMAT });
    expect(await result.text).toBe('secret ok');
  });
});

describe('refused upgrades', () => {
  it('a bad key by header or subprotocol is 401, never echoing it; a realtime secret opens no speech', async () => {
    for (const [url, protocols] of [
      [speechURL(SPEECH), getGatewaySpeechProtocols],
      [transcriptionURL(TRANSCRIPTION), getGatewayTranscriptionProtocols],
    ] as const) {
      const byHeader = await refusal(url, { headers: { authorization: 'Bearer wrong-key-0123456789-secret' } });
      expect(byHeader.status).toBe(401);
      expect(byHeader.body.error.type).toBe('authentication_error');
      expect(JSON.stringify(byHeader.body)).not.toContain('wrong-key-0123456789-secret');
      const bySubprotocol = await refusal(url, { protocols: protocols('wrong-key-0123456789-secret') });
      expect(bySubprotocol.status).toBe(401);
      expect(JSON.stringify(bySubprotocol.body)).not.toContain('wrong-key-0123456789-secret');
      expect((await refusal(url)).status).toBe(401);
    }
    // The transcription surface offered only the speech marker: the subprotocol is wrong, whatever the key.
    expect((await refusal(transcriptionURL(TRANSCRIPTION), { protocols: getGatewaySpeechProtocols(KEY) })).status).toBe(400);
    const mint = await fetch(`${baseURL.replace('/v4/ai', '')}/v1/realtime/client-secrets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: SPEECH }),
    });
    // A realtime secret needs a realtime model: minting one for a speech model is refused.
    expect(mint.status).toBe(400);
    const bad = streamSpeech({ model: clients.ours('wrong-key-0123456789-secret').experimental_speech(SPEECH), text: 'x' });
    const { error } = await drain(bad.fullStream);
    expect(error).toBeDefined();
    expect(String(error)).not.toContain('wrong-key-0123456789-secret');
    expect(voice.calls).toEqual([]);
  });

  it('an unknown model is 404, a language model 400, and a wrong subprotocol marker 400', async () => {
    const headers = { authorization: `Bearer ${KEY}` };
    const unknown = await refusal(speechURL('acme/nope'), { headers });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.type).toBe('model_not_found');
    const wrongKind = await refusal(speechURL(TRANSCRIPTION), { headers });
    expect(wrongKind.status).toBe(400);
    const wrongMarker = await refusal(speechURL(SPEECH), { protocols: getGatewayTranscriptionProtocols(KEY) });
    expect(wrongMarker.status).toBe(400);
    expect(wrongMarker.body.error.message).toMatch(/ai-gateway-speech\.v1/);
  });

  it('counts against the key: its concurrency slot is held while a stream is open', async () => {
    const first = await rawSocket(speechURL(SPEECH), getGatewaySpeechProtocols(LIMITED_KEY));
    expect(first.socket.protocol).toBe('ai-gateway-speech.v1');
    const second = await refusal(speechURL(SPEECH), { protocols: getGatewaySpeechProtocols(LIMITED_KEY) });
    expect(second.status).toBe(429);
    first.socket.close(1000);
    await first.closed;
    const record = await recordOf((entry) => entry.keyName === 'limited' && entry.status === 499);
    expect(record.kind).toBe('speech');
  });
});

describe('the stream protocol', () => {
  it('a frame over 256 KiB is answered with an error part and close 1009', async () => {
    const session = await rawSocket(speechURL(SPEECH), getGatewaySpeechProtocols(KEY));
    session.socket.send(JSON.stringify({ type: 'speech-stream.start' }));
    session.socket.send(JSON.stringify({ type: 'speech-stream.text-delta', delta: 'x'.repeat(MAX_CLIENT_FRAME_BYTES) }));
    const closed = await session.closed;
    expect(closed.code).toBe(1009);
    expect(session.frames.at(-1)).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/larger than 256 KiB/) } });
  });

  it('input before the start frame, or a frame that is not JSON, ends the stream with an error part and close 1008', async () => {
    const early = await rawSocket(transcriptionURL(TRANSCRIPTION), getGatewayTranscriptionProtocols(KEY));
    early.socket.send(encode('audio first'));
    expect((await early.closed).code).toBe(1008);
    expect(early.frames).toEqual([{ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/start frame first/) } }]);
    const garbled = await rawSocket(speechURL(SPEECH), getGatewaySpeechProtocols(KEY));
    garbled.socket.send('not json');
    expect((await garbled.closed).code).toBe(1008);
    expect(garbled.frames[0]).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('a client that closes before the finish part cancels the upstream stream and is logged as cancelled', async () => {
    const session = await rawSocket(speechURL(SPEECH_SLOW), getGatewaySpeechProtocols(KEY));
    session.socket.send(JSON.stringify({ type: 'speech-stream.start' }));
    session.socket.send(JSON.stringify({ type: 'speech-stream.text-delta', delta: 'never spoken' }));
    await until(() => slowVoice.calls.length === 1, 'the upstream call');
    session.socket.close(1000);
    const record = await recordOf((entry) => entry.model === SPEECH_SLOW && entry.status === 499);
    expect(record.errorType).toBe('cancelled');
    slowVoice.release();
  });

  it('holds back a client that sends faster than the provider reads (pauses its socket), then takes the rest in order', async () => {
    const session = await rawSocket(speechURL(SPEECH_SLOW), getGatewaySpeechProtocols(KEY));
    session.socket.send(JSON.stringify({ type: 'speech-stream.start' }));
    const piece = 'y'.repeat(60_000);
    // 200 frames of 120 KB of UTF-16 each: 24 MB, past the gateway's limit on unread input (16 MiB), none read
    // until the provider is released. Only a paused socket keeps the rest in the client's and the kernel's buffers.
    const count = 200;
    expect(count * piece.length * 2).toBeGreaterThan(MAX_UNREAD_INPUT_BYTES);
    for (let index = 0; index < count; index++) session.socket.send(JSON.stringify({ type: 'speech-stream.text-delta', delta: `${index}:${piece}` }));
    session.socket.send(JSON.stringify({ type: 'speech-stream.text-done' }));
    await until(() => slowVoice.calls.length === 1, 'the upstream call');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(session.frames.filter((frame) => frame.type === 'error')).toEqual([]);
    slowVoice.release();
    const closed = await session.closed;
    expect(closed.code).toBe(1000);
    expect(session.frames.filter((frame) => frame.type === 'audio')).toHaveLength(count);
    const read = slowVoice.calls[0]!.read.map((part) => (part as { text: string }).text.split(':')[0]);
    expect(read).toEqual(Array.from({ length: count }, (_, index) => String(index)));
    expect(session.frames.at(-1)).toMatchObject({ type: 'finish' });
  });

  it("a socket that cannot pause (a runtime adapter's) is stopped with an error part once too much input waits unread", async () => {
    const answer = await gateway.upgradeWebSocket(new Request(speechURL(SPEECH_SLOW).replace(/^ws/, 'http'), { headers: { upgrade: 'websocket', authorization: `Bearer ${KEY}` } }));
    if (!('accept' in answer)) throw new Error(`refused: ${answer.status}`);
    const client = new AdapterSocket();
    answer.accept(client);
    client.receive(JSON.stringify({ type: 'speech-stream.start' }));
    const piece = 'z'.repeat(100_000);
    for (let index = 0; index < 100 && !client.closedWith; index++) {
      client.receive(JSON.stringify({ type: 'speech-stream.text-delta', delta: piece }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await until(() => client.closedWith !== undefined, 'the close');
    expect(client.closedWith!.code).toBe(1008);
    expect(JSON.parse(client.sent.at(-1)!)).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/faster than the provider reads/) } });
    slowVoice.release();
  });
});
