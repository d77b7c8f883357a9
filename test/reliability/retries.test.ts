/**
 * Retries through the real `ai` package over a real socket: 408, 409, 429 and 5xx
 * are retried by `maxRetries`, waiting at least the delay the server asked for
 * (`retry-after-ms`, `retry-after` in seconds or as an HTTP date); other 4xx
 * (including 402) are not retried. Delays are checked as lower bounds on what the
 * server observed, never as speed targets.
 */
import { APICallError, generateText, RetryError, streamText } from 'ai';
import {
  createGateway,
  GatewayError,
  GatewayPaymentRequiredError,
  GatewayRateLimitError,
  GatewayResponseError,
} from 'modelgate';
import { describe, expect, it } from 'vitest';
import {
  gatewayError,
  generateResult,
  useFaultServer,
  textStreamParts,
  type Fault,
} from './fault-server';
import { collect } from './helpers';

const server = useFaultServer();

const model = () => createGateway({ baseURL: server.baseURL, apiKey: 'test-key' })('openai/gpt-test');
const ok: Fault = { kind: 'json', body: generateResult('recovered') };
const rateLimited = (headers: Record<string, string>): Fault => ({
  kind: 'json',
  status: 429,
  body: gatewayError('Too many requests', 'rate_limit_exceeded'),
  headers,
});

const languageModelRequests = () => server.exchanges.filter((e) => e.path.endsWith('/language-model')).length;

/** Milliseconds between the server finishing response `i` and receiving request `i + 1`. */
function gapAfter(i: number): number {
  const first = server.exchanges[i]!;
  const second = server.exchanges[i + 1]!;
  return second.receivedAt - first.respondedAt!;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
}

// Node timers may fire up to ~1 ms early relative to performance.now().
const TIMER_SLACK_MS = 5;

describe('429 is retried after the delay the server asks for', () => {
  it('retry-after-ms', async () => {
    server.enqueue(rateLimited({ 'retry-after-ms': '200' }), ok);
    const result = await generateText({ model: model(), prompt: 'hi', maxRetries: 2 });
    expect(result.text).toBe('recovered');
    expect(server.exchanges).toHaveLength(2);
    expect(gapAfter(0)).toBeGreaterThanOrEqual(200 - TIMER_SLACK_MS);
  });

  it('retry-after in seconds', async () => {
    server.enqueue(rateLimited({ 'retry-after': '1' }), ok);
    const result = await generateText({ model: model(), prompt: 'hi', maxRetries: 1 });
    expect(result.text).toBe('recovered');
    expect(server.exchanges).toHaveLength(2);
    expect(gapAfter(0)).toBeGreaterThanOrEqual(1000 - TIMER_SLACK_MS);
  });

  it('retry-after as an HTTP date', async () => {
    // A whole second at least one second ahead (HTTP dates have 1 s resolution).
    const at = Math.ceil((Date.now() + 1000) / 1000) * 1000;
    server.enqueue(rateLimited({ 'retry-after': new Date(at).toUTCString() }), ok);
    const result = await generateText({ model: model(), prompt: 'hi', maxRetries: 1 });
    expect(result.text).toBe('recovered');
    expect(server.exchanges).toHaveLength(2);
    expect(server.exchanges[1]!.receivedAtWall).toBeGreaterThanOrEqual(at - TIMER_SLACK_MS);
  });

  it('streamText retries the request that opens the stream', async () => {
    server.enqueue(rateLimited({ 'retry-after-ms': '150' }), {
      kind: 'sse',
      parts: textStreamParts(['re', 'covered']),
    });
    const result = streamText({ model: model(), prompt: 'hi', maxRetries: 2 });
    const parts = await collect(result.fullStream);
    expect(parts.map((p) => p.type)).not.toContain('error');
    expect(await result.text).toBe('recovered');
    expect(server.exchanges).toHaveLength(2);
    expect(gapAfter(0)).toBeGreaterThanOrEqual(150 - TIMER_SLACK_MS);
  });

  it('gives up after maxRetries with a RetryError whose last error is the rate-limit error', async () => {
    server.enqueue(
      rateLimited({ 'retry-after-ms': '10' }),
      rateLimited({ 'retry-after-ms': '10' }),
      rateLimited({ 'retry-after-ms': '10' }),
    );
    const error = await failure(generateText({ model: model(), prompt: 'hi', maxRetries: 2 }));
    expect(RetryError.isInstance(error)).toBe(true);
    const retry = error as RetryError;
    expect(retry.reason).toBe('maxRetriesExceeded');
    expect(retry.errors).toHaveLength(3);
    expect(GatewayRateLimitError.isInstance(retry.lastError)).toBe(true);
    expect((retry.lastError as GatewayError).statusCode).toBe(429);
    expect((retry.lastError as GatewayError).responseHeaders?.['retry-after-ms']).toBe('10');
    expect(server.exchanges).toHaveLength(3);
  });
});

describe('which statuses are retried', () => {
  const retried: Array<[number, Fault]> = [
    [408, { kind: 'json', status: 408, body: gatewayError('timeout', 'timeout_error'), headers: { 'retry-after-ms': '20' } }],
    [409, { kind: 'json', status: 409, body: gatewayError('conflict', 'conflict'), headers: { 'retry-after-ms': '20' } }],
    [500, { kind: 'json', status: 500, body: gatewayError('boom', 'internal_server_error'), headers: { 'retry-after-ms': '20' } }],
    [
      502,
      {
        kind: 'text',
        status: 502,
        contentType: 'text/html',
        body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
        headers: { 'retry-after-ms': '20' },
      },
    ],
    [
      503,
      {
        kind: 'text',
        status: 503,
        contentType: 'text/html; charset=utf-8',
        body: '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body>down for maintenance</body></html>',
        headers: { 'retry-after-ms': '20' },
      },
    ],
    [504, { kind: 'text', status: 504, contentType: 'text/plain', body: '', headers: { 'retry-after-ms': '20' } }],
  ];

  it.each(retried)('%i is retried and the call recovers', async (_status, fault) => {
    server.enqueue(fault, ok);
    const result = await generateText({ model: model(), prompt: 'hi', maxRetries: 1 });
    expect(result.text).toBe('recovered');
    expect(server.exchanges).toHaveLength(2);
  });

  const notRetried: Array<[number, string]> = [
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [402, 'payment_required'],
    [403, 'forbidden'],
    [404, 'model_not_found'],
    [422, 'invalid_request_error'],
  ];

  it.each(notRetried)('%i (%s) is not retried', async (status, type) => {
    server.enqueue({ kind: 'json', status, body: gatewayError(`failed with ${status}`, type) });
    // A 404 model_not_found may look up the catalog (GET /config) to suggest an id;
    // a retry would queue behind it as a second language-model request.
    server.setDefault((exchange) =>
      exchange.path.endsWith('/config') ? { kind: 'json', body: { models: [] } } : ok,
    );
    try {
      // Were it retried, the success that follows would make the call pass.
      const error = await failure(generateText({ model: model(), prompt: 'hi', maxRetries: 1 }));
      // Not wrapped in a RetryError: the first error is thrown as it is.
      expect(RetryError.isInstance(error)).toBe(false);
      expect(GatewayError.isInstance(error)).toBe(true);
      expect(APICallError.isInstance(error)).toBe(true);
      expect((error as GatewayError).statusCode).toBe(status);
      expect((error as GatewayError).isRetryable).toBe(false);
      expect(languageModelRequests()).toBe(1);
    } finally {
      server.setDefault({ kind: 'json', status: 500, body: gatewayError('no response queued', 'internal_server_error') });
    }
  });

  it('402 is a GatewayPaymentRequiredError that says what to do', async () => {
    server.enqueue({
      kind: 'json',
      status: 402,
      body: gatewayError('Insufficient credits', 'insufficient_funds'),
    });
    const error = await failure(generateText({ model: model(), prompt: 'hi', maxRetries: 2 }));
    expect(GatewayPaymentRequiredError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Insufficient credits/);
    expect((error as Error).message).toMatch(/credit|budget/i);
    expect(server.exchanges).toHaveLength(1);
  });

  it('an HTML 5xx body becomes a readable GatewayResponseError once retries run out', async () => {
    const html = '<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>';
    server.enqueue({ kind: 'text', status: 503, contentType: 'text/html', body: html });
    const error = await failure(generateText({ model: model(), prompt: 'hi', maxRetries: 0 }));
    expect(GatewayResponseError.isInstance(error)).toBe(true);
    expect((error as GatewayError).statusCode).toBe(503);
    expect((error as GatewayError).isRetryable).toBe(true);
    expect((error as Error).message).toMatch(/503/);
    expect((error as GatewayError).responseBody).toBe(html);
  });
});

describe('connection failures', () => {
  it('a connection reset before any header is a clear, retryable error', async () => {
    server.enqueue({ kind: 'reset' });
    const error = await failure(generateText({ model: model(), prompt: 'hi', maxRetries: 0 }));
    expect(GatewayError.isInstance(error)).toBe(true);
    expect((error as GatewayError).isRetryable).toBe(true);
    expect((error as Error).message).toContain(server.baseURL);
    expect(server.exchanges).toHaveLength(1);
  });

  it('a reset is retried and the call recovers', async () => {
    server.enqueue({ kind: 'reset' }, ok);
    const result = await generateText({ model: model(), prompt: 'hi', maxRetries: 1 });
    expect(result.text).toBe('recovered');
    expect(server.exchanges).toHaveLength(2);
  });

  it('headers that arrive late but in time are simply waited for', async () => {
    server.enqueue({ kind: 'delay-headers', ms: 300, then: ok });
    const result = await generateText({ model: model(), prompt: 'hi', maxRetries: 0 });
    expect(result.text).toBe('recovered');
    expect(server.exchanges).toHaveLength(1);
  });
});
