import { afterEach, describe, expect, it } from 'vitest';
import { refusedUpgrade } from './refused-upgrade';
import { request as httpRequest, type Server } from 'node:http';
import { connect } from 'node:net';
import { listen, type FetchHandler, type ListenOptions } from '../../src/cli/node-listener';
import { FROM_NODE_LISTENER } from '../../src/server/listener-request';
import { bodyFromSource, encodedJsonAnswer, jsonResponse, type BodySource } from '../../src/server/response-body';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(handler: FetchHandler, options: ListenOptions = {}): Promise<string> {
  const { server, url } = await listen(handler, options);
  servers.push(server);
  return url;
}

const encoder = new TextEncoder();
const waitFor = async (condition: () => boolean) => {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
};

/** A streamed body from `next`/`cancel`: as a plain ReadableStream, or as a gateway body the listener pulls directly (sse-body.ts). */
type BodyKind = 'ReadableStream' | 'gateway body source';
function streamedBody(kind: BodyKind, source: BodySource): ReadableStream<Uint8Array> {
  if (kind === 'gateway body source') return bodyFromSource(source);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = await source.next();
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
      cancel: (reason) => source.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

describe.each<BodyKind>(['ReadableStream', 'gateway body source'])('node listener: streamed bodies (%s)', (kind) => {
  it('delivers every chunk of a long stream, in order, whether produced in bursts or one by one', async () => {
    const events = Array.from({ length: 20_000 }, (_, index) => `data: {"n":${index}}\n\n`);
    let next = 0;
    let body: ReadableStream<Uint8Array> | undefined;
    const url = await serve(() => {
      body = streamedBody(kind, {
        // Bursts of up to 50 events, then a pause: as a provider's parts arrive.
        async next() {
          if (next === events.length) return undefined;
          if (next % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
          return encoder.encode(events.slice(next, (next = Math.min(events.length, next + 50))).join(''));
        },
        cancel: async () => {},
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const text = await (await fetch(url)).text();
    expect(text).toBe(events.join(''));
    // A gateway body is pulled from its source: its ReadableStream is never read.
    expect(body!.locked).toBe(kind === 'ReadableStream');
  });

  it('cancels the handler stream when the client goes away', async () => {
    let cancelled = false;
    const url = await serve(
      () =>
        new Response(
          streamedBody(kind, {
            async next() {
              await new Promise((resolve) => setTimeout(resolve, 5));
              return encoder.encode('data: {}\n\n');
            },
            cancel: async () => {
              cancelled = true;
            },
          }),
        ),
    );
    const controller = new AbortController();
    const reader = (await fetch(url, { signal: controller.signal })).body!.getReader();
    await reader.read();
    controller.abort();
    await waitFor(() => cancelled);
    expect(cancelled).toBe(true);
  });

  it('reads no further ahead than the socket takes when the client stops reading', async () => {
    let produced = 0;
    const chunk = new Uint8Array(1024);
    const url = await serve(
      () =>
        new Response(
          streamedBody(kind, {
            // Produces without ever pausing: only backpressure can stop it.
            async next() {
              produced += chunk.byteLength;
              return chunk;
            },
            cancel: async () => {},
          }),
        ),
    );
    const reader = (await fetch(url)).body!.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ahead = produced;
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Bounded by the socket buffers, and no longer growing.
    expect(ahead).toBeLessThan(32 * 2 ** 20);
    expect(produced).toBe(ahead);
    await reader.cancel();
  });
});

/** A raw HTTP exchange, so the framing (content-length or chunked) is visible. */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: Uint8Array[] } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    for (const chunk of options.body ?? []) request.write(chunk);
    request.end();
  });
}

describe('node listener: bodies in and out', () => {
  it('sends an answer that is complete at once with its content-length; a stream still goes out chunked', async () => {
    const url = await serve((request) =>
      new URL(request.url).pathname === '/whole'
        ? Response.json({ hello: 'world' }, { status: 201, headers: { 'x-kind': 'whole' } })
        : new URL(request.url).pathname === '/gateway-json'
          ? jsonResponse({ hello: 'wörld' }, { status: 202, headers: { 'x-kind': 'gateway' } })
          : new Response(
            new ReadableStream<Uint8Array>({
              async start(controller) {
                controller.enqueue(encoder.encode('data: 1\n\n'));
                await new Promise((resolve) => setTimeout(resolve, 20));
                controller.enqueue(encoder.encode('data: 2\n\n'));
                controller.close();
              },
            }),
            { headers: { 'content-type': 'text/event-stream' } },
          ),
    );
    const whole = await rawRequest(`${url}/whole`);
    expect(whole).toMatchObject({ status: 201, body: '{"hello":"world"}' });
    expect(whole.headers).toMatchObject({ 'content-length': '17', 'x-kind': 'whole', 'content-type': 'application/json' });
    expect(whole.headers['transfer-encoding']).toBeUndefined();
    // The gateway's own JSON answers are written from their text, never read back out of their stream.
    const gateway = await rawRequest(`${url}/gateway-json`);
    expect(gateway).toMatchObject({ status: 202, body: '{"hello":"wörld"}' });
    expect(gateway.headers).toMatchObject({ 'content-length': '18', 'x-kind': 'gateway', 'content-type': 'application/json' });
    const streamed = await rawRequest(`${url}/stream`);
    expect(streamed.body).toBe('data: 1\n\ndata: 2\n\n');
    expect(streamed.headers['transfer-encoding']).toBe('chunked');
    const empty = await rawRequest(`${url}/none`, { method: 'HEAD' });
    expect(empty.status).toBe(200);
  });

  it("writes a gateway answer built without its body from its text, and whole when a wrapping handler rebuilds it", async () => {
    const text = '{"hello":"wörld"}';
    const marks: unknown[] = [];
    const url = await serve((request) => {
      marks.push((request as Request & { [FROM_NODE_LISTENER]?: boolean })[FROM_NODE_LISTENER]);
      const answer = encodedJsonAnswer(request, text);
      const path = new URL(request.url).pathname;
      // As a middleware that adds a header by copying the answer does, or by setting it on the answer.
      if (path === '/wrapped') return new Response(answer.body, answer);
      if (path === '/header') answer.headers.set('x-request-id', 'r1');
      return answer;
    });
    for (const path of ['/direct', '/wrapped', '/header']) {
      const answer = await rawRequest(`${url}${path}`, { method: 'POST' });
      expect(answer).toMatchObject({ status: 200, body: text });
      expect(answer.headers['content-type']).toBe('application/json');
      expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(text)));
      expect(answer.headers['x-request-id']).toBe(path === '/header' ? 'r1' : undefined);
    }
    expect(marks).toEqual([true, true, true]);
  });

  it('hands the handler the whole request body: small with a length, large with a length, and chunked uploads', async () => {
    const url = await serve(async (request) => {
      const bytes = new Uint8Array(await request.arrayBuffer());
      let sum = 0;
      for (const byte of bytes) sum = (sum + byte) % 65_521;
      return Response.json({ method: request.method, length: bytes.length, sum, type: request.headers.get('content-type') });
    });
    const sumOf = (chunks: Uint8Array[]) => chunks.reduce((total, chunk) => chunk.reduce((acc, byte) => (acc + byte) % 65_521, total), 0);
    const small = [encoder.encode('{"prompt":"hi"}')];
    const large = Array.from({ length: 40 }, (_, index) => new Uint8Array(64 * 1024).fill(index + 1));
    for (const [chunks, headers] of [
      [small, { 'content-type': 'application/json', 'content-length': '15' }],
      [large, { 'content-type': 'application/octet-stream', 'content-length': String(40 * 64 * 1024) }],
      [large, { 'content-type': 'application/octet-stream' }],
    ] as const) {
      const answer = await rawRequest(url, { method: 'POST', headers, body: [...chunks] });
      const length = chunks.reduce((total, chunk) => total + chunk.length, 0);
      expect(JSON.parse(answer.body)).toEqual({ method: 'POST', length, sum: sumOf([...chunks]), type: headers['content-type'] });
    }
  });

  it('hands the handler a Request: the body once, as text, JSON or bytes, and every other member from a full web Request', async () => {
    const url = await serve(async (request) => {
      const path = new URL(request.url).pathname;
      if (path === '/json') {
        const body = (await request.json()) as { prompt: string };
        const again = await request.text().catch((error: unknown) => error);
        return Response.json({ method: request.method, type: request.headers.get('content-type'), body, used: request.bodyUsed, again: String(again) });
      }
      if (path === '/form') {
        const form = await request.clone().formData();
        return Response.json({ name: form.get('name'), mode: request.mode, text: await request.text(), used: request.bodyUsed });
      }
      // The stream first, then a read: the second read fails as on any Request.
      const streamed = await new Response(request.body).text();
      return Response.json({ streamed, again: await request.json().then(() => 'read twice', (error: unknown) => (error as Error).name) });
    });
    const json = await fetch(`${url}/json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"prompt":"é"}' });
    expect(await json.json()).toEqual({ method: 'POST', type: 'application/json', body: { prompt: 'é' }, used: true, again: expect.stringContaining('TypeError') });
    const form = await fetch(`${url}/form`, { method: 'POST', body: new URLSearchParams({ name: 'ada' }) });
    expect(await form.json()).toEqual({ name: 'ada', mode: 'cors', text: 'name=ada', used: true });
    const stream = await fetch(`${url}/stream`, { method: 'PUT', body: 'raw bytes' });
    expect(await stream.json()).toEqual({ streamed: 'raw bytes', again: 'TypeError' });
  });

  it("hands the handler the request's headers as fetch's Headers reads them, before and after a change", async () => {
    const sent: Array<[string, string]> = [
      ['X-Dup', 'first'],
      ['Set-Cookie', 'a=1'],
      ['x-dup', 'second '],
      ['Set-Cookie', 'b=2'],
      ['X-Spaced', 'value with  inner spaces'],
    ];
    const nameError = (read: () => unknown) => {
      try {
        return read();
      } catch (error) {
        return (error as Error).name;
      }
    };
    /** What a handler sees: reads, changes (in the order given; after iterating with `iterate`), then reads again. */
    const observe = (headers: Headers, steps: string[]) => {
      // An invalid name, getSetCookie and iteration read the whole list: they come after the changes unless asked first.
      const reads = () => ({
        dup: headers.get('X-Dup'),
        cookieJoined: headers.get('set-cookie'),
        has: [headers.has('x-dup'), headers.has('Missing')],
        missing: headers.get('missing'),
      });
      const listed = () => [...headers].filter(([name]) => name.startsWith('x-') || name === 'set-cookie');
      const before = reads();
      const changes: Record<string, () => unknown> = {
        iterate: listed,
        set: () => headers.set('x-dup', 'replaced'),
        append: () => headers.append('x-dup', 'appended'),
        delete: () => headers.delete('x-spaced'),
      };
      const stepResults = steps.map((step) => changes[step]!() ?? null);
      return { before, stepResults, after: reads(), invalid: nameError(() => headers.get('bad name')), cookies: headers.getSetCookie(), all: listed() };
    };
    const url = await serve(async (request) => Response.json(observe(request.headers, new URL(request.url).pathname.slice(1).split(','))));
    const ask = (path: string) =>
      new Promise<string>((resolve, reject) => {
        // Written by hand: repeated names in different cases, a value with a trailing blank, exactly as sent.
        const socket = connect(Number(new URL(url).port), '127.0.0.1', () => {
          socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n${sent.map(([name, value]) => `${name}: ${value}\r\n`).join('')}Connection: close\r\n\r\n`);
        });
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('end', () => resolve(text.slice(text.indexOf('\r\n\r\n') + 4)));
        socket.on('error', reject);
      });
    for (const steps of [['set'], ['append'], ['delete'], ['iterate', 'set', 'append', 'delete']]) {
      const reference = new Headers();
      for (const [name, value] of sent) reference.append(name, value);
      const seen = JSON.parse(await ask(`/${steps.join(',')}`));
      expect(seen).toEqual(observe(reference, steps));
      expect(seen.before).toMatchObject({ dup: 'first, second', cookieJoined: 'a=1, b=2' });
      expect(seen.invalid).toBe('TypeError');
      expect(seen.cookies).toEqual(['a=1', 'b=2']);
    }
  });

  it('a client that leaves in the middle of its upload fails the body read, and the server keeps serving', async () => {
    let failed: (failure: unknown) => void = () => {};
    const failure = new Promise<unknown>((resolve) => (failed = resolve));
    const url = await serve(async (request) => {
      failed(await request.text().then(() => 'read', (error: unknown) => error));
      return new Response(null, { status: 400 });
    });
    const upload = httpRequest(url, { method: 'POST', headers: { 'content-length': '1000' } });
    upload.on('error', () => {});
    upload.write('only the start');
    setTimeout(() => upload.destroy(), 30);
    expect(await failure).toBeInstanceOf(Error);
    expect((await rawRequest(url)).status).toBe(400);
  });

  it('answers 500 with the protocol error body when the handler throws, at once or later, and keeps serving', async () => {
    const errors: unknown[] = [];
    const logged = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      let calls = 0;
      const url = await serve((request) => {
        calls += 1;
        if (request.url.endsWith('/sync')) throw new Error('thrown at once');
        if (request.url.endsWith('/async')) return Promise.reject(new Error('thrown later'));
        return new Response('fine');
      });
      for (const path of ['/sync', '/async']) {
        const response = await fetch(`${url}${path}`, { method: 'POST', body: '{}' });
        expect({ path, status: response.status, body: await response.json() }).toEqual({ path, status: 500, body: { error: { message: 'internal error', type: 'internal_server_error' } } });
      }
      expect(await (await fetch(`${url}/ok`)).text()).toBe('fine');
      expect(calls).toBe(3);
      expect(errors.map((args) => (args as unknown[])[1])).toEqual(['thrown at once', 'thrown later']);
    } finally {
      console.error = logged;
    }
  });

  it('refuses a body past its limit with 413 and the protocol error body, whether the length is announced or not', async () => {
    const seen: string[] = [];
    const url = await serve(
      async (request) => {
        const read = await request.text().then(
          (text) => `read ${text.length}`,
          (error: unknown) => `failed: ${(error as Error).message}`,
        );
        seen.push(read);
        return Response.json({ read }, { status: 400 });
      },
      { maxBodyBytes: 1000 },
    );
    const exactly = await rawRequest(url, { method: 'POST', headers: { 'content-length': '1000' }, body: [new Uint8Array(1000).fill(97)] });
    expect(exactly).toMatchObject({ status: 400, body: '{"read":"read 1000"}' });
    // Announced: refused before the handler runs.
    const announced = await rawRequest(url, { method: 'POST', headers: { 'content-length': '1001' }, body: [new Uint8Array(1001)] }).catch((error: unknown) => error);
    // Chunked: the handler's read fails, and its own answer gives way to the 413.
    const chunked = await rawRequest(url, { method: 'POST', body: [new Uint8Array(600), new Uint8Array(600)] }).catch((error: unknown) => error);
    for (const answer of [announced, chunked]) {
      expect(answer).toMatchObject({ status: 413, headers: { 'content-type': 'application/json', connection: 'close' } });
      const { error } = JSON.parse((answer as { body: string }).body) as { error: { message: string; type: string } };
      expect(error.type).toBe('invalid_request_error');
      expect(error.message).toContain('larger than this server accepts (1000 bytes)');
      expect(error.message).toContain('--max-body-mb');
    }
    expect(seen).toEqual(['read 1000', 'failed: the request body is larger than 1000 bytes']);
  });

  it('answers a WebSocket upgrade with 404 and the protocol error body instead of dropping the connection', async () => {
    let handled = 0;
    const url = await serve(async () => {
      handled += 1;
      return new Response('ok');
    });
    const answer = await refusedUpgrade(`${url}/v4/ai/realtime-model?ai-model-id=openai/gpt-realtime-2`);
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { type: 'not_found', message: expect.stringContaining('no WebSocket connections') } });
    expect(handled).toBe(0);
  });

  it("aborts the request's signal when the client leaves before the answer", async () => {
    let aborted: (reason: unknown) => void = () => {};
    const abortedSeen = new Promise<unknown>((resolve) => (aborted = resolve));
    const url = await serve(
      (request) =>
        new Promise<Response>((resolve) => {
          request.signal.addEventListener('abort', () => {
            aborted(request.signal.reason);
            resolve(new Response(null, { status: 499 }));
          });
        }),
    );
    const client = new AbortController();
    const call = fetch(url, { method: 'POST', body: '{"prompt":"hi"}', signal: client.signal }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.abort();
    await call;
    expect(await abortedSeen).toBeInstanceOf(Error);
  });
});
