import { http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const BASE = 'https://gateway.test/v1/ai';

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: any;
}

/** What both clients must send alike: method, URL, headers but `user-agent`, body. */
export function wireOf({ method, url, headers: { 'user-agent': _agent, ...headers }, body }: RecordedRequest) {
  return { method, url, headers, body };
}

/** An msw server standing in for the gateway, recording every request it sees. */
export function mockGateway() {
  const requests: RecordedRequest[] = [];
  const server = setupServer();
  const record = async (request: Request) => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => (headers[key] = value));
    // Listed at once, body filled in after: an unhandled request is counted before its call fails.
    const entry: RecordedRequest = { url: request.url, method: request.method, headers, body: undefined };
    requests.push(entry);
    const text = request.method === 'GET' ? '' : await request.clone().text();
    entry.body = text ? JSON.parse(text) : undefined;
  };
  // Requests no handler answers are recorded too, so "nothing was sent" checks can fail.
  server.events.on('request:unhandled', ({ request }) => void record(request).catch(() => {}));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    requests.length = 0;
  });
  afterAll(() => server.close());

  return {
    requests,
    server,
    /** Runs a call with modelgate, then with the public client: both results, and what each sent (`wireOf`). */
    async both<T>(ours: () => Promise<T>, theirs: () => Promise<T>) {
      const oursResult = await ours();
      const oursWire = requests.splice(0).map(wireOf);
      const theirsResult = await theirs();
      const theirsWire = requests.splice(0).map(wireOf);
      expect(oursWire.length, 'requests modelgate sent').toBeGreaterThan(0);
      return { ours: oursResult, theirs: theirsResult, oursWire, theirsWire };
    },
    /** Answers POST {url} with each resolver in turn (the last one repeats). */
    on(method: 'get' | 'post', url: string, ...responses: Array<() => Response | Promise<Response>>) {
      let call = 0;
      server.use(
        http[method](url, async ({ request }) => {
          await record(request);
          return responses[Math.min(call++, responses.length - 1)]!();
        }),
      );
    },
  };
}

export function json(body: JsonBodyType, init?: ResponseInit) {
  return HttpResponse.json(body, init);
}

/** A text/event-stream body with one `data:` event per part. */
export function sse(parts: unknown[], { chunkSize }: { chunkSize?: number } = {}) {
  const text = parts.map((part) => `data: ${typeof part === 'string' ? part : JSON.stringify(part)}\n\n`).join('');
  const bytes = new TextEncoder().encode(text);
  const size = chunkSize ?? bytes.length;
  return new Response(
    new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
        controller.close();
      },
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  );
}

export const v2Generate = (text = 'Hello from the gateway') => ({
  content: [{ type: 'text', text }],
  finishReason: 'stop',
  usage: { inputTokens: 5, outputTokens: 4, totalTokens: 9 },
  warnings: [],
  providerMetadata: { gateway: { cost: '0.00042', generationId: 'gen_123' } },
  response: { id: 'gen_123', modelId: 'openai/gpt-5.4', timestamp: '2026-11-21T10:00:00.000Z' },
});

export const v2StreamParts = (text = ['Hel', 'lo']) => [
  { type: 'stream-start', warnings: [] },
  { type: 'response-metadata', id: 'gen_s1', modelId: 'openai/gpt-5.4', timestamp: '2026-11-21T10:00:00.000Z' },
  { type: 'text-start', id: 't1' },
  ...text.map((delta) => ({ type: 'text-delta', id: 't1', delta })),
  { type: 'text-end', id: 't1' },
  {
    type: 'finish',
    finishReason: 'stop',
    usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
    providerMetadata: { gateway: { cost: '0.0001' } },
  },
];

export async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const parts: T[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) parts.push(read.value);
  return parts;
}

/** The error a call rejects with; fails the test if the call succeeds. */
export function failure(call: PromiseLike<unknown>): Promise<any> {
  return Promise.resolve(call).then(
    () => {
      throw new Error('expected the call to fail, but it succeeded');
    },
    (error: unknown) => error,
  );
}
