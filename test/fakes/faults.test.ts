/**
 * Every scripted fault of the fake upstreams as the real provider packages and ai 7 report
 * it, over real sockets: @ai-sdk/openai (chat and responses) and @ai-sdk/anthropic.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModel } from 'ai-v7';
import { APICallError, generateText, streamText } from 'ai-v7';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANTHROPIC_KEY, createAnthropicUpstream } from './anthropic-upstream';
import { listen, type ListeningServer } from './listen';
import { DEFAULT_OPENAI_KEY, createOpenAIUpstream } from './openai-upstream';
import { errorsOf, messageChain, textOfParts } from './stream-helpers';
import type { FakeUpstream } from './upstream-kit';

const openaiUpstream = createOpenAIUpstream();
const anthropicUpstream = createAnthropicUpstream();
let servers: ListeningServer[] = [];
let openai: ReturnType<typeof createOpenAI>;
let anthropic: ReturnType<typeof createAnthropic>;

beforeAll(async () => {
  servers = [await listen(openaiUpstream.fetch), await listen(anthropicUpstream.fetch)];
  openai = createOpenAI({ baseURL: `${servers[0]!.url}/v1`, apiKey: DEFAULT_OPENAI_KEY });
  anthropic = createAnthropic({ baseURL: `${servers[1]!.url}/v1`, apiKey: DEFAULT_ANTHROPIC_KEY });
});
afterEach(() => {
  openaiUpstream.reset();
  anthropicUpstream.reset();
  Object.assign(openaiUpstream.behavior, { chunkDelayMs: 0, firstTokenDelayMs: 0 });
});
afterAll(() => Promise.all(servers.map(server => server.close())));

interface Client {
  client: string;
  upstream: FakeUpstream;
  model: () => LanguageModel;
  /** The error body the provider sends for a 500. */
  errorBody: Record<string, unknown>;
  /** The status @ai-sdk/* gives the provider's in-band stream error event. */
  inBandStatus: number;
}

const clients: Client[] = [
  {
    client: '@ai-sdk/openai chat',
    upstream: openaiUpstream,
    model: () => openai.chat('gpt-4o-mini'),
    errorBody: { error: { type: 'server_error', code: null } },
    inBandStatus: 500,
  },
  {
    client: '@ai-sdk/openai responses',
    upstream: openaiUpstream,
    model: () => openai('gpt-4o-mini'),
    errorBody: { error: { type: 'server_error', code: null } },
    inBandStatus: 500,
  },
  {
    client: '@ai-sdk/anthropic',
    upstream: anthropicUpstream,
    model: () => anthropic('claude-sonnet-4-5'),
    errorBody: { type: 'error', error: { type: 'api_error' } },
    inBandStatus: 529,
  },
];

/** Reads a whole stream; a transport failure mid-stream makes ai 7 throw from the iterator. */
async function drain(result: ReturnType<typeof streamText>) {
  const parts: Array<{ type: string; text?: string; error?: unknown; at: number }> = [];
  const startedAt = performance.now();
  let thrown: unknown;
  try {
    for await (const part of result.fullStream) parts.push({ ...part, at: performance.now() - startedAt });
  } catch (error) {
    thrown = error;
  }
  const deltas = parts.filter(part => part.type === 'text-delta');
  return { parts, deltas, thrown, failure: errorsOf(parts)[0] ?? thrown };
}

const rejection = (promise: Promise<unknown>) => promise.then(
  () => {
    throw new Error('expected the call to fail');
  },
  (error: unknown) => error,
);

describe.each(clients)('$client', ({ upstream, model, errorBody, inBandStatus }) => {
  it('status 500: a retryable APICallError with the provider’s body; the next request is served', async () => {
    upstream.script.push({ kind: 'status', status: 500 });
    const error = await rejection(generateText({ model: model(), prompt: 'hi', maxRetries: 0 }));

    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 500, isRetryable: true });
    expect(JSON.parse((error as APICallError).responseBody!)).toMatchObject(errorBody);

    const next = await generateText({ model: model(), prompt: 'hi', maxRetries: 0 });
    expect(next.text).toContain('You said: hi');
    expect(upstream.requests.map(request => request.outcome)).toEqual(['status', 'ok']);
  });

  it('status 500 in a stream call: the same APICallError, as an error part', async () => {
    upstream.script.push({ kind: 'status', status: 500 });
    const { deltas, failure } = await drain(streamText({ model: model(), prompt: 'hi', maxRetries: 0, onError: () => {} }));

    expect(deltas).toEqual([]);
    expect(APICallError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ statusCode: 500 });
  });

  it('status 429 with retryAfter: the status and the retry-after header reach the caller', async () => {
    upstream.script.push({ kind: 'status', status: 429, retryAfter: 1 });
    const error = await rejection(generateText({ model: model(), prompt: 'hi', maxRetries: 0 }));

    expect(error).toMatchObject({ statusCode: 429, isRetryable: true });
    expect((error as APICallError).responseHeaders?.['retry-after']).toBe('1');
  });

  it('networkError: the connection resets before any response', async () => {
    upstream.script.push({ kind: 'networkError' });
    const error = await rejection(generateText({ model: model(), prompt: 'hi', maxRetries: 0 }));

    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: undefined, isRetryable: true });
    expect(messageChain(error)).toMatch(/Cannot connect to API/);
  });

  it('dropBeforeFirstToken: the stream opens (200) and dies before any text', async () => {
    upstream.script.push({ kind: 'dropBeforeFirstToken' });
    const { deltas, failure } = await drain(streamText({ model: model(), prompt: 'hi', maxRetries: 0, onError: () => {} }));

    expect(deltas).toEqual([]);
    expect(APICallError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ statusCode: 200, isRetryable: true });
    expect(messageChain(failure)).toMatch(/terminated/);
    expect(upstream.requests[0]).toMatchObject({ stream: true, outcome: 'dropBeforeFirstToken' });
  });

  it('dropBeforeFirstToken on a JSON request: 200, then the body never completes', async () => {
    upstream.script.push({ kind: 'dropBeforeFirstToken' });
    const error = await rejection(generateText({ model: model(), prompt: 'hi', maxRetries: 0 }));

    expect(error).toMatchObject({ statusCode: 200 });
    expect(messageChain(error)).toMatch(/terminated/);
  });

  it('stallBeforeFirstToken: nothing for `ms`, then the whole reply', async () => {
    upstream.script.push({ kind: 'stallBeforeFirstToken', ms: 300 });
    const { deltas, failure } = await drain(streamText({ model: model(), prompt: 'hi', maxRetries: 0 }));

    expect(failure).toBeUndefined();
    expect(deltas[0]!.at).toBeGreaterThanOrEqual(290);
    expect(textOfParts(deltas)).toContain('You said: hi');
  });

  it('errorAfterContent: two deltas, then the provider’s in-band error event', async () => {
    upstream.script.push({ kind: 'errorAfterContent', message: 'upstream broke mid-reply' });
    const { parts, deltas, thrown } = await drain(streamText({ model: model(), prompt: 'hi', maxRetries: 0, onError: () => {} }));

    expect(thrown).toBeUndefined();
    expect(textOfParts(deltas)).toBe('You said: ');
    const errorIndex = parts.findIndex(part => part.type === 'error');
    expect(errorIndex).toBeGreaterThan(parts.indexOf(deltas[1]!));
    expect(parts[errorIndex]!.error).toMatchObject({ message: 'upstream broke mid-reply', statusCode: inBandStatus });
  });

  it('errorAfterContent with cut: two deltas, then the connection dies', async () => {
    upstream.script.push({ kind: 'errorAfterContent', cut: true, afterDeltas: 3 });
    const { deltas, thrown } = await drain(streamText({ model: model(), prompt: 'one two three four', maxRetries: 0 }));

    expect(textOfParts(deltas)).toBe('You said: one ');
    expect(APICallError.isInstance(thrown)).toBe(true);
    expect(messageChain(thrown)).toMatch(/terminated/);
  });
});

describe('script matching, behaviour and timing (OpenAI chat)', () => {
  it('a fault can target a model and a path, and last for several requests', async () => {
    openaiUpstream.script.push({ kind: 'status', status: 503, model: 'gpt-4o', times: 2 });
    openaiUpstream.script.push({ kind: 'status', status: 500, path: '/v1/embeddings' });

    await expect(generateText({ model: openai.chat('gpt-4o-mini'), prompt: 'a', maxRetries: 0 })).resolves.toBeTruthy();
    await expect(generateText({ model: openai.chat('gpt-4o'), prompt: 'b', maxRetries: 0 })).rejects.toMatchObject({ statusCode: 503 });
    await expect(generateText({ model: openai.chat('gpt-4o'), prompt: 'c', maxRetries: 0 })).rejects.toMatchObject({ statusCode: 503 });
    await expect(generateText({ model: openai.chat('gpt-4o'), prompt: 'd', maxRetries: 0 })).resolves.toBeTruthy();

    expect(openaiUpstream.script).toEqual([{ kind: 'status', status: 500, path: '/v1/embeddings' }]);
  });

  it('`times: Infinity` fails every matching request until reset()', async () => {
    openaiUpstream.script.push({ kind: 'status', status: 502, times: Infinity });
    for (const prompt of ['x', 'y', 'z']) {
      await expect(generateText({ model: openai.chat('gpt-4o-mini'), prompt, maxRetries: 0 })).rejects.toMatchObject({
        statusCode: 502,
      });
    }
    expect(openaiUpstream.requests.map(request => request.outcome)).toEqual(['status', 'status', 'status']);

    openaiUpstream.reset();
    await expect(generateText({ model: openai.chat('gpt-4o-mini'), prompt: 'ok', maxRetries: 0 })).resolves.toBeTruthy();
  });

  it('chunkDelayMs paces deltas; firstTokenDelayMs delays the first', async () => {
    Object.assign(openaiUpstream.behavior, { chunkDelayMs: 30, firstTokenDelayMs: 100 });
    const { deltas } = await drain(streamText({ model: openai.chat('gpt-4o-mini'), prompt: 'a b' }));

    expect(deltas[0]!.at).toBeGreaterThanOrEqual(95);
    const gaps = deltas.slice(1).map((delta, index) => delta.at - deltas[index]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(20);
  });

  it('aborting during a stall ends the call at once and the fake stops its stream', async () => {
    openaiUpstream.script.push({ kind: 'stallBeforeFirstToken', ms: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const startedAt = performance.now();
    const { parts, deltas } = await drain(
      streamText({ model: openai('gpt-4o-mini'), prompt: 'x', abortSignal: controller.signal, onError: () => {} }),
    );

    expect(deltas).toEqual([]);
    expect(parts.map(part => part.type)).toContain('abort');
    expect(performance.now() - startedAt).toBeLessThan(2_000);
    await expect.poll(() => servers[0]!.openStreams, { timeout: 2_000 }).toBe(0);
  });
});
