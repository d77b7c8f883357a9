/**
 * Broken and oddly delivered streams over a real socket: a cut stream or a
 * malformed event ends in a clear error part (never a hang, never a crash), and
 * the same event stream yields identical parts however its bytes are split.
 */
import { generateText, streamText } from 'ai';
import { createGateway, GatewayResponseError } from 'modelgate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordingFetch, sse, startFaultServer, textStreamParts, type FaultServer } from './fault-server';
import { collect, comparablePart, watchProcess } from './helpers';

let server: FaultServer;
let watch: ReturnType<typeof watchProcess>;

beforeAll(async () => {
  server = await startFaultServer();
  watch = watchProcess();
});
afterAll(async () => {
  await watch.stop();
  await server.close();
  expect(watch.unhandled).toEqual([]);
});
afterEach(() => {
  server.reset();
});

function model(fetchImpl?: typeof fetch) {
  return createGateway({ baseURL: server.baseURL, apiKey: 'test-key', fetch: fetchImpl })('openai/gpt-test');
}

async function streamParts(fetchImpl?: typeof fetch) {
  const errors: unknown[] = [];
  const result = streamText({
    model: model(fetchImpl),
    prompt: 'hi',
    maxRetries: 0,
    onError: ({ error }) => {
      errors.push(error);
    },
  });
  const parts = await collect(result.fullStream);
  return { parts, errors, result };
}

const errorsIn = (parts: Array<{ type: string }>) =>
  parts.filter((p): p is { type: 'error'; error: unknown } => p.type === 'error').map((p) => p.error);
const textOf = (parts: Array<{ type: string }>) =>
  parts
    .filter((p): p is { type: 'text-delta'; text: string } => p.type === 'text-delta')
    .map((p) => p.text)
    .join('');

describe('a cut stream', () => {
  const full = sse(textStreamParts(['Hello', ', ', 'world', '!']));
  // Cut right after the third text-delta event.
  const cutAt = full.indexOf('world') + full.slice(full.indexOf('world')).indexOf('\n\n') + 2;

  it('that closes cleanly before `finish` ends with a GatewayResponseError part, keeping the text so far', async () => {
    server.enqueue({ kind: 'sse', raw: full, cut: { afterBytes: cutAt, how: 'end' } });
    const { parts, errors } = await streamParts();
    expect(textOf(parts)).toBe('Hello, world');
    const [error] = errorsIn(parts);
    expect(GatewayResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/finish/);
    expect(errors).toHaveLength(1);
  });

  it('that breaks off mid-body (connection destroyed) ends with a GatewayResponseError part', async () => {
    server.enqueue({ kind: 'sse', raw: full, cut: { afterBytes: cutAt, how: 'destroy' } });
    const { parts } = await streamParts();
    expect(textOf(parts)).toBe('Hello, world');
    const [error] = errorsIn(parts);
    expect(GatewayResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/finish|broke off|incomplete/i);
  });

  it('that breaks off in the middle of an event does not deliver the half event', async () => {
    const midEvent = full.indexOf('world') + 2;
    server.enqueue({ kind: 'sse', raw: full, cut: { afterBytes: midEvent, how: 'destroy' } });
    const { parts } = await streamParts();
    expect(textOf(parts)).toBe('Hello, ');
    expect(errorsIn(parts)).toHaveLength(1);
  });

  it('generateText with a JSON body cut short rejects with a clear error instead of hanging', async () => {
    server.enqueue({
      kind: 'text',
      status: 200,
      contentType: 'application/json',
      body: '{"content":[{"type":"text","text":"Hel',
    });
    const error = await generateText({ model: model(), prompt: 'hi', maxRetries: 0 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(GatewayResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/JSON/);
  });
});

describe('malformed SSE', () => {
  it('a line that is not JSON becomes an error part naming the problem; the stream still ends', async () => {
    const parts = textStreamParts(['before ', 'after']);
    const raw =
      sse(parts.slice(0, 4)) + // up to the first delta
      'data: {"type":"text-delta","id":"t0","delta":"trunc\n\n' +
      'data: <html>oops</html>\n\n' +
      sse(parts.slice(4));
    server.enqueue({ kind: 'sse', raw });
    const { parts: out } = await streamParts();
    const errors = errorsIn(out);
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/malformed|not JSON|JSON/i);
    }
    expect(textOf(out)).toContain('before ');
    // The stream terminated (the for-await above returned); no crash, no hang.
    expect(out.at(-1)?.type).toBe('finish');
  });

  it('comments, unknown fields and keep-alive lines are ignored', async () => {
    const parts = textStreamParts(['a', 'b']);
    const raw =
      ': keep-alive\n\n' +
      sse(parts.slice(0, 3)) +
      'event: message\nid: 7\nretry: 1000\n' +
      `data: ${JSON.stringify(parts[3])}\n\n` +
      ': ping\n\n' +
      sse(parts.slice(4));
    server.enqueue({ kind: 'sse', raw });
    const { parts: out } = await streamParts();
    expect(errorsIn(out)).toEqual([]);
    expect(textOf(out)).toBe('ab');
  });
});

describe('the same stream split at any byte boundary', () => {
  // Multi-byte characters (2-, 3- and 4-byte UTF-8), CRLF events, comments and an
  // in-band error part, so splits land inside code points and line endings.
  const parts = textStreamParts(['héllo ', 'wörld ', '中文 ', '🌍🚀', ' ok'], { id: 'resp_split' });
  parts.splice(5, 0, { type: 'error', error: { message: 'upstream hiccup', type: 'internal_server_error' } });
  const raw =
    ': opening comment\n\n' +
    sse(parts.slice(0, 4), '\r\n') +
    sse(parts.slice(4, 7)) +
    ': mid comment\r\n\r\n' +
    sse(parts.slice(7), '\r\n');
  const byteLength = new TextEncoder().encode(raw).byteLength;

  let baseline: unknown[];

  beforeAll(async () => {
    server.enqueue({ kind: 'sse', raw });
    const { parts: out } = await streamParts();
    baseline = out.map(comparablePart);
  });

  it('the unsplit stream is what the gateway sent', () => {
    expect(textOf(baseline as Array<{ type: string }>)).toBe('héllo wörld 中文 🌍🚀 ok');
    expect(errorsIn(baseline as Array<{ type: string }>)).toHaveLength(1);
    expect((baseline.at(-1) as { type: string }).type).toBe('finish');
  });

  it('one byte per write yields identical parts', async () => {
    const reads: number[][] = [];
    server.enqueue({ kind: 'sse', raw, chunking: 'byte', writeGapMs: 1 });
    const { parts: out } = await streamParts(recordingFetch(reads));
    expect(out.map(comparablePart)).toEqual(baseline);
    // The client really did get the body in many small reads.
    expect(reads[0]!.length).toBeGreaterThan(byteLength / 4);
  });

  it('every two-piece split yields identical parts', { timeout: 120_000 }, async () => {
    const reads: number[][] = [];
    const splitsSeen = new Set<number>();
    for (let at = 1; at < byteLength; at++) {
      server.enqueue({ kind: 'sse', raw, chunking: { splitAt: [at] }, writeGapMs: 2 });
      const { parts: out } = await streamParts(recordingFetch(reads));
      expect(out.map(comparablePart), `split at byte ${at}`).toEqual(baseline);
      const sizes = reads.at(-1)!;
      if (sizes.length > 1) splitsSeen.add(sizes[0]!);
    }
    // Most splits reached the client as two reads (the OS may merge a few).
    expect(splitsSeen.size).toBeGreaterThan((byteLength - 1) / 2);
  });
});
