/**
 * Streaming speech over a real WebSocket (`ws` server on 127.0.0.1), through ai 7's
 * `experimental_streamSpeech`, compared with @ai-sdk/gateway 4 making the same call:
 * handshake (path, subprotocols, headers), every frame sent, how the socket closes,
 * and the result. Errors, aborts and secrets too.
 */
import { inspect } from 'node:util';
import {
  generateSpeech,
  experimental_streamSpeech as streamSpeech,
  type Experimental_SpeechTextPart as SpeechTextPart,
} from 'ai-v7';
import type { SpeechModelV4 } from '@ai-sdk/provider';
import { createGateway as createReference } from 'gateway-v4';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  createGateway,
  GatewayAuthenticationError,
  GatewayError,
  GatewayFailedDependencyError,
  GatewayForbiddenError,
  GatewayInternalServerError,
  GatewayInvalidRequestError,
  GatewayModelNotFoundError,
  GatewayRateLimitError,
  GatewayResponseError,
} from '../src/v4';
import { versionedEntry } from '../src/client/gateway-provider';
import { realtimeKinds } from '../src/client/provider-realtime';
import { captureConsole, describe as describeFrame, ReferenceWebSocket, useWsGateway, type RecordedSocket, type WsGateway } from './support/ws-gateway';

const API_KEY = 'mg_test-key-4f1c9a7e2b';
const SPEECH_PATH = '/v4/ai/speech-model';
const MODEL = 'openai/gpt-4o-mini-tts';

let gw: WsGateway;
useWsGateway((started) => (gw = started));

// Everything modelgate and ai print during these tests, to check no secret is ever logged.
const logged = captureConsole();

const ours = (settings: Parameters<typeof createGateway>[0] = {}) =>
  createGateway({ baseURL: gw.baseURL, apiKey: API_KEY, webSocket: WebSocket, ...settings });
const reference = (settings: Parameters<typeof createReference>[0] = {}) =>
  createReference({ baseURL: gw.baseURL, apiKey: API_KEY, webSocket: ReferenceWebSocket, ...settings });

const pcm = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 256);
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const AUDIO_FORMAT = { type: 'audio/pcm', rate: 24_000 };

/** The gateway's answer once all text is in: metadata, two audio chunks, finish. */
function answerSpeech() {
  gw.onSocket(SPEECH_PATH, async (socket) => {
    await socket.textFrame('speech-stream.text-done');
    socket.send({ type: 'stream-start', warnings: [{ type: 'unsupported', feature: 'speed' }] });
    socket.send({ type: 'response-metadata', timestamp: '2026-03-04T05:06:07.000Z', modelId: 'gpt-4o-mini-tts-2026' });
    socket.send({ type: 'audio', audio: base64(pcm(1200, 1)), audioFormat: AUDIO_FORMAT });
    socket.send({ type: 'audio', id: 'a2', audio: base64(pcm(800, 2)), audioFormat: AUDIO_FORMAT });
    socket.send({
      type: 'finish',
      usage: { inputCharacters: 42, outputTokens: 7 },
      providerMetadata: { gateway: { generationId: 'gen_ws_1', cost: '0.0012' } },
    });
  });
}

/** What must match on the wire: the handshake but user-agent, every client frame, the client's close. */
function wire(socket: RecordedSocket) {
  const { 'user-agent': _agent, ...headers } = socket.headers;
  return { path: socket.path, protocols: socket.protocols, headers, frames: socket.frames.map(describeFrame), close: socket.clientClose };
}

async function collect<T>(stream: AsyncIterable<T> | ReadableStream<T>): Promise<T[]> {
  const parts: T[] = [];
  if (stream instanceof ReadableStream) {
    const reader = stream.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) parts.push(read.value);
  } else {
    for await (const part of stream) parts.push(part);
  }
  return parts;
}

/** Text in three parts: plain, a long one with a voice and options (split into frames), an empty one with a voice. */
async function* richText(): AsyncGenerator<string | SpeechTextPart> {
  yield 'Hello there. ';
  // 8191 'a' then an emoji: the 8192-unit split must not cut the surrogate pair.
  yield { type: 'text', text: `${'a'.repeat(8191)}😀${'b'.repeat(100)}`, voice: 'nova', providerOptions: { openai: { turn: 'break' } } };
  yield { type: 'text', text: '', voice: 'alloy' };
}

const richOptions = {
  voice: 'coral',
  outputFormat: AUDIO_FORMAT,
  instructions: 'Speak warmly.',
  speed: 1.1,
  language: 'en',
  headers: { 'x-trace': 'trace-1' },
  providerOptions: { gateway: { tags: ['feature:tts'], user: 'u-7' } },
};

async function runSpeech(provider: { experimental_speech(id: string): Parameters<typeof streamSpeech>[0]['model'] }) {
  const result = streamSpeech({ model: provider.experimental_speech(MODEL), text: richText(), ...richOptions });
  const parts = await collect(result.fullStream);
  return {
    parts,
    usage: await result.usage,
    warnings: await result.warnings,
    responses: await result.responses,
    providerMetadata: await result.providerMetadata,
  };
}

describe('streaming speech through ai 7: same wire and result as @ai-sdk/gateway 4', () => {
  it('sends the same handshake and frames, closes the same way, and returns the same parts', async () => {
    answerSpeech();
    const oursResult = await runSpeech(ours({ teamIdOrSlug: 'team_ünïcode' }));
    await gw.sockets[0]!.closed;
    const theirsResult = await runSpeech(reference({ teamIdOrSlug: 'team_ünïcode' }));
    await gw.sockets[1]!.closed;
    const [oursWire, theirsWire] = gw.sockets.map(wire);

    expect(oursWire).toEqual(theirsWire);
    expect(oursWire!.path).toBe(`${SPEECH_PATH}?ai-model-id=openai%2Fgpt-4o-mini-tts`);
    expect(oursWire!.protocols).toEqual([
      'ai-gateway-speech.v1',
      `ai-gateway-auth.${API_KEY}`,
      `ai-gateway-team.${Buffer.from('team_ünïcode').toString('base64url')}`,
    ]);
    // Start frame, 1 + 2 + 1 text-delta frames, text-done; then the client closes with 1000 after `finish`.
    expect(oursWire!.frames.map((frame) => (frame as { type: string }).type)).toEqual([
      'speech-stream.start',
      'speech-stream.text-delta',
      'speech-stream.text-delta',
      'speech-stream.text-delta',
      'speech-stream.text-delta',
      'speech-stream.text-done',
    ]);
    expect((oursWire!.frames[2] as { delta: string }).delta).toHaveLength(8191);
    expect(oursWire!.close).toEqual({ code: 1000, reason: '' });

    expect(oursResult).toEqual(theirsResult);
    expect(oursResult.parts.filter((part) => part.type === 'audio').map((part) => part.audio)).toEqual([pcm(1200, 1), pcm(800, 2)]);
    expect(oursResult.usage).toEqual({ inputCharacters: 42, outputTokens: 7 });
  });

  it('a plain string is one text-delta frame', async () => {
    answerSpeech();
    for (const provider of [ours(), reference()]) {
      const result = streamSpeech({ model: provider.experimental_speech(MODEL), text: 'One sentence.' });
      await collect(result.fullStream);
    }
    await Promise.all(gw.sockets.map((socket) => socket.closed));
    const [oursWire, theirsWire] = gw.sockets.map(wire);
    expect(oursWire).toEqual(theirsWire);
    expect(oursWire!.frames).toEqual([
      { type: 'speech-stream.start', providerOptions: {} },
      { type: 'speech-stream.text-delta', delta: 'One sentence.' },
      { type: 'speech-stream.text-done' },
    ]);
  });

  it('doStream returns the start frame as request body, with BYOK credentials redacted', async () => {
    answerSpeech();
    const model = ours().experimental_speech(MODEL);
    const byok = { anthropic: [{ apiKey: 'sk-ant-byok-secret-123' }] };
    const result = await model.doStream({
      text: new ReadableStream({ start: (c) => (c.enqueue({ type: 'text', text: 'Hi' }), c.close()) }),
      providerOptions: { gateway: { byok } },
    });
    await collect(result.stream);
    expect(result.request?.body).toEqual({
      type: 'speech-stream.start',
      providerOptions: { gateway: { byok: { anthropic: [{ apiKey: '[REDACTED]' }] } } },
    });
    // The gateway itself gets the credential: that is what BYOK is for.
    expect((gw.sockets[0]!.frames[0] as { text: unknown }).text).toEqual({
      type: 'speech-stream.start',
      providerOptions: { gateway: { byok } },
    });
  });
});

const errorTypes = [
  ['authentication_error', GatewayAuthenticationError, 401],
  ['invalid_request_error', GatewayInvalidRequestError, 400],
  ['forbidden', GatewayForbiddenError, 403],
  ['model_not_found', GatewayModelNotFoundError, 404],
  ['rate_limit_exceeded', GatewayRateLimitError, 429],
  ['failed_dependency', GatewayFailedDependencyError, 424],
  ['internal_server_error', GatewayInternalServerError, 500],
] as const;

/** The gateway answers the first text with an error part, then closes with 1011. */
function answerWithErrorPart(error: unknown) {
  gw.onSocket(SPEECH_PATH, async (socket) => {
    await socket.textFrame('speech-stream.text-delta');
    socket.send({ type: 'stream-start', warnings: [] });
    socket.send({ type: 'error', error });
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.close(1011, 'upstream failed');
  });
}

/** Text that never ends by itself: 'Hello', then nothing until cancelled. */
function openText() {
  const source = { stopped: false, stream: undefined as unknown as ReadableStream<string> };
  source.stream = new ReadableStream<string>({
    start: (controller) => controller.enqueue('Hello'),
    cancel: () => void (source.stopped = true),
  });
  return source;
}

async function speechFailure(provider: { experimental_speech(id: string): Parameters<typeof streamSpeech>[0]['model'] }) {
  const errorParts: unknown[] = [];
  const text = openText();
  const result = streamSpeech({
    model: provider.experimental_speech(MODEL),
    text: text.stream,
    onError: ({ error }) => void errorParts.push(error),
  });
  const thrown = await collect(result.fullStream).then(
    () => undefined,
    (error: unknown) => error,
  );
  return { thrown, errorParts, textStopped: text.stopped };
}

describe('streaming speech errors', () => {
  it.each(errorTypes)('an error part of type %s ends the call with %o (status %i), as the reference maps it', async (type, ErrorClass, status) => {
    answerWithErrorPart({ type, message: `upstream said ${type}` });
    const { thrown, errorParts, textStopped } = await speechFailure(ours());
    const theirs = await speechFailure(reference());

    expect(ErrorClass.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ statusCode: status, type });
    expect((thrown as Error).message).toContain(`upstream said ${type}`);
    // The error part handed to onError is the mapped error too.
    expect(errorParts).toHaveLength(1);
    expect(ErrorClass.isInstance(errorParts[0])).toBe(true);
    // The reference maps it to its own class of the same name and status.
    expect([(theirs.thrown as Error).name, (theirs.thrown as { statusCode?: number }).statusCode]).toEqual([
      ErrorClass.errorName,
      status,
    ]);
    // An error part stops the input: the text source is cancelled, no text-done is sent.
    expect(textStopped).toBe(true);
    expect(gw.sockets[0]!.frames.map(describeFrame)).not.toContainEqual({ type: 'speech-stream.text-done' });
  });

  it('an error part of another shape ends the call with a response error quoting it', async () => {
    answerWithErrorPart({ message: 'something odd', type: 'not_a_known_type' });
    const { thrown } = await speechFailure(ours());
    expect(GatewayResponseError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toBe('AI Gateway speech stream failed: something odd');
  });

  it('a close before `finish` is a retryable error naming the close code and reason', async () => {
    gw.onSocket(SPEECH_PATH, async (socket) => {
      await socket.textFrame('speech-stream.text-delta');
      socket.send({ type: 'audio', audio: base64(pcm(10, 3)), audioFormat: AUDIO_FORMAT });
      socket.close(1001, 'going away');
    });
    const { thrown } = await speechFailure(ours());
    expect(GatewayError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({
      message: 'The AI Gateway speech stream closed before a finish part was received (code 1001: going away).',
      isRetryable: true,
    });
  });

  it('a refused handshake is a retryable connection error', async () => {
    // No script for the path: the stand-in has no route, and a bad base path is refused before the upgrade.
    const { thrown } = await speechFailure(ours({ baseURL: `${gw.origin}/nowhere` }));
    expect(GatewayError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/AI Gateway speech stream/);
  });

  it('without a WebSocket class on Node 20, the call fails saying how to pass one', async () => {
    if ('WebSocket' in globalThis) return; // Node 22+ has a global WebSocket.
    const provider = createGateway({ baseURL: gw.baseURL, apiKey: API_KEY });
    const result = streamSpeech({ model: provider.experimental_speech(MODEL), text: 'Hi' });
    await expect(result.usage).rejects.toThrow(/no global WebSocket.*createGateway\(\{ webSocket: WebSocket \}\).*'ws'/);
  });

  it('rejects a webSocket setting that is not a class', () => {
    expect(() => createGateway({ webSocket: 'ws' as unknown as typeof WebSocket })).toThrow(
      /Invalid createGateway setting `webSocket`: expected a WebSocket class/,
    );
  });
});

describe('aborting a speech stream', () => {
  it('closes the socket without the done frame (the gateway reads that as an abort) and stops the text source', async () => {
    gw.onSocket(SPEECH_PATH, async (socket) => {
      await socket.textFrame('speech-stream.text-delta');
      socket.send({ type: 'stream-start', warnings: [] });
      socket.send({ type: 'audio', audio: base64(pcm(64, 9)), audioFormat: AUDIO_FORMAT });
    });
    const run = async (provider: { experimental_speech(id: string): Parameters<typeof streamSpeech>[0]['model'] }) => {
      const controller = new AbortController();
      const text = openText();
      const result = streamSpeech({ model: provider.experimental_speech(MODEL), text: text.stream, abortSignal: controller.signal });
      const thrown = await (async () => {
        for await (const part of result.fullStream) if (part.type === 'audio') controller.abort();
      })().then(
        () => undefined,
        (error: unknown) => error,
      );
      return { thrown, sourceStopped: text.stopped };
    };

    const oursRun = await run(ours());
    await gw.sockets[0]!.closed;
    const theirsRun = await run(reference());
    await gw.sockets[1]!.closed;

    expect((oursRun.thrown as Error).name).toBe('AbortError');
    expect(oursRun.sourceStopped).toBe(true);
    const [oursWire, theirsWire] = gw.sockets.map(wire);
    expect(oursWire).toEqual(theirsWire);
    // 1005: closed with no status code; no text-done was sent.
    expect(oursWire!.close?.code).toBe(1005);
    expect(oursWire!.frames).not.toContainEqual({ type: 'speech-stream.text-done' });
    expect(theirsRun.sourceStopped).toBe(true);
  });

  it('an already aborted signal opens no socket', async () => {
    answerSpeech();
    const result = streamSpeech({ model: ours().experimental_speech(MODEL), text: 'Hi', abortSignal: AbortSignal.abort() });
    await expect(result.usage).rejects.toMatchObject({ name: 'AbortError' });
    expect(gw.sockets).toHaveLength(0);
  });
});

describe('secrets on the speech socket', () => {
  const BYOK_KEY = 'sk-byok-very-secret-77';

  it('the token travels only in the auth subprotocol: never in errors, error parts or logs', async () => {
    // A gateway that quotes the credential back, in the error part and the close reason.
    gw.onSocket(SPEECH_PATH, async (socket) => {
      await socket.textFrame('speech-stream.text-delta');
      socket.send({ type: 'error', error: { type: 'authentication_error', message: `key ${API_KEY} and ${BYOK_KEY} rejected` } });
      await new Promise((resolve) => setTimeout(resolve, 20));
      socket.close(4001, `bad ${API_KEY}`);
    });
    const errors: unknown[] = [];
    const result = streamSpeech({
      model: ours().experimental_speech(MODEL),
      text: 'Hello',
      providerOptions: { gateway: { byok: { openai: [{ apiKey: BYOK_KEY }] } } },
      // ai's default onError logs the error part: keep the default to check the log.
    });
    await collect(result.fullStream).catch((error: unknown) => errors.push(error));

    expect(errors).toHaveLength(1);
    expect(GatewayAuthenticationError.isInstance(errors[0])).toBe(true);
    const everything = [...errors.map((error) => inspect(error, { depth: 8 }) + JSON.stringify(error)), ...logged].join('\n');
    expect(logged.join('\n')).toContain('[REDACTED]');
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain(BYOK_KEY);
  });

  it('a credential that cannot be a subprotocol is refused before connecting, without quoting it', async () => {
    const badKey = 'has spaces secret-9';
    const result = streamSpeech({ model: ours({ apiKey: badKey }).experimental_speech(MODEL), text: 'Hi' });
    const thrown = await Promise.resolve(result.usage).catch((error: unknown) => error);
    expect((thrown as Error).message).toMatch(/cannot be sent over a WebSocket/);
    expect(inspect(thrown, { depth: 8 })).not.toContain(badKey);
    expect(gw.sockets).toHaveLength(0);
  });

  it('nothing logged in this file ever contained a credential', () => {
    const all = logged.join('\n');
    expect(all).not.toContain(API_KEY);
    expect(all).not.toContain(`ai-gateway-auth.${API_KEY}`);
  });
});

describe('doGenerate of a streaming speech model', () => {
  it('goes to the HTTP speech model of the same id that the entry composes in', async () => {
    const calls: string[] = [];
    const httpSpeech = (modelId: string): SpeechModelV4 => ({
      specificationVersion: 'v4',
      provider: 'gateway',
      modelId,
      doGenerate: async ({ text }) => {
        calls.push(`${modelId}: ${text}`);
        return { audio: base64(pcm(16, 5)), warnings: [], response: { timestamp: new Date(0), modelId } };
      },
    });
    const { createGateway: create } = versionedEntry('v4', realtimeKinds({ speechModel: httpSpeech }));
    const { audio } = await generateSpeech({ model: create({ apiKey: API_KEY }).experimental_speech(MODEL), text: 'Hi' });
    expect(calls).toEqual([`${MODEL}: Hi`]);
    expect(audio.uint8Array).toEqual(pcm(16, 5));
  });

  it('without one, says it streams only', async () => {
    const { createGateway: create } = versionedEntry('v4', realtimeKinds());
    await expect(generateSpeech({ model: create({ apiKey: API_KEY }).experimental_speech(MODEL), text: 'Hi' })).rejects.toThrow(
      /serves speech over its WebSocket only/,
    );
  });
});
