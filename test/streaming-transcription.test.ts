/**
 * Streaming transcription over a real WebSocket (`ws` server on 127.0.0.1), through ai 7's
 * `experimental_streamTranscribe`, compared with @ai-sdk/gateway 4 making the same call:
 * handshake, every frame (binary audio included), the close, and the result. Errors,
 * aborts and secrets too.
 */
import { inspect } from 'node:util';
import { experimental_streamTranscribe as streamTranscribe } from 'ai-v7';
import { createGateway as createReference } from 'gateway-v4';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createGateway, GatewayRateLimitError, GatewayResponseError } from '../src/v4';
import { audioFrames } from '../src/client/gateway-streaming-transcription';
import { captureConsole, describe as describeFrame, ReferenceWebSocket, useWsGateway, type RecordedSocket, type WsGateway } from './support/ws-gateway';

const API_KEY = 'mg_test-key-8d2e6b1f0a';
const PATH = '/v4/ai/transcription-model';
const MODEL = 'openai/gpt-realtime-whisper';
const FORMAT = { type: 'audio/pcm', rate: 16_000 };

let gw: WsGateway;
useWsGateway((started) => (gw = started));

// Everything modelgate and ai print during these tests, to check no secret is ever logged.
const logged = captureConsole();

const ours = (settings: Parameters<typeof createGateway>[0] = {}) =>
  createGateway({ baseURL: gw.baseURL, apiKey: API_KEY, webSocket: WebSocket, ...settings });
const reference = () => createReference({ baseURL: gw.baseURL, apiKey: API_KEY, webSocket: ReferenceWebSocket });
type Provider = { experimental_transcription(id: string): Parameters<typeof streamTranscribe>[0]['model'] };

const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 7 + seed) % 256);

function wire(socket: RecordedSocket) {
  const { 'user-agent': _agent, ...headers } = socket.headers;
  return { path: socket.path, protocols: socket.protocols, headers, frames: socket.frames.map(describeFrame), close: socket.clientClose };
}

/** All audio bytes a socket received, in order. */
const audioOf = (socket: RecordedSocket) =>
  Buffer.concat(socket.frames.flatMap((frame) => ('binary' in frame ? [frame.binary] : [])));

/** Audio as a stream of chunks: one over 64 KiB (split in frames), one small, one base64 text. */
function audioSource(chunks: Array<Uint8Array | string>, { end = true } = {}) {
  const source = { stopped: false, stream: undefined as unknown as ReadableStream<Uint8Array | string> };
  source.stream = new ReadableStream<Uint8Array | string>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (end) controller.close();
    },
    cancel: () => void (source.stopped = true),
  });
  return source;
}

const big = bytes(150_000, 1);
const small = bytes(300, 2);
const asText = bytes(90, 3);

function answerTranscript() {
  gw.onSocket(PATH, async (socket) => {
    await socket.textFrame('transcription-stream.audio-done');
    socket.send({ type: 'stream-start', warnings: [] });
    socket.send({ type: 'response-metadata', timestamp: '2026-05-06T07:08:09.000Z', modelId: 'whisper-rt' });
    socket.send({ type: 'transcript-delta', id: 't1', delta: 'Hello' });
    socket.send({ type: 'transcript-partial', id: 't1', text: 'Hello wor', startSecond: 0 });
    socket.send({ type: 'transcript-final', id: 't1', text: 'Hello world', startSecond: 0, endSecond: 1.5 });
    socket.send({
      type: 'finish',
      text: 'Hello world',
      segments: [{ text: 'Hello world', startSecond: 0, endSecond: 1.5 }],
      language: 'en',
      durationInSeconds: 1.5,
      usage: { inputAudioSeconds: 1.5 },
      providerMetadata: { gateway: { generationId: 'gen_stt_1' } },
    });
  });
}

async function run(provider: Provider) {
  const result = streamTranscribe({
    model: provider.experimental_transcription(MODEL),
    audio: audioSource([big, small, Buffer.from(asText).toString('base64')]).stream,
    inputAudioFormat: FORMAT,
    headers: { 'x-trace': 'stt-1' },
    providerOptions: { gateway: { tags: ['feature:stt'] }, openai: { language: 'en' } },
  });
  const parts: unknown[] = [];
  for await (const part of result.fullStream) parts.push(part);
  return {
    parts,
    text: await result.text,
    segments: await result.segments,
    language: await result.language,
    durationInSeconds: await result.durationInSeconds,
    responses: await result.responses,
    providerMetadata: await result.providerMetadata,
  };
}

describe('streaming transcription through ai 7: same wire and result as @ai-sdk/gateway 4', () => {
  it('sends the same handshake, start frame, binary audio frames and done frame, and returns the same transcript', async () => {
    answerTranscript();
    const oursResult = await run(ours());
    await gw.sockets[0]!.closed;
    const theirsResult = await run(reference());
    await gw.sockets[1]!.closed;
    const [oursWire, theirsWire] = gw.sockets.map(wire);

    expect(oursWire).toEqual(theirsWire);
    expect(oursWire!.path).toBe(`${PATH}?ai-model-id=openai%2Fgpt-realtime-whisper`);
    expect(oursWire!.protocols).toEqual(['ai-gateway-transcription.v1', `ai-gateway-auth.${API_KEY}`]);
    expect(oursWire!.headers).toMatchObject({
      authorization: `Bearer ${API_KEY}`,
      'ai-transcription-model-specification-version': '4',
      'ai-model-id': MODEL,
      'x-trace': 'stt-1',
    });
    // 150 000 bytes → 65 536 + 65 536 + 18 928; then 300; then the decoded base64 chunk.
    expect(oursWire!.frames).toEqual([
      {
        type: 'transcription-stream.start',
        inputAudioFormat: FORMAT,
        providerOptions: { gateway: { tags: ['feature:stt'] }, openai: { language: 'en' } },
      },
      ...[65_536, 65_536, 18_928, 300, 90].map((length) => expect.objectContaining({ binary: length })),
      { type: 'transcription-stream.audio-done' },
    ]);
    expect(audioOf(gw.sockets[0]!).equals(Buffer.concat([big, small, asText]))).toBe(true);
    expect(audioOf(gw.sockets[1]!).equals(audioOf(gw.sockets[0]!))).toBe(true);
    expect(oursWire!.close).toEqual({ code: 1000, reason: '' });

    expect(oursResult).toEqual(theirsResult);
    expect(oursResult.text).toBe('Hello world');
    expect(oursResult.responses[0]!.timestamp).toEqual(new Date('2026-05-06T07:08:09.000Z'));
  });

  it('splits audio into frames of at most 64 KiB without copying', () => {
    const chunk = bytes(65_537, 4);
    const frames = audioFrames(chunk);
    expect(frames.map((frame) => frame.length)).toEqual([65_536, 1]);
    expect(frames[0]!.buffer).toBe(chunk.buffer);
    expect(audioFrames('AQID')).toEqual([Uint8Array.from([1, 2, 3])]);
    expect(audioFrames(new Uint8Array())).toEqual([]);
  });
});

describe('streaming transcription errors and aborts', () => {
  it('passes an error part on as sent, stops the audio, and ends with the mapped error when the gateway closes', async () => {
    gw.onSocket(PATH, async (socket) => {
      await socket.frame((frame) => 'binary' in frame);
      socket.send({ type: 'error', error: { type: 'rate_limit_exceeded', message: 'slow down' } });
      await new Promise((resolve) => setTimeout(resolve, 20));
      socket.close(1011, 'rate limited');
    });
    const runFailure = async (provider: Provider) => {
      const audio = audioSource([small], { end: false });
      const result = streamTranscribe({ model: provider.experimental_transcription(MODEL), audio: audio.stream, inputAudioFormat: FORMAT });
      const parts: unknown[] = [];
      const thrown = await (async () => {
        for await (const part of result.fullStream) parts.push(part);
      })().then(
        () => undefined,
        (error: unknown) => error,
      );
      return { parts, thrown, audioStopped: audio.stopped };
    };
    const oursRun = await runFailure(ours());
    const theirsRun = await runFailure(reference());

    expect(oursRun.parts).toEqual([{ type: 'error', error: { type: 'rate_limit_exceeded', message: 'slow down' } }]);
    expect(oursRun.parts).toEqual(theirsRun.parts);
    expect(GatewayRateLimitError.isInstance(oursRun.thrown)).toBe(true);
    expect(oursRun.thrown).toMatchObject({ statusCode: 429, message: 'slow down' });
    expect([(theirsRun.thrown as Error).name, (theirsRun.thrown as { statusCode: number }).statusCode]).toEqual([
      'GatewayRateLimitError',
      429,
    ]);
    expect(oursRun.audioStopped).toBe(true);
    expect(gw.sockets[0]!.frames.map(describeFrame)).not.toContainEqual({ type: 'transcription-stream.audio-done' });
  });

  it('a close before `finish` ends with an error saying so', async () => {
    gw.onSocket(PATH, async (socket) => {
      await socket.textFrame('transcription-stream.audio-done');
      socket.close(1000);
    });
    const result = streamTranscribe({ model: ours().experimental_transcription(MODEL), audio: audioSource([small]).stream, inputAudioFormat: FORMAT });
    const thrown = await Promise.resolve(result.text).catch((error: unknown) => error);
    expect(GatewayResponseError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toBe(
      'The AI Gateway transcription stream closed before a finish part was received (code 1000).',
    );
  });

  it('an abort closes the socket without audio-done and cancels the audio source, as the reference does', async () => {
    gw.onSocket(PATH, async (socket) => {
      await socket.frame((frame) => 'binary' in frame);
      socket.send({ type: 'transcript-delta', delta: 'Hel' });
    });
    const runAbort = async (provider: Provider) => {
      const controller = new AbortController();
      const audio = audioSource([small], { end: false });
      const result = streamTranscribe({
        model: provider.experimental_transcription(MODEL),
        audio: audio.stream,
        inputAudioFormat: FORMAT,
        abortSignal: controller.signal,
      });
      const thrown = await (async () => {
        for await (const part of result.fullStream) if (part.type === 'transcript-delta') controller.abort();
      })().then(
        () => undefined,
        (error: unknown) => error,
      );
      return { thrown, audioStopped: audio.stopped };
    };
    const oursRun = await runAbort(ours());
    await gw.sockets[0]!.closed;
    const theirsRun = await runAbort(reference());
    await gw.sockets[1]!.closed;

    expect((oursRun.thrown as Error).name).toBe('AbortError');
    expect(oursRun.audioStopped).toBe(true);
    expect(theirsRun.audioStopped).toBe(true);
    const [oursWire, theirsWire] = gw.sockets.map(wire);
    expect(oursWire).toEqual(theirsWire);
    expect(oursWire!.close?.code).toBe(1005);
  });
});

describe('secrets on the transcription socket', () => {
  it('an error part quoting the credential is passed on scrubbed, and nothing logged shows it', async () => {
    gw.onSocket(PATH, async (socket) => {
      await socket.frame((frame) => 'binary' in frame);
      socket.send({ type: 'error', error: { type: 'authentication_error', message: `invalid key ${API_KEY}` } });
      await new Promise((resolve) => setTimeout(resolve, 20));
      socket.close(4001, `rejected ${API_KEY}`);
    });
    const result = streamTranscribe({
      model: ours().experimental_transcription(MODEL),
      audio: audioSource([small], { end: false }).stream,
      inputAudioFormat: FORMAT,
    });
    const parts: unknown[] = [];
    const thrown = await (async () => {
      for await (const part of result.fullStream) parts.push(part);
    })().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(parts).toEqual([{ type: 'error', error: { type: 'authentication_error', message: 'invalid key [REDACTED]' } }]);
    const shown = [inspect(thrown, { depth: 8 }), JSON.stringify(thrown), ...logged].join('\n');
    expect(shown).toContain('[REDACTED]');
    expect(shown).not.toContain(API_KEY);
  });
});
