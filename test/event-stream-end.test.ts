/**
 * How `decodeGatewayEventStream` ends, fed directly: `onIncomplete` says once how a stream
 * ended without `finish` (never after one), and an aborted signal wins over whatever the
 * body did, including a body that just closes on abort as some fetch implementations do.
 */
import { describe, expect, it } from 'vitest';
import { decodeGatewayEventStream, type GatewayStreamPart } from '../src/client/gateway-event-stream';
import type { IncompleteStream } from '../src/client/usage';
import { v2StreamParts } from './support/mock-gateway';

const errorContext = { url: 'https://gateway.test/v1/ai/language-model', secrets: [] };
const event = (part: unknown) => new TextEncoder().encode(`data: ${JSON.stringify(part)}\n\n`);

/** A body that sends `parts` and then stays open, closing only if `closeOn` aborts. */
function openBody(parts: unknown[], closeOn?: AbortSignal) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(event(part));
      closeOn?.addEventListener('abort', () => controller.close());
    },
  });
}

function decode(body: ReadableStream<Uint8Array>, abortSignal?: AbortSignal) {
  const endings: IncompleteStream[] = [];
  const stream = decodeGatewayEventStream<'v2'>(body, { errorContext, abortSignal, onIncomplete: (how) => endings.push(how) });
  return { endings, reader: stream.getReader() };
}

async function readTypes(reader: ReadableStreamDefaultReader<GatewayStreamPart<'v2'>>, count: number) {
  const types: string[] = [];
  while (types.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    types.push(value.type);
  }
  return types;
}

describe('decodeGatewayEventStream endings', () => {
  it('a cancel before `finish` is reported once as cancelled', async () => {
    const { endings, reader } = decode(openBody(v2StreamParts(['a']).slice(0, 4)));
    expect(await readTypes(reader, 4)).toEqual(['stream-start', 'response-metadata', 'text-start', 'text-delta']);
    await reader.cancel();
    expect(endings).toEqual(['cancelled']);
  });

  it('a cancel after `finish` is not reported', async () => {
    const { endings, reader } = decode(openBody(v2StreamParts(['a'])));
    expect((await readTypes(reader, 6)).at(-1)).toBe('finish');
    await reader.cancel();
    expect(endings).toEqual([]);
  });

  it('a body that closes before `finish` ends in an error part and is reported once as failed', async () => {
    const parts = v2StreamParts(['a']).slice(0, 4);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(event(part));
        controller.close();
      },
    });
    const { endings, reader } = decode(body);
    const types = await readTypes(reader, 10);
    expect(types.at(-1)).toBe('error');
    expect(endings).toEqual(['failed']);
  });

  it('a body that closes on abort errors the stream with an AbortError, not an error part', async () => {
    const controller = new AbortController();
    const { endings, reader } = decode(openBody(v2StreamParts(['a']).slice(0, 4), controller.signal), controller.signal);
    expect(await readTypes(reader, 4)).toHaveLength(4);
    const next = reader.read();
    controller.abort('user left');
    await expect(next).rejects.toMatchObject({ name: 'AbortError', cause: 'user left' });
    expect(endings).toEqual(['aborted']);
  });
});
