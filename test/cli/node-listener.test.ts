import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { listen, type FetchHandler } from '../../src/cli/node-listener';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(handler: FetchHandler): Promise<string> {
  const { server, url } = await listen(handler);
  servers.push(server);
  return url;
}

const encoder = new TextEncoder();
const waitFor = async (condition: () => boolean) => {
  for (let attempt = 0; attempt < 200 && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('node listener: streamed bodies', () => {
  it('delivers every chunk of a long stream, in order, whether produced in bursts or one by one', async () => {
    const events = Array.from({ length: 20_000 }, (_, index) => `data: {"n":${index}}\n\n`);
    let next = 0;
    const url = await serve(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            // Bursts of up to 50 events, then a pause: as a provider's parts arrive.
            async pull(controller) {
              if (next % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
              for (let burst = 0; burst < 50 && next < events.length; burst++) controller.enqueue(encoder.encode(events[next++]!));
              if (next === events.length) controller.close();
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );
    const text = await (await fetch(url)).text();
    expect(text).toBe(events.join(''));
  });

  it('cancels the handler stream when the client goes away', async () => {
    let cancelled = false;
    const url = await serve(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async pull(controller) {
              await new Promise((resolve) => setTimeout(resolve, 5));
              controller.enqueue(encoder.encode('data: {}\n\n'));
            },
            cancel() {
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
          new ReadableStream<Uint8Array>(
            {
              // Produces without ever pausing: only backpressure can stop it.
              pull(controller) {
                produced += chunk.byteLength;
                controller.enqueue(chunk);
              },
            },
            { highWaterMark: 0 },
          ),
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
