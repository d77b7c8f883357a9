/** The pure pieces of the WebSocket calls: frame building, the socket URL, error-part mapping. */
import { describe, expect, it } from 'vitest';
import { speechStartFrame, speechTextFrames, splitText } from '../src/client/gateway-streaming-speech';
import { transcriptionStartFrame } from '../src/client/gateway-streaming-transcription';
import { gatewaySocketUrl } from '../src/client/gateway-websocket';
import { gatewayErrorFromErrorPart } from '../src/errors/stream-error-part';
import { GatewayAuthenticationError, GatewayModelNotFoundError, GatewayResponseError } from '../src/errors';

describe('splitText', () => {
  it('keeps text of up to 8192 UTF-16 code units whole', () => {
    expect(splitText('')).toEqual([]);
    expect(splitText('hi')).toEqual(['hi']);
    expect(splitText('x'.repeat(8192))).toEqual(['x'.repeat(8192)]);
  });

  it('splits longer text into 8192-unit pieces, never between the halves of a surrogate pair', () => {
    expect(splitText('x'.repeat(8193)).map((piece) => piece.length)).toEqual([8192, 1]);
    const text = `${'a'.repeat(8191)}😀b`;
    const pieces = splitText(text);
    expect(pieces).toEqual(['a'.repeat(8191), '😀b']);
    expect(pieces.join('')).toBe(text);
    // A pair that ends exactly at the limit stays in the first piece.
    expect(splitText(`${'a'.repeat(8190)}😀c`)).toEqual([`${'a'.repeat(8190)}😀`, 'c']);
  });
});

describe('speech frames', () => {
  it('the start frame carries only the options that are set', () => {
    expect(speechStartFrame({})).toEqual({ type: 'speech-stream.start' });
    expect(
      speechStartFrame({
        voice: 'nova',
        outputFormat: { type: 'audio/pcm', rate: 24000 },
        instructions: 'calm',
        speed: 0,
        language: 'de',
        providerOptions: { openai: {} },
        includeRawChunks: false,
      }),
    ).toEqual({
      type: 'speech-stream.start',
      voice: 'nova',
      outputFormat: { type: 'audio/pcm', rate: 24000 },
      instructions: 'calm',
      speed: 0,
      language: 'de',
      providerOptions: { openai: {} },
      includeRawChunks: false,
    });
  });

  it('a part split into several frames repeats its voice and sends its provider options once', () => {
    const frames = speechTextFrames({ type: 'text', text: 'y'.repeat(9000), voice: 'v', providerOptions: { el: { x: 1 } } });
    expect(frames.map(({ delta, ...rest }) => ({ length: delta.length, ...rest }))).toEqual([
      { type: 'speech-stream.text-delta', length: 8192, voice: 'v', providerOptions: { el: { x: 1 } } },
      { type: 'speech-stream.text-delta', length: 808, voice: 'v' },
    ]);
  });

  it('an empty part sends one empty frame when it carries a voice or options, none otherwise', () => {
    expect(speechTextFrames({ type: 'text', text: '' })).toEqual([]);
    expect(speechTextFrames({ type: 'text', text: '', voice: 'v' })).toEqual([
      { type: 'speech-stream.text-delta', delta: '', voice: 'v' },
    ]);
  });
});

describe('transcription start frame', () => {
  it('always has the input format; options only when set', () => {
    expect(transcriptionStartFrame({ inputAudioFormat: { type: 'audio/pcm', rate: 16000 } })).toEqual({
      type: 'transcription-stream.start',
      inputAudioFormat: { type: 'audio/pcm', rate: 16000 },
    });
  });
});

describe('gatewaySocketUrl', () => {
  it('turns the http(s) base URL into ws(s) and puts the model id in the query', () => {
    expect(gatewaySocketUrl('https://ai-gateway.vercel.sh/v4/ai', 'speech-model', 'openai/tts-1')).toBe(
      'wss://ai-gateway.vercel.sh/v4/ai/speech-model?ai-model-id=openai%2Ftts-1',
    );
    expect(gatewaySocketUrl('http://127.0.0.1:8080/v4/ai', 'realtime-model', 'a b')).toBe(
      'ws://127.0.0.1:8080/v4/ai/realtime-model?ai-model-id=a+b',
    );
  });
});

describe('gatewayErrorFromErrorPart', () => {
  const context = { url: 'wss://gateway.test/v4/ai/speech-model', secrets: ['sk-secret-value'], authMethod: 'api-key' as const };

  it('maps a known type to its class and status, with the contextual authentication help', () => {
    const error = gatewayErrorFromErrorPart({ type: 'authentication_error', message: 'Invalid key sk-secret-value' }, context, 'speech');
    expect(GatewayAuthenticationError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(401);
    expect(error.message).toMatch(/^AI Gateway authentication failed: Invalid key \[REDACTED\]\. The API key was rejected/);
    expect(JSON.stringify(error)).not.toContain('sk-secret-value');
    expect(GatewayModelNotFoundError.isInstance(gatewayErrorFromErrorPart({ type: 'model_not_found', message: 'm' }, context, 'speech'))).toBe(true);
  });

  it('anything else is a response error quoting the payload, secrets scrubbed', () => {
    // `not_found` has no status on the stream protocol, as in the reference.
    const notFound = gatewayErrorFromErrorPart({ type: 'not_found', message: 'gone' }, context, 'transcription');
    expect(GatewayResponseError.isInstance(notFound)).toBe(true);
    expect(notFound.message).toBe('AI Gateway transcription stream failed: gone');
    expect(gatewayErrorFromErrorPart('plain sk-secret-value', context, 'speech').message).toBe(
      'AI Gateway speech stream failed: "plain [REDACTED]"',
    );
    expect(gatewayErrorFromErrorPart({ code: 7 }, context, 'speech').message).toBe('AI Gateway speech stream failed: {"code":7}');
  });
});
