import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { primeStream, UpstreamStreamError } from '../../src/server/stream-priming';

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 1, text: 1, reasoning: undefined },
};

/** Anthropic's opening, as @ai-sdk/anthropic emits it: nothing in it is model output. */
const ANTHROPIC_PREAMBLE: LanguageModelV4StreamPart[] = [
  { type: 'stream-start', warnings: [] },
  { type: 'response-metadata', id: 'msg_1', modelId: 'claude-sonnet-4-6' },
  { type: 'custom', kind: 'anthropic.message_start', providerMetadata: { anthropic: { id: 'msg_1' } } },
  { type: 'text-start', id: '0' },
];

function streamOf(parts: LanguageModelV4StreamPart[], end: 'close' | Error = 'close') {
  return new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      if (end === 'close') controller.close();
      else controller.error(end);
    },
  });
}

describe('primeStream', () => {
  it('holds back the preamble, custom parts included, and commits at the first output', async () => {
    const parts: LanguageModelV4StreamPart[] = [...ANTHROPIC_PREAMBLE, { type: 'text-delta', id: '0', delta: 'Hi' }, { type: 'text-end', id: '0' }];
    const primed = await primeStream(streamOf(parts), new AbortController().signal, Date.now());
    expect(primed.head).toEqual(parts.slice(0, 5));
    expect(await primed.reader.read()).toEqual({ done: false, value: { type: 'text-end', id: '0' } });
  });

  it('fails (so the next provider can take over) when the connection dies after the preamble', async () => {
    const dropped = streamOf(ANTHROPIC_PREAMBLE, new TypeError('terminated'));
    await expect(primeStream(dropped, new AbortController().signal, Date.now())).rejects.toThrow('terminated');
  });

  it('fails when the preamble is followed by an error part or the end', async () => {
    const withError = streamOf([...ANTHROPIC_PREAMBLE, { type: 'error', error: { message: 'overloaded' } }]);
    await expect(primeStream(withError, new AbortController().signal, Date.now())).rejects.toBeInstanceOf(UpstreamStreamError);
    await expect(primeStream(streamOf(ANTHROPIC_PREAMBLE), new AbortController().signal, Date.now())).rejects.toThrow(
      'the stream ended before the first token',
    );
  });

  it('fails when the signal aborts during a stall after the preamble', async () => {
    const stalled = new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        for (const part of ANTHROPIC_PREAMBLE) controller.enqueue(part);
      },
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('first-token timeout')), 20);
    await expect(primeStream(stalled, controller.signal, Date.now())).rejects.toThrow('first-token timeout');
  });

  it('treats an empty delta as no output, and tool input and finish as output', async () => {
    const empty = streamOf([{ type: 'text-start', id: '0' }, { type: 'text-delta', id: '0', delta: '' }]);
    await expect(primeStream(empty, new AbortController().signal, Date.now())).rejects.toThrow('before the first token');
    const tool = await primeStream(
      streamOf([{ type: 'tool-input-start', id: 't', toolName: 'weather' }]),
      new AbortController().signal,
      Date.now(),
    );
    expect(tool.head).toHaveLength(1);
    const finish = await primeStream(
      streamOf([{ type: 'stream-start', warnings: [] }, { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage }]),
      new AbortController().signal,
      Date.now(),
    );
    expect(finish.head.map((part) => part.type)).toEqual(['stream-start', 'finish']);
  });
});
