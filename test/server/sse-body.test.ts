/** Gateway bodies: an ordinary ReadableStream or Response for any runtime, and a source or text the Node listener may take instead. */
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { bodyFromSource, encodedJsonResponse, jsonResponse, takeBodySource, takeWholeAnswer, type BodySource } from '../../src/server/response-body';
import { eventsSseEncoder, partsSseBody, partSourceFromStream } from '../../src/server/sse-body';

const encoder = new TextEncoder();
function countingSource(chunks: string[]): BodySource & { pulls: number } {
  const source = {
    pulls: 0,
    async next() {
      const chunk = chunks[source.pulls++];
      return chunk === undefined ? undefined : encoder.encode(chunk);
    },
    cancel: async () => {},
  };
  return source;
}

describe('bodyFromSource', () => {
  it('reads as an ordinary stream, pulling nothing before someone reads', async () => {
    const source = countingSource(['a', 'b']);
    const body = bodyFromSource(source);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(source.pulls).toBe(0);
    expect(await new Response(body).text()).toBe('ab');
  });

  it('hands its source over once, and not after the stream was read', async () => {
    const taken = bodyFromSource(countingSource(['a']));
    expect(takeBodySource(taken)).toBeDefined();
    expect(takeBodySource(taken)).toBeUndefined();

    const read = bodyFromSource(countingSource(['a', 'b']));
    const reader = read.getReader();
    await reader.read();
    reader.releaseLock();
    expect(takeBodySource(read)).toBeUndefined();
    expect(takeBodySource(new ReadableStream())).toBeUndefined();
  });
});

describe('jsonResponse', () => {
  it('answers as Response.json does, its content type kept when given, and reads as any Response', async () => {
    const made = jsonResponse({ a: 'é' }, { status: 201, headers: { 'retry-after': '3' } });
    expect(made.status).toBe(201);
    expect(Object.fromEntries(made.headers)).toEqual({ 'content-type': 'application/json', 'retry-after': '3' });
    expect(await made.json()).toEqual({ a: 'é' });
    expect(encodedJsonResponse('{}', { headers: { 'content-type': 'application/json; charset=utf-8' } }).headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('hands its text over once, and not after the body was read', async () => {
    const taken = encodedJsonResponse('{"n":1}');
    expect(takeWholeAnswer(taken)).toEqual({ text: '{"n":1}', headers: { 'content-type': 'application/json' } });
    expect(takeWholeAnswer(taken)).toBeUndefined();
    const read = jsonResponse({ n: 2 });
    await read.text();
    expect(takeWholeAnswer(read)).toBeUndefined();
    expect(takeWholeAnswer(Response.json({ n: 3 }))).toBeUndefined();
  });
});

describe('partsSseBody', () => {
  const parts = (list: LanguageModelV4StreamPart[]) =>
    partSourceFromStream(
      new ReadableStream({
        start(controller) {
          list.forEach((part) => controller.enqueue(part));
          controller.close();
        },
      }),
    );

  it('sends the opening at once, one chunk per part that makes text, then the closing with the last', async () => {
    const body = partsSseBody(
      parts([
        { type: 'stream-start', warnings: [] },
        { type: 'text-delta', id: 't', delta: 'Hi' },
        { type: 'text-delta', id: 't', delta: '!' },
      ]),
      { open: () => 'open\n\n', part: (part) => (part.type === 'text-delta' ? `data: ${part.delta}\n\n` : ''), close: () => 'end\n\n' },
    );
    const chunks: string[] = [];
    const reader = body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(new TextDecoder().decode(read.value));
    expect(chunks).toEqual(['open\n\n', 'data: Hi\n\n', 'data: !\n\n', 'end\n\n']);
  });

  it('cancels the parts when the body is cancelled', async () => {
    let cancelled: unknown;
    const body = partsSseBody({ read: () => new Promise(() => {}), cancel: async (reason) => void (cancelled = reason) }, { part: () => '' });
    await body.cancel('client left');
    expect(cancelled).toBe('client left');
  });
});

describe('eventsSseEncoder', () => {
  it("writes a converter's first events at the open, each part's events in order, nothing for a part without any, and the close", () => {
    const encoder = eventsSseEncoder<string>(
      {
        first: (out) => out.push('start', 'ping'),
        convert: (part, out) => {
          if (part.type === 'text-delta') out.push(`delta ${part.delta}`, 'after');
        },
      },
      (event) => `[${event}]`,
      '[end]',
    );
    expect(encoder.open?.()).toBe('[start][ping]');
    expect(encoder.part({ type: 'stream-start', warnings: [] })).toBe('');
    expect(encoder.part({ type: 'text-delta', id: 't', delta: 'Hi' })).toBe('[delta Hi][after]');
    expect(encoder.close?.()).toBe('[end]');
    expect(eventsSseEncoder<string>({ first: () => {}, convert: () => {} }, String).close).toBeUndefined();
  });
});
