/**
 * modelgate serve's upstream fetch (src/cli/node-fetch.ts): what AI SDK providers send goes straight to an undici
 * dispatcher, answered as fetch answers; everything else goes to the fetch it replaces. Every case runs on Node's
 * own dispatcher (undici 6 on Node 20, which drives the handler through its older interface) and on an undici 7
 * Agent from npm (the interface of undici 7 and later).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError } from '@ai-sdk/provider';
import { generateText, streamText } from 'ai-v7';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeFetch, type UpstreamDispatcher } from '../../src/cli/node-fetch';
import { listen } from '../fakes/listen';
import { createOpenAIUpstream, DEFAULT_OPENAI_KEY } from '../fakes/openai-upstream';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse, body: string) => void): Promise<string> {
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => handler(request, response, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unused: typeof fetch = () => Promise.reject(new Error('the fallback was called'));

// Node's own undici first: the first undici to load installs the global dispatcher, and Node's must be the one under test.
void Response;
const { Agent } = await import('undici-v7');
const dispatchers: Array<[string, UpstreamDispatcher | undefined]> = [
  ["Node's own dispatcher", undefined],
  ['an undici 7 Agent', new Agent()],
];

describe.each(dispatchers)('createNodeFetch on %s', (_name, dispatcher) => {
  it('sends method, headers and a string body with its length; answers with status, headers, url and body', async () => {
    let seen: { method?: string; headers?: IncomingMessage['headers']; body?: string } = {};
    const url = await serve((request, response, body) => {
      seen = { method: request.method, headers: request.headers, body };
      response.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-request-id': 'r1' });
      response.end(JSON.stringify({ ok: true }));
    });
    const nodeFetch = createNodeFetch({ dispatcher, fallback: unused });
    const response = await nodeFetch(`${url}/v1/things?x=1`, { method: 'POST', headers: new Headers({ authorization: 'Bearer k', 'Content-Type': 'application/json' }), body: '{"a":"é"}' });
    expect(seen).toMatchObject({ method: 'POST', body: '{"a":"é"}' });
    expect(seen.headers).toMatchObject({ authorization: 'Bearer k', 'content-type': 'application/json', 'content-length': '10', 'accept-encoding': 'gzip, deflate, br' });
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Made');
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${url}/v1/things?x=1`);
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(await response.json()).toEqual({ ok: true });
  });

  it('hands undici headers given as a plain object as fetch would list them, whether already normalized or not, and refuses what fetch refuses', async () => {
    const url = await serve((_request, response) => response.end('ok'));
    const underlying = dispatcher ?? ((globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')] as UpstreamDispatcher);
    const handed: Array<Record<string, string>> = [];
    const recording: UpstreamDispatcher = {
      dispatch(options, handler) {
        handed.push({ ...options.headers });
        return underlying.dispatch(options, handler);
      },
    };
    const nodeFetch = createNodeFetch({ dispatcher: recording, fallback: unused });
    // As AI SDK providers send them (lower-case, trimmed), then as a caller might (mixed case, padded, a number).
    await nodeFetch(url, { method: 'POST', headers: { authorization: 'Bearer k', 'x-mode': 'fast' }, body: 'a' });
    await nodeFetch(url, { method: 'POST', headers: { Authorization: 'Bearer k', 'x-padded': '  p\t', 'x-count': 3 as unknown as string }, body: 'a' });
    await nodeFetch(url, { method: 'POST', headers: { 'x-padded': 'p ' }, body: 'a' });
    const added = { 'content-type': 'text/plain;charset=UTF-8', accept: '*/*', 'accept-encoding': 'gzip, deflate, br' };
    expect(handed).toEqual([
      { authorization: 'Bearer k', 'x-mode': 'fast', ...added },
      { authorization: 'Bearer k', 'x-padded': 'p', 'x-count': '3', ...added },
      { 'x-padded': 'p', ...added },
    ]);
    await expect(nodeFetch(url, { headers: { 'x-bad': 'a\r\nx-injected: 1' } })).rejects.toBeInstanceOf(TypeError);
  });

  it('hands over each chunk of a streamed answer as it arrives, not at the end', async () => {
    const url = await serve(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const n of [1, 2, 3]) {
        response.write(`data: ${n}\n\n`);
        await sleep(40);
      }
      response.end();
    });
    const response = await createNodeFetch({ dispatcher, fallback: unused })(url, { method: 'POST', body: '{}' });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const first = await reader.read();
    expect(first.value).toBe('data: 1\n\n');
    let rest = '';
    for (let read = await reader.read(); !read.done; read = await reader.read()) rest += read.value;
    expect(rest).toBe('data: 2\n\ndata: 3\n\n');
  });

  it('hands over the HTTP chunks of one socket read as one chunk, not one each', async () => {
    const events = Array.from({ length: 1_000 }, (_, index) => `data: {"n":${index}}\n\n`);
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      // One TCP write carrying 1,000 HTTP chunks: node:http emits a 'data' for each.
      response.socket!.cork();
      for (const event of events) response.write(event);
      response.socket!.uncork();
      response.end();
    });
    const response = await createNodeFetch({ dispatcher, fallback: unused })(url);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    let reads = 0;
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      text += read.value;
      reads++;
    }
    expect(text).toBe(events.join(''));
    expect(reads).toBeLessThan(20);
  });

  it('decompresses a gzip answer', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(gzipSync(JSON.stringify({ text: 'x'.repeat(10_000) })));
    });
    const response = await createNodeFetch({ dispatcher, fallback: unused })(url);
    expect(((await response.json()) as { text: string }).text).toHaveLength(10_000);
  });

  it('an abort during the body errors the reader with the reason and closes the connection', async () => {
    let closed = false;
    const url = await serve((request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
      request.socket.once('close', () => (closed = true));
    });
    const controller = new AbortController();
    const response = await createNodeFetch({ dispatcher, fallback: unused })(url, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort(new DOMException('client left', 'AbortError'));
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError', message: 'client left' });
    for (let wait = 0; wait < 100 && !closed; wait++) await sleep(10);
    expect(closed).toBe(true);
  });

  it('an abort before the answer rejects with the reason; an aborted signal sends nothing', async () => {
    let requests = 0;
    const url = await serve(() => {
      requests++;
    });
    const nodeFetch = createNodeFetch({ dispatcher, fallback: unused });
    const controller = new AbortController();
    const pending = nodeFetch(url, { signal: controller.signal });
    await sleep(30);
    controller.abort(new DOMException('timed out', 'TimeoutError'));
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(nodeFetch(url, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests).toBe(1);
  });

  it("a refused connection is TypeError('fetch failed') with its cause, as undici reports it", async () => {
    const url = await serve(() => {});
    const port = new URL(url).port;
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const error = await createNodeFetch({ dispatcher, fallback: unused })(`http://127.0.0.1:${port}/`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
  });

  it('an answer no Response can carry (status 600) is a failed fetch, not a crash', async () => {
    const url = await serve((_request, response) => {
      response.socket!.end('HTTP/1.1 600 Odd\r\ncontent-length: 0\r\n\r\n');
    });
    await expect(createNodeFetch({ dispatcher, fallback: unused })(url)).rejects.toMatchObject({ message: 'fetch failed', cause: { name: 'RangeError' } });
  });

  it('a connection that drops in the middle of the body is an error, not an end', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
      setTimeout(() => response.socket!.destroy(), 20);
    });
    const response = await createNodeFetch({ dispatcher, fallback: unused })(url);
    await expect(response.text()).rejects.toMatchObject({ message: 'fetch failed' });
  });

  it('a short answer of known length is read whole; dropped or aborted before its end, the fetch fails', async () => {
    const url = await serve((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '20' });
      response.write('{"partial":');
      if (request.url === '/drop') setTimeout(() => response.socket!.destroy(), 20);
    });
    const nodeFetch = createNodeFetch({ dispatcher, fallback: unused });
    await expect(nodeFetch(`${url}/drop`)).rejects.toMatchObject({ message: 'fetch failed', cause: expect.any(Error) });
    const controller = new AbortController();
    const pending = nodeFetch(`${url}/stall`, { signal: controller.signal });
    await sleep(30);
    controller.abort(new DOMException('timed out', 'TimeoutError'));
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it("a short answer read whole reads as fetch's does, by any means, once", async () => {
    const text = '{"reply":"héllo","n":[1,2,3]}';
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      response.end(text);
    });
    const nodeFetch = createNodeFetch({ dispatcher, fallback: unused });
    // Its headers as a reader lists them (the date may differ between the two answers).
    const headerList = (response: Response) => [...response.headers].filter(([name]) => name !== 'date');
    /** What a consumer sees reading an answer one way, then trying again: headers, values, bodyUsed, and the second read's error type. */
    const outcome = async (read: (response: Response) => Promise<unknown>, fetcher: typeof fetch) => {
      const response = await fetcher(`${url}/x`);
      const before = response.bodyUsed;
      const value = await read(response);
      const again = await response.text().then(
        (second) => `read again: ${second}`,
        (error: unknown) => (error as Error).constructor.name,
      );
      return { headers: headerList(response), contentLength: response.headers.get('Content-Length'), before, value, after: response.bodyUsed, again };
    };
    const readStream = async (response: Response) => {
      const reader = response.body!.getReader();
      const chunks: Uint8Array[] = [];
      for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
      return new TextDecoder().decode(Buffer.concat(chunks));
    };
    const reads: Record<string, (response: Response) => Promise<unknown>> = {
      body: readStream,
      text: (response) => response.text(),
      json: (response) => response.json(),
      arrayBuffer: async (response) => {
        const buffer = await response.arrayBuffer();
        return [buffer.constructor.name, buffer.byteLength, new TextDecoder().decode(buffer)];
      },
      bytes: async (response) => {
        const bytes = await response.bytes();
        return [bytes.constructor.name, bytes.byteOffset, bytes.buffer.byteLength, new TextDecoder().decode(bytes)];
      },
      blob: async (response) => {
        const blob = await response.blob();
        return [blob.type, await blob.text()];
      },
      clone: async (response) => {
        const copy = response.clone();
        const first = await readStream(copy);
        return [first, await response.json(), copy.bodyUsed, headerList(copy)];
      },
      'body cancelled': async (response) => {
        await response.body!.cancel();
        return response.body!.locked;
      },
    };
    for (const [name, read] of Object.entries(reads)) {
      const expected = await outcome(read, fetch);
      expect({ name, ...(await outcome(read, nodeFetch)) }).toEqual({ name, ...expected });
    }
    expect(await outcome(reads.json!, fetch)).toMatchObject({ before: false, value: JSON.parse(text), after: true, again: 'TypeError' });
  });

  it('reads no faster than the body is read: a reader that waits holds the server back, and gets every byte after', async () => {
    const total = 16 * 2 ** 20;
    let written = 0;
    const url = await serve(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 1);
      while (written < total) {
        written += chunk.byteLength;
        if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve));
      }
      response.end();
    });
    const response = await createNodeFetch({ dispatcher, fallback: unused })(url);
    const reader = response.body!.getReader();
    let read = (await reader.read()).value!.byteLength;
    await sleep(300);
    // Socket buffers on both ends hold a few MB at most; without backpressure the server would have sent all 16.
    expect(written).toBeLessThan(total / 2);
    for (let next = await reader.read(); !next.done; next = await reader.read()) read += next.value.byteLength;
    expect(read).toBe(total);
  });

  it("keeps waiting past the dispatcher's own header and body timeouts: only the caller's signal ends a slow answer", async () => {
    // undici checks its timeouts once a second: each wait is past that.
    const url = await serve(async (_request, response) => {
      await sleep(1_200);
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('a');
      await sleep(1_200);
      response.end('b');
    });
    // Timeouts of 50 ms on the dispatcher, as undici's 300 s would cut a long reasoning call. Node's own Agent class is its global dispatcher's.
    const options = { headersTimeout: 50, bodyTimeout: 50 };
    const NodeAgent = (globalThis as unknown as Record<symbol, { constructor: new (options: object) => UpstreamDispatcher }>)[Symbol.for('undici.globalDispatcher.1')]!.constructor;
    const impatient = dispatcher === undefined ? new NodeAgent(options) : new Agent(options);
    const response = await createNodeFetch({ dispatcher: impatient, fallback: unused })(url);
    expect(await response.text()).toBe('ab');
  }, 10_000);

  it('leaves Request objects, FormData bodies, redirects, manual redirect modes and URLs with credentials to the fallback', async () => {
    const calls: unknown[] = [];
    const fallback: typeof fetch = async (input) => {
      calls.push(input);
      return new Response('from the fallback');
    };
    const url = await serve((_request, response) => {
      response.writeHead(302, { location: '/elsewhere' });
      response.end();
    });
    const nodeFetch = createNodeFetch({ dispatcher, fallback });
    expect(await (await nodeFetch(new Request(url))).text()).toBe('from the fallback');
    expect(await (await nodeFetch(url, { method: 'POST', body: new FormData() })).text()).toBe('from the fallback');
    expect(await (await nodeFetch(url, { redirect: 'manual' })).text()).toBe('from the fallback');
    // Credentials in the URL, which fetch refuses.
    expect(await (await nodeFetch(url.replace('http://', 'http://user:secret@'))).text()).toBe('from the fallback');
    // The redirect itself: node:http sees the 302, the fallback follows it.
    expect(await (await nodeFetch(url)).text()).toBe('from the fallback');
    expect(calls).toHaveLength(5);
  });
});

describe("createNodeFetch and Node's global dispatcher", () => {
  it('sends through the dispatcher Node\'s fetch uses at the time of the call, so setGlobalDispatcher (a proxy agent, say) applies', async () => {
    const url = await serve((_request, response) => response.end('ok'));
    const key = Symbol.for('undici.globalDispatcher.1');
    const holder = globalThis as unknown as Record<symbol, UpstreamDispatcher>;
    void Response;
    const own = holder[key]!;
    const paths: string[] = [];
    const nodeFetch = createNodeFetch({ fallback: unused });
    holder[key] = { dispatch: (options, handler) => (paths.push(options.path), own.dispatch(options, handler)) };
    try {
      expect(await (await nodeFetch(`${url}/through?x=1`)).text()).toBe('ok');
    } finally {
      holder[key] = own;
    }
    expect(await (await nodeFetch(`${url}/after`)).text()).toBe('ok');
    expect(paths).toEqual(['/through?x=1']);
  });
});

describe.each(dispatchers)('createNodeFetch on %s under the real @ai-sdk/openai and ai 7', (_name, dispatcher) => {
  it('generates and streams through the fake OpenAI API; an unreachable API is a retryable APICallError', async () => {
    const upstream = createOpenAIUpstream();
    const server = await listen(upstream.fetch);
    try {
      const openai = createOpenAI({ baseURL: `${server.url}/v1`, apiKey: DEFAULT_OPENAI_KEY, fetch: createNodeFetch({ dispatcher, fallback: unused }) });
      const generated = await generateText({ model: openai.chat('gpt-4o-mini'), prompt: 'Say hello.' });
      expect(generated.text.length).toBeGreaterThan(0);
      const streamed = streamText({ model: openai.chat('gpt-4o-mini'), prompt: 'Say hello.' });
      const deltas: string[] = [];
      for await (const delta of streamed.textStream) deltas.push(delta);
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join('')).toBe(generated.text);
      expect((await streamed.usage).outputTokens).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
    const unreachable = createOpenAI({ baseURL: `${server.url}/v1`, apiKey: DEFAULT_OPENAI_KEY, fetch: createNodeFetch({ dispatcher, fallback: unused }) });
    const error = await generateText({ model: unreachable.chat('gpt-4o-mini'), prompt: 'hi', maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).isRetryable).toBe(true);
  });
});
