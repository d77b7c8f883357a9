/**
 * listen(): a web-standard handler on a real socket, streamed as produced, failing as a
 * crashed server would, and closing without waiting for open streams.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type ListeningServer } from './listen';

let server: ListeningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const encoder = new TextEncoder();

describe('listen', () => {
  it('passes method, path, query, headers and body to the handler', async () => {
    let seen: { method: string; url: string; header: string | null; body: string } | undefined;
    server = await listen(async request => {
      seen = { method: request.method, url: request.url, header: request.headers.get('x-test'), body: await request.text() };
      return Response.json({ ok: true }, { status: 201, headers: { 'x-reply': 'yes' } });
    });

    const response = await fetch(`${server.url}/v1/thing?a=1`, { method: 'POST', headers: { 'x-test': 'value' }, body: 'payload' });

    expect(response.status).toBe(201);
    expect(response.headers.get('x-reply')).toBe('yes');
    expect(await response.json()).toEqual({ ok: true });
    expect(seen).toEqual({ method: 'POST', url: `${server.url}/v1/thing?a=1`, header: 'value', body: 'payload' });
  });

  it('streams each chunk as it is produced, not at the end', async () => {
    let release!: () => void;
    const released = new Promise<void>(resolve => {
      release = resolve;
    });
    server = await listen(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async start(controller) {
              controller.enqueue(encoder.encode('data: first\n\n'));
              await released; // the client must see the first chunk while the body is still open
              controller.enqueue(encoder.encode('data: second\n\n'));
              controller.close();
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );

    const response = await fetch(server.url);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toBe('data: first\n\n');
    release();
    expect((await reader.read()).value).toBe('data: second\n\n');
    expect((await reader.read()).done).toBe(true);
  });

  it('Response.error() resets the connection: fetch rejects', async () => {
    server = await listen(() => Response.error());

    await expect(fetch(server.url)).rejects.toThrow(TypeError);
  });

  it('a body that errors: the client gets the status and the data so far, then a read error', async () => {
    server = await listen(() => {
      let step = 0;
      return new Response(
        new ReadableStream<Uint8Array>(
          {
            pull(controller) {
              if (step++ === 0) controller.enqueue(encoder.encode('partial'));
              else controller.error(new Error('crash'));
            },
          },
          { highWaterMark: 0 },
        ),
        { headers: { 'content-type': 'application/json' } },
      );
    });

    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const chunks: string[] = [];
    const failure = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        chunks.push(new TextDecoder().decode(value));
      }
    })().catch((error: unknown) => error);
    expect(chunks.join('')).toBe('partial');
    expect(failure).toBeInstanceOf(TypeError);
  });

  it('close() ends open streams instead of waiting for them, and cancels their bodies', async () => {
    let cancelled = false;
    const listening = await listen(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(encoder.encode('data: open\n\n')); // and never closes
            },
            cancel() {
              cancelled = true;
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );
    const reader = (await fetch(listening.url)).body!.getReader();
    await reader.read();
    expect(listening.openStreams).toBe(1);

    const startedAt = performance.now();
    await listening.close();

    expect(performance.now() - startedAt).toBeLessThan(1_000);
    expect(cancelled).toBe(true);
    expect(listening.openStreams).toBe(0);
    await expect(reader.read()).rejects.toThrow(TypeError);
  });

  it('many concurrent streams are served at once', async () => {
    server = await listen(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async start(controller) {
              await new Promise(resolve => setTimeout(resolve, 50));
              controller.enqueue(encoder.encode('data: done\n\n'));
              controller.close();
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );

    const startedAt = performance.now();
    const bodies = await Promise.all(Array.from({ length: 100 }, () => fetch(server!.url).then(response => response.text())));

    expect(bodies.every(body => body === 'data: done\n\n')).toBe(true);
    expect(performance.now() - startedAt).toBeLessThan(3_000); // serially this would take 5 s
  });
});
