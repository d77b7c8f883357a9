/**
 * 500 streams at once over real sockets: every stream gets its own text, in
 * order, with nothing crossed between streams and nothing lost.
 * (Memory per stream is measured by bench/stream-memory.mjs, not here.)
 */
import { streamText } from 'ai';
import { createGateway } from 'modelgate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFaultServer, textStreamParts, type FaultServer } from './fault-server';
import { watchProcess } from './helpers';

const STREAMS = 500;
let server: FaultServer;

beforeAll(async () => {
  server = await startFaultServer();
  server.setDefault((exchange) => {
    const n = /stream-(\d+)/.exec(exchange.bodyText)?.[1] ?? 'unknown';
    // Spread the body over a few writes so streams interleave on the wire.
    const deltas = [`#${n}`, ':', 'a', 'b', 'c', `:${n}`];
    return { kind: 'sse', parts: textStreamParts(deltas, { id: `resp_${n}` }), chunking: { splitAt: [120, 300, 480] }, writeGapMs: 5 };
  });
});
afterAll(async () => {
  await server.close();
});

it(`${STREAMS} concurrent streams each complete with their own text`, { timeout: 120_000 }, async () => {
  const watch = watchProcess();
  const gateway = createGateway({ baseURL: server.baseURL, apiKey: 'test-key' });
  const results = await Promise.all(
    Array.from({ length: STREAMS }, async (_, i) => {
      const errors: unknown[] = [];
      const result = streamText({
        model: gateway('openai/gpt-test'),
        prompt: `stream-${i}`,
        maxRetries: 0,
        onError: ({ error }) => {
          errors.push(error);
        },
      });
      let text = '';
      for await (const delta of result.textStream) text += delta;
      return { i, text, errors, finishReason: await result.finishReason, id: (await result.response).id };
    }),
  );
  await watch.stop();

  expect(server.exchanges).toHaveLength(STREAMS);
  const wrong = results.filter((r) => r.text !== `#${r.i}:abc:${r.i}` || r.id !== `resp_${r.i}`);
  expect(wrong).toEqual([]);
  expect(results.filter((r) => r.errors.length > 0 || r.finishReason !== 'stop')).toEqual([]);
  expect(watch.unhandled).toEqual([]);
  expect(watch.warnings).toEqual([]);
});
