/**
 * Batches (V4 only) through ai 7's experimental_startBatch, …getBatchStatus,
 * …getBatchResults, …cancelBatch and …listBatches, against a mock gateway, beside
 * @ai-sdk/gateway 4 making the same calls: the same wire and the same results.
 */
import { InvalidArgumentError, UnsupportedFunctionalityError } from '@ai-sdk/provider';
import { DownloadError, jsonSchema, tool } from '@ai-sdk/provider-utils';
import {
  experimental_cancelBatch as cancelBatch,
  experimental_getBatchResults as getBatchResults,
  experimental_getBatchStatus as getBatchStatus,
  experimental_listBatches as listBatches,
  experimental_startBatch as startBatch,
  type Experimental_BatchProvider as BatchProvider,
  type Experimental_BatchReference as BatchReference,
} from 'ai-v7';
import { createGateway as createPublicGateway } from 'gateway-v4';
import { HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGateway,
  GatewayInvalidRequestError,
  GatewayNotFoundError,
  GatewayPaymentRequiredError,
  GatewayRateLimitError,
  GatewayResponseError,
  registerGateway,
} from '../src/v4';
import { failure, json, mockGateway } from './support/mock-gateway';

const BASE = 'https://gateway.test/v4/ai';
const gateway = mockGateway();
const modelgate = createGateway({ baseURL: BASE, apiKey: 'test-key' });
const publicClient = createPublicGateway({ baseURL: BASE, apiKey: 'test-key' });
const batch: BatchReference = { version: 2, id: 'batch_123', provider: 'gateway.batch' };

beforeEach(() => {
  globalThis.AI_SDK_LOG_WARNINGS = false;
});
afterEach(() => {
  delete globalThis.AI_SDK_DEFAULT_PROVIDER;
  delete globalThis.AI_SDK_LOG_WARNINGS;
});


const bothClients = <T>(run: (provider: BatchProvider) => Promise<T>) => gateway.both(() => run(modelgate), () => run(publicClient));

const startAnswer = {
  batchId: 'batch_123',
  status: 'pending',
  rawStatus: 'validating',
  requestCounts: { total: 2, pending: 2, completed: 0, failed: 0 },
  error: null,
  createdAt: '2026-11-21T10:00:00.000Z',
  expiresAt: null,
  providerMetadata: { gateway: { asyncJob: { jobId: 'batch_123', status: 'queued', webhookSigningSecret: 'whsec_1' } } },
  warnings: [{ requestId: 'b', warning: { type: 'unsupported', feature: 'seed' } }, { requestId: null, warning: { type: 'other', message: 'slow' } }],
};

const weather = tool({
  description: 'Weather in a city',
  inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
});

const imageRequest = {
  id: 'a',
  type: 'text' as const,
  model: 'openai/gpt-5.4',
  system: 'Be brief.',
  messages: [
    {
      role: 'user' as const,
      content: [
        { type: 'text' as const, text: 'What is in this image?' },
        { type: 'image' as const, image: new Uint8Array([137, 80, 78, 71]), mediaType: 'image/png' },
        { type: 'file' as const, data: new Uint8Array([37, 80, 68, 70]), mediaType: 'application/pdf' },
        { type: 'image' as const, image: new URL('https://example.com/cat.png') },
      ],
    },
  ],
  temperature: 0.2,
  maxOutputTokens: 100,
  tools: { weather },
  providerOptions: { gateway: { order: ['openai'] } },
};
const requests = [
  imageRequest,
  { id: 'b', type: 'text' as const, model: 'openai/gpt-5.4', prompt: 'Say hi', seed: 7, tools: { weather }, toolChoice: 'none' as const },
];

describe('experimental_startBatch: same wire and result as @ai-sdk/gateway 4', () => {
  it('text requests with files, URLs, tools, options, a webhook, an idempotency key and headers', async () => {
    gateway.on('post', `${BASE}/batch/start`, () => json(startAnswer));
    const { ours, theirs, oursWire, theirsWire } = await bothClients((provider) =>
      startBatch({
        provider,
        requests,
        webhookUrl: 'https://example.com/hook',
        headers: { 'x-trace': 'abc' },
        providerOptions: { gateway: { idempotencyKey: 'nightly-1', tags: ['batch'] }, openai: { store: false } },
      }),
    );
    expect(oursWire).toEqual(theirsWire);
    const [sent] = oursWire;
    expect(sent).toMatchObject({
      method: 'POST',
      url: `${BASE}/batch/start`,
      headers: { 'ai-model-id': 'openai/gpt-5.4', 'idempotency-key': 'nightly-1', 'x-trace': 'abc', authorization: 'Bearer test-key' },
      body: { callbackUrl: 'https://example.com/hook', providerOptions: { gateway: { tags: ['batch'] }, openai: { store: false } } },
    });
    expect(sent!.body.requests.map((request: { id: string }) => request.id)).toEqual(['a', 'b']);
    // Inline bytes as base64, with their tag; URLs passed on for the gateway to fetch.
    expect(sent!.body.requests[0].options.prompt[1].content.slice(1)).toEqual([
      { type: 'file', data: { type: 'data', data: 'iVBORw==' }, mediaType: 'image/png' },
      { type: 'file', data: { type: 'data', data: 'JVBERg==' }, mediaType: 'application/pdf' },
      { type: 'file', data: { type: 'url', url: 'https://example.com/cat.png' }, mediaType: 'image' },
    ]);
    expect(ours).toEqual(theirs);
    expect(ours).toMatchObject({ version: 2, id: 'batch_123', provider: 'gateway.batch', status: 'pending', rawStatus: 'validating' });
    expect(ours).not.toHaveProperty('expiresAt');
    // The caller's requests are not changed by the encoding.
    expect(imageRequest.messages[0]!.content[1]).toEqual({ type: 'image', image: new Uint8Array([137, 80, 78, 71]), mediaType: 'image/png' });
  });

  it('an idempotency key alone leaves no providerOptions in the body', async () => {
    gateway.on('post', `${BASE}/batch/start`, () => json({ batchId: 'batch_9', status: 'pending' }));
    const { ours, theirs, oursWire, theirsWire } = await bothClients((provider) =>
      startBatch({ provider, requests: [requests[1]!], providerOptions: { gateway: { idempotencyKey: 'k-1' } } }),
    );
    expect(oursWire).toEqual(theirsWire);
    expect(oursWire[0]!.headers['idempotency-key']).toBe('k-1');
    expect(oursWire[0]!.body).not.toHaveProperty('providerOptions');
    expect(ours).toEqual(theirs);
    expect(ours.warnings).toEqual([]);
  });

  it('the default provider: registerGateway(modelgate) serves plain calls', async () => {
    gateway.on('post', `${BASE}/batch/start`, () => json({ batchId: 'batch_9', status: 'pending' }));
    registerGateway(modelgate);
    const started = await startBatch({ requests: [requests[1]!] });
    expect(started).toMatchObject({ id: 'batch_9', provider: 'gateway.batch' });
  });

  it('refuses image requests, mixed models and bad idempotency keys before sending', async () => {
    const image = await failure(
      startBatch({ provider: modelgate, requests: [{ id: 'i', type: 'image', model: 'openai/gpt-image-1', prompt: 'A cat' }] }),
    );
    expect(UnsupportedFunctionalityError.isInstance(image)).toBe(true);
    expect(image.message).toContain('text requests only');

    const mixed = await failure(
      startBatch({ provider: modelgate, requests: [requests[1]!, { ...requests[1]!, id: 'c', model: 'anthropic/claude-sonnet-4.6' }] }),
    );
    expect(InvalidArgumentError.isInstance(mixed)).toBe(true);
    expect(mixed.message).toContain('request "c" uses "anthropic/claude-sonnet-4.6"');

    const key = await failure(
      startBatch({ provider: modelgate, requests: [requests[1]!], providerOptions: { gateway: { idempotencyKey: 42 } } }),
    );
    expect(key.argument).toBe('providerOptions.gateway.idempotencyKey');

    const options = await failure(
      startBatch({ provider: modelgate, requests: [{ ...requests[1]!, providerOptions: { gateway: { order: 'openai' } } }] }),
    );
    expect(options.argument).toBe('requests[0].providerOptions.gateway.order');
    expect(options.message).toContain('Batch request "b"');
    expect(gateway.requests).toHaveLength(0);
  });
});

describe('status, results, cancel and list: same as @ai-sdk/gateway 4', () => {
  it('getBatchStatus drops nulls and keeps counts only when they add up', async () => {
    for (const answer of [
      { ...startAnswer, batchId: undefined, warnings: undefined, status: 'completed', requestCounts: { total: 2, pending: 0, completed: 1, failed: 1 } },
      { status: 'failed', requestCounts: { total: 3, pending: 0, completed: 1, failed: 1 }, error: { message: 'Quota', type: 'quota', code: null, statusCode: 429 } },
      { status: 'pending', requestCounts: null, providerMetadata: null },
    ]) {
      gateway.on('post', `${BASE}/batch/status`, () => json(answer));
      const { ours, theirs, oursWire, theirsWire } = await bothClients((provider) =>
        getBatchStatus({ provider, batch, headers: { 'x-trace': 't' } }),
      );
      expect(oursWire).toEqual(theirsWire);
      expect(oursWire[0]).toMatchObject({ url: `${BASE}/batch/status`, body: { batchId: 'batch_123' } });
      expect(oursWire[0]!.headers).not.toHaveProperty('ai-model-id');
      expect(ours).toEqual(theirs);
    }
  });

  const generateResult = (text: string) => ({
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: { inputTokens: { total: 5, noCache: 5 }, outputTokens: { total: 2, text: 2 } },
    warnings: [],
    providerMetadata: { gateway: { cost: '0.0001' } },
    response: { id: 'gen_1', modelId: 'openai/gpt-5.4', timestamp: '2026-11-21T10:00:00.000Z' },
  });
  const lines = [
    { type: 'text', id: 'a', status: 'succeeded', result: generateResult('Hällo ✓ 🎉') },
    { type: 'text', id: 'b', status: 'failed', error: { message: 'Upstream refused', code: 'refused' }, providerMetadata: { gateway: { cost: '0' } } },
    { type: 'text', id: 'c', status: 'cancelled' },
    { type: 'text', id: 'd', status: 'expired', error: { message: 'Too late' } },
  ];

  /** An NDJSON body cut into `size`-byte chunks (so lines and characters split across them). */
  function ndjson(text: string, size: number) {
    const bytes = new TextEncoder().encode(text);
    return new HttpResponse(
      new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += size) controller.enqueue(bytes.slice(i, i + size));
          controller.close();
        },
      }),
      { headers: { 'content-type': 'application/x-ndjson' } },
    );
  }

  async function readAll(provider: BatchProvider) {
    const items = [];
    for await (const item of getBatchResults({ provider, batch })) items.push(item);
    return items;
  }

  it.each([1, 7, 4096])('getBatchResults streams items, in %i-byte chunks, with blank and CRLF lines', async (size) => {
    const text = `${lines.map((line) => JSON.stringify(line)).join('\r\n')}\n\n   \n`;
    gateway.on('post', `${BASE}/batch/results`, () => ndjson(text, size));
    const { ours, theirs, oursWire, theirsWire } = await bothClients(readAll);
    expect(oursWire).toEqual(theirsWire);
    expect(ours).toEqual(theirs);
    expect(ours.map((item) => [item.id, item.status])).toEqual([['a', 'succeeded'], ['b', 'failed'], ['c', 'cancelled'], ['d', 'expired']]);
    expect(ours[0]).toMatchObject({ text: 'Hällo ✓ 🎉', response: { timestamp: '2026-11-21T10:00:00.000Z' } });
  });

  it('cancelBatch returns only the provider metadata', async () => {
    gateway.on('post', `${BASE}/batch/cancel`, () => json({ status: 'pending', rawStatus: 'cancelling', providerMetadata: { gateway: { asyncJob: { jobId: 'batch_123', status: 'cancelling' } } } }));
    const { ours, theirs, oursWire, theirsWire } = await bothClients((provider) => cancelBatch({ provider, batch }));
    expect(oursWire).toEqual(theirsWire);
    expect(oursWire[0]!.body).toEqual({ batchId: 'batch_123' });
    expect(ours).toEqual(theirs);
    expect(ours).toEqual({ providerMetadata: { gateway: { asyncJob: { jobId: 'batch_123', status: 'cancelling' } } } });
  });

  it('listBatches is not supported, as in the reference', async () => {
    for (const provider of [modelgate, publicClient]) {
      const error = await failure(listBatches({ provider }));
      expect(UnsupportedFunctionalityError.isInstance(error)).toBe(true);
    }
    expect(gateway.requests).toHaveLength(0);
  });

  it('a batch of another provider is refused by ai', async () => {
    const error = await failure(getBatchStatus({ provider: modelgate, batch: { ...batch, provider: 'openai.batch' } }));
    expect(error.message).toContain('not compatible');
  });
});

describe('result lines: per-line size cap and bad lines', () => {
  const line = (id: string, pad = 0) => JSON.stringify({ type: 'text', id, status: 'cancelled', note: 'x'.repeat(pad) });

  it('a line over batchResultDownloads.maxLineBytes fails with a clear error, after the lines before it', async () => {
    const client = createGateway({ baseURL: BASE, apiKey: 'k', batchResultDownloads: { maxLineBytes: 200 } });
    gateway.on('post', `${BASE}/batch/results`, () => new HttpResponse(`${line('a', 100)}\n${line('b', 300)}\n${line('c')}\n`));
    const stream = await client.experimental_batch().doGetBatchResults({ batchId: 'batch_123' });
    const reader = stream.getReader();
    expect((await reader.read()).value).toMatchObject({ id: 'a' });
    const error = await failure(reader.read());
    expect(DownloadError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'Line 2 of the batch results is longer than 200 bytes, the most batchResultDownloads.maxLineBytes allows. To read it, raise the limit, e.g. createGateway({ batchResultDownloads: { maxLineBytes: 400 } }).',
    );
  });

  it('stops reading an endless line at the cap instead of buffering the body, and cancels it', async () => {
    let pulled = 0;
    let cancelled = false;
    const chunk = new TextEncoder().encode('x'.repeat(1024));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(pulled === 1 ? new TextEncoder().encode('{"type":"text","id":"a","note":"') : chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    // A fetch that hands over the body as it is, so the test sees what the reader does to it.
    const client = createGateway({
      baseURL: BASE,
      apiKey: 'k',
      batchResultDownloads: { maxLineBytes: 64 * 1024 },
      fetch: async () => new Response(body),
    });
    const error = await failure(readStream(await client.experimental_batch().doGetBatchResults({ batchId: 'batch_123' })));
    expect(DownloadError.isInstance(error)).toBe(true);
    expect(error.message).toContain('Line 1 of the batch results is longer than 65536 bytes');
    // 64 KiB in 1 KiB chunks, plus the stream's read-ahead: far from an endless body.
    expect(pulled).toBeGreaterThan(64);
    expect(pulled).toBeLessThan(70);
    expect(cancelled).toBe(true);
  });

  it('the default cap is 64 MiB; a bad setting fails when the provider is created', () => {
    for (const batchResultDownloads of [{ maxLineBytes: 0 }, { maxLineBytes: 1.5 }, { maxLineBytes: '10' }, null]) {
      let error: unknown;
      try {
        createGateway({ batchResultDownloads: batchResultDownloads as { maxLineBytes: number } });
      } catch (caught) {
        error = caught;
      }
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('batchResultDownloads');
    }
  });

  it.each([
    ['not JSON', '{"type":"text","id":"b",', 'Line 2 of the batch results is not JSON'],
    ['not an item', '{"type":"image","id":"b","status":"succeeded"}', "Line 2 of the batch results is not a batch item with type 'text', an id and a status"],
    ['an unknown status', '{"type":"text","id":"b","status":"done"}', 'Line 2 of the batch results is not a batch item'],
  ])('a line that is %s is a response error naming the line', async (_name, bad, message) => {
    gateway.on('post', `${BASE}/batch/results`, () => new HttpResponse(`${line('a')}\n${bad}\n${line('c')}\n`));
    const error = await failure(readStream(await modelgate.experimental_batch().doGetBatchResults({ batchId: 'batch_123' })));
    expect(GatewayResponseError.isInstance(error)).toBe(true);
    expect(error.message).toContain(message);
  });
});

async function readStream<T>(stream: ReadableStream<T>): Promise<T[]> {
  const items: T[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) items.push(read.value);
  return items;
}

describe('batch errors, aborts and secrets', () => {
  it('an unknown batch is GatewayNotFoundError (404 not_found)', async () => {
    gateway.on('post', `${BASE}/batch/status`, () => json({ error: { message: 'Batch not found', type: 'not_found' } }, { status: 404 }));
    const error = await failure(getBatchStatus({ provider: modelgate, batch }));
    expect(GatewayNotFoundError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(404);
    expect(gateway.requests).toHaveLength(1);
  });

  it('results of a running batch: the 400 is GatewayInvalidRequestError', async () => {
    gateway.on('post', `${BASE}/batch/results`, () =>
      json({ error: { message: 'Batch is not terminal', type: 'invalid_request_error' } }, { status: 400 }),
    );
    const error = await failure(readStream(await Promise.resolve(getBatchResults({ provider: modelgate, batch }))));
    expect(GatewayInvalidRequestError.isInstance(error)).toBe(true);
  });

  it('429 with retry-after on status is retried by ai; a bare 429 is GatewayRateLimitError', async () => {
    gateway.on(
      'post',
      `${BASE}/batch/status`,
      () => json({ error: { message: 'Slow down', type: 'rate_limit_exceeded' } }, { status: 429, headers: { 'retry-after': '0' } }),
      () => json({ status: 'completed' }),
    );
    expect(await getBatchStatus({ provider: modelgate, batch })).toEqual({ status: 'completed' });
    expect(gateway.requests).toHaveLength(2);

    gateway.on('post', `${BASE}/batch/status`, () =>
      json({ error: { message: 'Slow down', type: 'rate_limit_exceeded' } }, { status: 429, headers: { 'retry-after': '3' } }),
    );
    const error = await failure(modelgate.experimental_batch().doGetBatchStatus({ batchId: 'batch_123' }));
    expect(GatewayRateLimitError.isInstance(error)).toBe(true);
    expect(error.responseHeaders['retry-after']).toBe('3');
  });

  it('402 on start is a payment error, not retried', async () => {
    gateway.on('post', `${BASE}/batch/start`, () => json({ error: { message: 'Out of credits', type: 'payment_required' } }, { status: 402 }));
    const error = await failure(startBatch({ provider: modelgate, requests: [requests[1]!] }));
    expect(GatewayPaymentRequiredError.isInstance(error)).toBe(true);
    expect(gateway.requests).toHaveLength(1);
  });

  it('an answer without a known status, or a start without batchId, is a response error', async () => {
    gateway.on('post', `${BASE}/batch/status`, () => json({ status: 'done' }));
    expect(GatewayResponseError.isInstance(await failure(getBatchStatus({ provider: modelgate, batch, maxRetries: 0 })))).toBe(true);
    gateway.on('post', `${BASE}/batch/start`, () => json({ status: 'pending' }));
    const error = await failure(startBatch({ provider: modelgate, requests: [requests[1]!] }));
    expect(error.message).toContain('without a batchId');
  });

  it('an abort during start is the abort error, not a retryable gateway error', async () => {
    const controller = new AbortController();
    gateway.on('post', `${BASE}/batch/start`, async () => {
      controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 50));
      return json({ batchId: 'x', status: 'pending' });
    });
    const error = await failure(startBatch({ provider: modelgate, requests: [requests[1]!], abortSignal: controller.signal }));
    expect(error.name).toBe('AbortError');
  });

  it('an abort while results stream in ends the stream with the abort and cancels the body', async () => {
    let cancelled: unknown;
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(new TextEncoder().encode(`${JSON.stringify({ type: 'text', id: 'a', status: 'cancelled' })}\n`));
      },
      cancel(reason) {
        cancelled = reason ?? 'cancelled';
      },
    });
    // This fetch ignores the signal, as some do: the reader must stop by itself.
    const client = createGateway({ baseURL: BASE, apiKey: 'k', fetch: async () => new Response(body) });
    const stream = await client.experimental_batch().doGetBatchResults({ batchId: 'batch_123', abortSignal: controller.signal });
    const reader = stream.getReader();
    expect((await reader.read()).value).toMatchObject({ id: 'a' });
    const next = reader.read();
    // Let the read of the next line start and wait on the body, then abort.
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const error = await failure(next);
    expect(error.name).toBe('AbortError');
    expect(cancelled).toBeDefined();
  });

  it('an abort through ai while results stream in (mock gateway)', async () => {
    const controller = new AbortController();
    gateway.on('post', `${BASE}/batch/results`, () =>
      new HttpResponse(
        new ReadableStream({
          start(stream) {
            stream.enqueue(new TextEncoder().encode(`${JSON.stringify({ type: 'text', id: 'a', status: 'cancelled' })}\n`));
          },
        }),
      ),
    );
    const items: unknown[] = [];
    const error = await failure(
      (async () => {
        for await (const item of getBatchResults({ provider: modelgate, batch, abortSignal: controller.signal })) {
          items.push(item);
          controller.abort();
        }
      })(),
    );
    expect(items).toHaveLength(1);
    expect(error.name).toBe('AbortError');
  });

  it('BYOK credentials inside batch requests and the API key never show in errors', async () => {
    const requestSecret = 'sk-request-secret-123456';
    const batchSecret = 'sk-batch-secret-654321';
    gateway.on('post', `${BASE}/batch/start`, () =>
      json(
        { error: { message: `Bad keys ${requestSecret} ${batchSecret} test-key-abcdef`, type: 'invalid_request_error' } },
        { status: 400 },
      ),
    );
    const client = createGateway({ baseURL: BASE, apiKey: 'test-key-abcdef' });
    const error = await failure(
      startBatch({
        provider: client,
        requests: [{ ...requests[1]!, providerOptions: { gateway: { byok: { openai: [{ apiKey: requestSecret }] } } } }],
        providerOptions: { gateway: { byok: { openai: [{ apiKey: batchSecret }] } } },
      }),
    );
    expect(GatewayInvalidRequestError.isInstance(error)).toBe(true);
    const shown = JSON.stringify({ message: error.message, body: error.responseBody, values: error.requestBodyValues });
    for (const secret of [requestSecret, batchSecret, 'test-key-abcdef']) expect(shown).not.toContain(secret);
    expect(error.requestBodyValues.requests[0].options.providerOptions.gateway.byok).toEqual({ openai: [{ apiKey: '[REDACTED]' }] });
    expect(error.requestBodyValues.providerOptions.gateway.byok).toEqual({ openai: [{ apiKey: '[REDACTED]' }] });
    // Both were sent.
    const sent = gateway.requests[0]!.body;
    expect(sent.requests[0].options.providerOptions.gateway.byok.openai[0].apiKey).toBe(requestSecret);
    expect(sent.providerOptions.gateway.byok.openai[0].apiKey).toBe(batchSecret);
  });

  it('a missing batch id is refused before sending', async () => {
    const error = await failure(modelgate.experimental_batch().doGetBatchStatus({ batchId: '' }));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(gateway.requests).toHaveLength(0);
  });
});
