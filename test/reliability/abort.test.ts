/**
 * Aborts and timeouts over a real socket: the client must stop reading (the
 * server sees the connection close long before its stream would have ended), the
 * call must end as an abort (never a retry, never a hang), and nothing may leak:
 * no unhandled rejection, no abort listeners left on a long-lived signal.
 */
import { generateText, streamText } from 'ai';
import { createGateway } from 'modelgate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  generateResult,
  startFaultServer,
  textStreamParts,
  waitFor,
  type FaultServer,
} from './fault-server';
import { abortListenerCount, collect, watchProcess } from './helpers';

let server: FaultServer;
let watch: ReturnType<typeof watchProcess>;

beforeEach(async () => {
  server = await startFaultServer();
  watch = watchProcess();
});

afterEach(async () => {
  await watch.stop();
  await server.close();
  expect(watch.unhandled).toEqual([]);
  expect(watch.warnings).toEqual([]);
});

const MAX_TICKS = 400; // at 25 ms a tick the server would stream for 10 s
const slowStream = () =>
  ({
    kind: 'slow-sse',
    prelude: textStreamParts([]).slice(0, 3), // stream-start, response-metadata, text-start
    tick: (i: number) => ({ type: 'text-delta', id: 't0', delta: `w${i} ` }),
    intervalMs: 25,
    maxTicks: MAX_TICKS,
    finish: textStreamParts([]).slice(3), // text-end, finish
  }) as const;

function model(fetchImpl?: typeof fetch) {
  return createGateway({ baseURL: server.baseURL, apiKey: 'test-key', fetch: fetchImpl })('openai/gpt-test');
}

describe('abort mid-stream', () => {
  it('streamText: aborting stops reading and closes the connection', async () => {
    server.enqueue(slowStream());
    const controller = new AbortController();
    const result = streamText({ model: model(), prompt: 'count', abortSignal: controller.signal });

    const parts: Array<{ type: string }> = [];
    let deltas = 0;
    for await (const part of result.fullStream) {
      parts.push(part);
      if (part.type === 'text-delta' && ++deltas === 3) {
        controller.abort();
        server.markClientAbort();
      }
    }

    const types = parts.map((p) => p.type);
    expect(types).toContain('abort');
    expect(types).not.toContain('error');
    expect(types).not.toContain('finish');

    const [exchange] = server.exchanges;
    await waitFor(() => exchange!.closedByClient, 5000, 'the server to see the connection close');
    await exchange!.done;
    // The server noticed the closed connection while it still had most of the
    // stream to send: the client did not keep reading.
    expect(exchange!.ticksWritten).toBeLessThan(MAX_TICKS / 4);
    expect(server.exchanges).toHaveLength(1);
  });

  it('streamText: the textStream consumer stops cleanly too', async () => {
    server.enqueue(slowStream());
    const controller = new AbortController();
    const result = streamText({ model: model(), prompt: 'count', abortSignal: controller.signal });
    let text = '';
    for await (const delta of result.textStream) {
      text += delta;
      if (text.startsWith('w0 w1 ')) controller.abort();
    }
    expect(text.startsWith('w0 w1 ')).toBe(true);
    await waitFor(() => server.exchanges[0]!.closedByClient, 5000, 'the server to see the connection close');
    expect(server.exchanges[0]!.ticksWritten).toBeLessThan(MAX_TICKS / 4);
  });

  it('generateText: aborting while waiting for headers rejects with an AbortError and is not retried', async () => {
    server.enqueue({ kind: 'delay-headers', ms: 20_000, then: { kind: 'json', body: generateResult('late') } });
    const controller = new AbortController();
    const call = generateText({ model: model(), prompt: 'hi', abortSignal: controller.signal, maxRetries: 3 });
    await waitFor(() => server.exchanges.length === 1, 5000, 'the request to arrive');
    controller.abort();

    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('AbortError');
    await waitFor(() => server.exchanges[0]!.closedByClient, 5000, 'the server to see the connection close');
    expect(server.exchanges).toHaveLength(1);
  });
});

describe('AbortSignal.timeout', () => {
  it('ends a call whose headers never come, without retrying', async () => {
    server.enqueue({ kind: 'delay-headers', ms: 20_000, then: { kind: 'json', body: generateResult('late') } });
    const error = await generateText({
      model: model(),
      prompt: 'hi',
      abortSignal: AbortSignal.timeout(300),
      maxRetries: 3,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(['TimeoutError', 'AbortError']).toContain((error as Error).name);
    await waitFor(() => server.exchanges[0]!.closedByClient, 5000, 'the server to see the connection close');
    // The server would have answered after 20 s; it saw the client leave instead.
    expect(server.exchanges[0]!.respondedAt).toBeUndefined();
    expect(server.exchanges).toHaveLength(1);
  });

  it('ends a slow stream part-way', async () => {
    server.enqueue(slowStream());
    const result = streamText({ model: model(), prompt: 'count', abortSignal: AbortSignal.timeout(400) });
    const parts = await collect(result.fullStream);
    const types = parts.map((p) => p.type);
    expect(types).toContain('abort');
    expect(types).not.toContain('finish');
    await waitFor(() => server.exchanges[0]!.closedByClient, 5000, 'the server to see the connection close');
    expect(server.exchanges[0]!.ticksWritten).toBeLessThan(MAX_TICKS / 2);
  });
});

describe('listeners on a long-lived signal', () => {
  // Node's fetch (undici) itself leaves one listener per request on the signal until
  // the request is garbage-collected (it raises the signal's listener limit so no
  // warning fires). To see what modelgate and `ai` leave behind, the network leg
  // here gets no signal.
  it('30 completed and failed calls leave no abort listeners behind', async () => {
    const fetchWithoutSignal: typeof fetch = (input, init) => fetch(input, { ...init, signal: undefined });
    server.setDefault((exchange) =>
      exchange.index % 5 === 4
        ? { kind: 'json', status: 400, body: { error: { message: 'bad', type: 'invalid_request_error' } } }
        : exchange.headers['ai-language-model-streaming'] === 'true'
          ? { kind: 'sse', parts: textStreamParts(['a', 'b']) }
          : { kind: 'json', body: generateResult('ab') },
    );
    const app = new AbortController(); // e.g. a server's shutdown signal, shared by every call
    const baseline = abortListenerCount(app.signal);
    for (let i = 0; i < 30; i++) {
      if (i % 2 === 0) {
        await generateText({
          model: model(fetchWithoutSignal),
          prompt: 'hi',
          abortSignal: app.signal,
          maxRetries: 0,
        }).catch(
          () => undefined,
        );
      } else {
        const result = streamText({
          model: model(fetchWithoutSignal),
          prompt: 'hi',
          abortSignal: app.signal,
          maxRetries: 0,
          onError: () => {},
        });
        await collect(result.fullStream);
      }
    }
    expect(server.exchanges).toHaveLength(30);
    expect(abortListenerCount(app.signal)).toBe(baseline);
  });
});
