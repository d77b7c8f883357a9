/**
 * A gateway (or something in front of it) that answers an error with an enormous
 * body must not make the client read it all: the body is read up to a bound, the
 * connection is let go, and the error stays small and readable.
 */
import { generateText, streamText } from 'ai';
import { createGateway, GatewayError, GatewayResponseError } from 'modelgate';
import { describe, expect, it } from 'vitest';
import { useFaultServer, waitFor } from './fault-server';

const server = useFaultServer();

const model = () => createGateway({ baseURL: server.baseURL, apiKey: 'test-key' })('openai/gpt-test');

const TOTAL = 128 * 1024 * 1024; // what the server would send if the client kept reading
// Socket buffers on both ends can hold several MB that the client never asked
// for; a client that read the whole body would take all 128 MB.
const READ_BOUND = TOTAL / 4;
const MESSAGE_BOUND = 4 * 1024;
const BODY_BOUND = 1024 * 1024;

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e as GatewayError,
  );
}

describe('a huge error body', () => {
  it('JSON-looking 500 body: read up to a bound, error readable', async () => {
    server.enqueue({
      kind: 'huge-error',
      status: 500,
      totalBytes: TOTAL,
      head: '{"error":{"message":"',
      contentType: 'application/json',
    });
    const error = await failure(generateText({ model: model(), prompt: 'hi', maxRetries: 0 }));

    await waitFor(() => server.exchanges[0]!.closedByClient, 10_000, 'the client to let the connection go');
    await server.exchanges[0]!.done;
    expect(server.exchanges[0]!.bytesWritten).toBeLessThan(READ_BOUND);

    expect(GatewayError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(500);
    expect(error.isRetryable).toBe(true);
    expect(typeof error.message).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.message.length).toBeLessThan(MESSAGE_BOUND);
    expect(error.message).toMatch(/500/);
    expect((error.responseBody ?? '').length).toBeLessThanOrEqual(BODY_BOUND);
    expect(error.responseBody?.startsWith('{"error":{"message":"xxx')).toBe(true);
  });

  it('HTML 502 body from a proxy: same bound, message shows the start of the page', async () => {
    server.enqueue({
      kind: 'huge-error',
      status: 502,
      totalBytes: TOTAL,
      head: '<html><head><title>502 Bad Gateway</title></head><body>',
      contentType: 'text/html',
    });
    const error = await failure(generateText({ model: model(), prompt: 'hi', maxRetries: 0 }));
    await waitFor(() => server.exchanges[0]!.closedByClient, 10_000, 'the client to let the connection go');
    await server.exchanges[0]!.done;
    expect(server.exchanges[0]!.bytesWritten).toBeLessThan(READ_BOUND);
    expect(GatewayResponseError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(502);
    expect(error.message).toContain('502 Bad Gateway');
    expect(error.message.length).toBeLessThan(MESSAGE_BOUND);
  });

  it('a huge 429 body on a streaming call: bounded, and the retry headers still count', async () => {
    server.enqueue({
      kind: 'huge-error',
      status: 429,
      totalBytes: TOTAL,
      head: 'rate limited ',
      contentType: 'text/plain',
    });
    const errors: unknown[] = [];
    const result = streamText({
      model: model(),
      prompt: 'hi',
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    for await (const _ of result.fullStream) {
      // drain
    }
    await waitFor(() => server.exchanges[0]!.closedByClient, 10_000, 'the client to let the connection go');
    await server.exchanges[0]!.done;
    expect(server.exchanges[0]!.bytesWritten).toBeLessThan(READ_BOUND);
    expect(errors).toHaveLength(1);
    const error = errors[0] as GatewayError;
    expect(error.statusCode).toBe(429);
    expect(error.isRetryable).toBe(true);
    expect(error.message.length).toBeLessThan(MESSAGE_BOUND);
  });
});
