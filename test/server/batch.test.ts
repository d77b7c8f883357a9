/**
 * Batch jobs through the server: `POST /v4/ai/batch/{start,status,results,cancel}` run on the upstream
 * providers' `experimental_batch()` (spec v4, as @ai-sdk/openai and @ai-sdk/anthropic offer it), on system
 * credentials, with failover, idempotent starts, key ownership and a charge when the results are read.
 * Through `ai` 7 with modelgate's client and the public @ai-sdk/gateway 4, over a real socket; the pure
 * parsing and encoding directly.
 */
import {
  APICallError,
  type Experimental_BatchV4 as BatchV4,
  type Experimental_BatchV4ItemResult as BatchV4ItemResult,
  type Experimental_BatchV4StartOptions as BatchV4StartOptions,
  type LanguageModelV4Usage,
} from '@ai-sdk/provider';
import {
  experimental_cancelBatch as cancelBatch,
  experimental_getBatchResults as getBatchResults,
  experimental_getBatchStatus as getBatchStatus,
  experimental_startBatch as startBatch,
  type Experimental_TextBatchRequest as TextBatchRequest,
} from 'ai-v7';
import { createGateway as createPublicGateway } from 'gateway-v4';
import { createHmac } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listen } from '../../src/cli/node-listener';
import { createGatewayServer } from '../../src/server';
import { batchItemToWire, batchPlan, decodeBatchRequests, parseBatchStartBody, type WireBatchRequest } from '../../src/server/batch-route';
import { addUsage } from '../../src/server/cost';
import type { RoutePlan } from '../../src/server/routing';
import { MemoryCounterStore } from '../../src/storage/memory-counter-store';
import { MemoryUsageStore } from '../../src/storage/memory-usage-store';
import { createGateway } from '../../src/v4';

const KEY = 'mg-batch-test-key-4f2a9c01';
const OTHER_KEY = 'mg-batch-other-key-77b3e02';
const SPEND_KEY = 'mg-batch-spend-key-0c91d55';
const TINY_KEY = 'mg-batch-tiny-key-a04e7f3';
const STEADY_SECRET = 'sk-steady-system-9a8b7c6d5e4f';
const CLIENT_BYOK = 'sk-client-own-1a2b3c4d5e6f';
const STEADY_PRICING = { input: '0.000001', output: '0.00001' };
/** Each succeeded item: 100 input and 10 output tokens at the steady prices. */
const ITEM_COST = 100 * 0.000001 + 10 * 0.00001;

// ---- the upstream: a hand-written spec v4 batch API per provider --------------------------------

interface UpstreamJob {
  provider: string;
  requests: BatchV4StartOptions['requests'];
  state: 'pending' | 'completed' | 'cancelled';
}
const upstreamJobs = new Map<string, UpstreamJob>();
const starts: Array<{ provider: string; apiKey: string | undefined; options: BatchV4StartOptions }> = [];
/** Starts that fail with 503 before one succeeds, per provider. */
const failures: Record<string, number> = {};
/** While set, upstream starts wait for it. */
let startGate: Promise<void> | undefined;
let upstreamIds = 0;

const usageOf = (input: number, output: number): LanguageModelV4Usage => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

function lastUserText(request: BatchV4StartOptions['requests'][number]): string {
  if (request.type !== 'text') return '';
  const user = request.options.prompt.filter((message) => message.role === 'user').at(-1);
  return user?.content.map((part) => (part.type === 'text' ? part.text : '')).join('') ?? '';
}

function itemOf(job: UpstreamJob, request: BatchV4StartOptions['requests'][number]): BatchV4ItemResult {
  if (job.state === 'cancelled') return { type: 'text', id: request.id, status: 'cancelled' };
  if (request.id.startsWith('fail')) return { type: 'text', id: request.id, status: 'failed', error: { message: `refused with ${STEADY_SECRET}`, code: 'invalid_prompt' } };
  return {
    type: 'text',
    id: request.id,
    status: 'succeeded',
    result: {
      content: [{ type: 'text', text: `echo: ${lastUserText(request)}` }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: usageOf(100, 10),
      warnings: [],
      providerMetadata: { [job.provider]: { servedBy: request.modelId } },
      response: { id: `resp_${request.id}`, modelId: request.modelId, timestamp: new Date('2026-05-01T00:00:01.000Z') },
    },
  };
}

function statusOf(job: UpstreamJob) {
  const total = job.requests.length;
  const done = job.state !== 'pending';
  return {
    status: job.state === 'cancelled' ? ('failed' as const) : done ? ('completed' as const) : ('pending' as const),
    rawStatus: job.state === 'pending' ? 'in_progress' : job.state,
    requestCounts: { total, pending: done ? 0 : total, completed: job.state === 'completed' ? total : 0, failed: job.state === 'cancelled' ? total : 0 },
    createdAt: '2026-05-01T00:00:00.000Z',
  };
}

function batchApi(provider: string, apiKey: string | undefined, cancellable: boolean): BatchV4 {
  const job = (batchId: string) => {
    const found = upstreamJobs.get(batchId);
    if (!found) throw new APICallError({ message: `no batch ${batchId}`, url: `http://${provider}.test/batches`, requestBodyValues: {}, statusCode: 404 });
    return found;
  };
  return {
    specificationVersion: 'v4',
    provider: `${provider}.batch`,
    supportedUrls: {},
    async doStartBatch(options) {
      starts.push({ provider, apiKey, options });
      await startGate;
      if ((failures[provider] ?? 0) > 0) {
        failures[provider]! -= 1;
        throw new APICallError({ message: 'overloaded', url: `http://${provider}.test/batches`, requestBodyValues: {}, statusCode: 503, isRetryable: true });
      }
      const batchId = `up_${provider}_${++upstreamIds}`;
      const created: UpstreamJob = { provider, requests: options.requests, state: 'pending' };
      upstreamJobs.set(batchId, created);
      return {
        batchId,
        ...statusOf(created),
        providerMetadata: { [provider]: { inputFileId: `file_${upstreamIds}` } },
        warnings: [{ requestId: options.requests[0]!.id, warning: { type: 'other', message: `${provider} notes the batch` } }],
      };
    },
    async doGetBatchStatus({ batchId }) {
      return statusOf(job(batchId));
    },
    async doGetBatchResults({ batchId }) {
      const found = job(batchId);
      const items = found.requests.map((request) => itemOf(found, request));
      return new ReadableStream<BatchV4ItemResult>({
        start(controller) {
          items.forEach((item) => controller.enqueue(item));
          controller.close();
        },
      });
    },
    ...(cancellable
      ? {
          async doCancelBatch({ batchId }: { batchId: string }) {
            const found = job(batchId);
            if (found.state === 'pending') found.state = 'cancelled';
            return { providerMetadata: { [provider]: { cancelRequested: true } } };
          },
        }
      : {}),
  };
}

/** Completes every upstream batch still running. */
const finishUpstream = () => upstreamJobs.forEach((job) => job.state === 'pending' && (job.state = 'completed'));

const languageModel = () => {
  throw new Error('this test calls batches only');
};
/** Moves the counter store's clock ahead (claims and markers expire by it). */
let storeClockAheadMs = 0;
const counters = new MemoryCounterStore({ now: () => Date.now() + storeClockAheadMs });
const usage = new MemoryUsageStore();
const gateway = createGatewayServer(
  {
    providers: {
      plain: { languageModel },
      flaky: { languageModel, experimental_batch: () => batchApi('flaky', undefined, true) } as { languageModel: () => never },
      steady: {
        create: (settings: Record<string, unknown>) => ({ languageModel, experimental_batch: () => batchApi('steady', settings.apiKey as string | undefined, true) }),
        settings: { apiKey: STEADY_SECRET },
      },
      stubborn: { languageModel, experimental_batch: () => batchApi('stubborn', undefined, false) } as { languageModel: () => never },
    },
    models: {
      'acme/chat': {
        providers: [
          { provider: 'plain', model: 'p-model' },
          { provider: 'flaky', model: 'f-model', pricing: STEADY_PRICING },
          { provider: 'steady', model: 's-model', pricing: STEADY_PRICING },
        ],
      },
      'acme/solo': { providers: [{ provider: 'stubborn', model: 'st-model', pricing: STEADY_PRICING }] },
      'acme/plain': { providers: [{ provider: 'plain', model: 'p-model' }] },
    },
    keys: [
      { name: 'test', key: KEY },
      { name: 'other', key: OTHER_KEY },
      { name: 'spend', key: SPEND_KEY, budget: { monthlyUsd: 1 } },
      { name: 'tiny', key: TINY_KEY, budget: { monthlyUsd: ITEM_COST / 2 } },
    ],
    demoteUnhealthy: false,
    env: {},
  },
  { counters, usage },
);

let server: Server;
let origin: string;
let baseURL: string;
beforeAll(async () => {
  // The upstream's start warnings reach ai 7, which would log each one.
  Object.assign(globalThis, { AI_SDK_LOG_WARNINGS: false });
  const listening = await listen(gateway.fetch);
  server = listening.server;
  origin = listening.url;
  baseURL = `${origin}/v4/ai`;
});
afterAll(async () => {
  await gateway.close();
  delete (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS;
  server?.closeAllConnections();
  server?.close();
});
beforeEach(() => {
  starts.length = 0;
  for (const provider of Object.keys(failures)) delete failures[provider];
  startGate = undefined;
  storeClockAheadMs = 0;
});

const clients = [
  ['modelgate', (apiKey: string) => createGateway({ baseURL, apiKey })],
  ['@ai-sdk/gateway 4', (apiKey: string) => createPublicGateway({ baseURL, apiKey })],
] as const;

const FILE_BYTES = new Uint8Array([37, 80, 68, 70, 1, 2, 3]);
const request = (id: string, text: string, model = 'acme/chat'): TextBatchRequest => ({
  id,
  type: 'text',
  model,
  messages: [{ role: 'user', content: [{ type: 'text', text }, { type: 'file', data: FILE_BYTES, mediaType: 'application/pdf' }] }],
  maxOutputTokens: 50,
  providerOptions: { gateway: { tags: ['batch'] }, steady: { priority: 'low' } },
});

const gatewayOfBatch = (metadata: unknown) => (metadata as { gateway: { asyncJob: { jobId: string; webhookSigningSecret?: string } } }).gateway;

type Delivery = { headers: Record<string, string | string[] | undefined>; body: string };

/** A webhook receiver on a socket: every POST it got, and the next one to come. */
async function webhookReceiver() {
  const deliveries: Delivery[] = [];
  const waiting: Array<(delivery: Delivery) => void> = [];
  const receiver = createHttpServer((incoming, outgoing) => {
    let body = '';
    incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
    incoming.on('end', () => {
      const delivery = { headers: incoming.headers, body };
      deliveries.push(delivery);
      outgoing.writeHead(200).end();
      waiting.shift()?.(delivery);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks/batch`,
    deliveries,
    next: () => new Promise<Delivery>((resolve) => waiting.push(resolve)),
    close: () => receiver.close(),
  };
}

function verifySignature(delivery: Delivery, secret: string) {
  const [t, v1] = String(delivery.headers['x-ai-gateway-signature']).split(',').map((part) => part.split('=')[1]);
  expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest('hex'));
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}, key = KEY) {
  const response = await fetch(`${baseURL}/${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { error: { type: string; message: string; param?: unknown } } & Record<string, unknown> };
}

// ---- pure functions -----------------------------------------------------------------------------

describe('parseBatchStartBody', () => {
  const ok = { id: 'a', type: 'text', modelId: 'acme/chat', options: { prompt: [] } };
  it.each([
    [{ requests: [] }, 'requests', /at least one request/],
    [{ requests: [ok, { ...ok, id: 'b', type: 'image' }] }, 'requests.1.type', /text requests only/],
    [{ requests: [ok, { ...ok, id: 'b', modelId: 'acme/other' }] }, 'requests.1.modelId', /one batch per model/],
    [{ requests: [ok, ok] }, 'requests.1.id', /appears twice/],
    [{ requests: [{ ...ok, id: '' }] }, 'requests.0.id', /Invalid batch start at `requests.0.id`/],
    [{}, 'requests', /Invalid batch start at `requests`/],
  ])('%j → 400 at %s', (body, param, message) => {
    expect(() => parseBatchStartBody(body, 'acme/chat')).toThrow(expect.objectContaining({ status: 400, type: 'invalid_request_error', param, message: expect.stringMatching(message) }));
  });

  it('keeps the requests and the provider options', () => {
    expect(parseBatchStartBody({ requests: [ok], providerOptions: { openai: { x: 1 } }, callbackUrl: null }, 'acme/chat')).toEqual({ requests: [ok], providerOptions: { openai: { x: 1 } } });
  });
});

describe('decodeBatchRequests', () => {
  const wire: WireBatchRequest = {
    id: 'a',
    type: 'text',
    modelId: 'acme/chat',
    options: {
      prompt: [{ role: 'user', content: [{ type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'AQID' } }] }],
      temperature: 0.2,
      headers: { 'x-leak': 'no' },
      providerOptions: { gateway: { order: ['steady'] }, openai: { store: false } },
    },
  };
  it('decodes base64 file bytes, keeps the text batch options and drops the gateway options and anything else', () => {
    const { requests } = decodeBatchRequests([wire]);
    expect(requests).toEqual([
      {
        id: 'a',
        type: 'text',
        modelId: 'acme/chat',
        options: {
          prompt: [{ role: 'user', content: [{ type: 'file', mediaType: 'image/png', data: { type: 'data', data: new Uint8Array([1, 2, 3]) } }] }],
          temperature: 0.2,
          providerOptions: { openai: { store: false } },
        },
      },
    ]);
  });
  it('names the request whose options do not decode', () => {
    expect(() => decodeBatchRequests([wire, { ...wire, id: 'b', options: { prompt: 'hi' } }])).toThrow(
      expect.objectContaining({ status: 400, param: 'requests.1.options', message: expect.stringMatching(/^Request "b": /) }),
    );
  });
});

describe('batchPlan', () => {
  const attempt = (provider: string, extra: object = {}) => ({ modelId: 'acme/chat', provider, providerModelId: `${provider}-m`, credentialType: 'system' as const, ...extra });
  const plan: RoutePlan = {
    originalModelId: 'acme/chat',
    models: [
      {
        model: { id: 'acme/chat', name: 'chat', type: 'language', endpoints: [] },
        attempts: [attempt('plain'), attempt('a', { credentialType: 'byok', credential: { apiKey: 'k' } }), attempt('a', { clientCredential: { header: 'x-api-key', token: 't' } }), attempt('a'), attempt('b')],
      },
    ],
    fallbacksAvailable: ['a', 'b'],
    planningReasoning: 'Execution order: …',
  };
  it('keeps system credentials of providers with batch APIs, in order', () => {
    const cut = batchPlan(plan, (provider) => provider !== 'plain');
    expect(cut.models[0]!.attempts).toEqual([attempt('a'), attempt('b')]);
    expect(cut.fallbacksAvailable).toEqual(['b']);
  });
  it('400 no_providers_available when none is left', () => {
    expect(() => batchPlan(plan, (provider) => provider === 'plain' && false)).toThrow(
      expect.objectContaining({ status: 400, type: 'no_providers_available', message: expect.stringContaining("No provider of 'acme/chat' offers batches in this gateway's config") }),
    );
  });
});

describe('batchItemToWire and addUsage', () => {
  it('a succeeded item: the wire result with an ISO timestamp and its cost; a failed one scrubbed', () => {
    const job: UpstreamJob = { provider: 'steady', requests: [], state: 'completed' };
    const item = itemOf(job, { id: 'a', type: 'text', modelId: 's-model', options: { prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] } });
    const encoded = batchItemToWire(item, STEADY_PRICING, []);
    const line = JSON.parse(encoded.line);
    expect(encoded.line.endsWith('\n')).toBe(true);
    expect(line).toMatchObject({ type: 'text', id: 'a', status: 'succeeded', result: { content: [{ type: 'text', text: 'echo: hi' }], response: { timestamp: '2026-05-01T00:00:01.000Z' } } });
    expect(Number(line.result.providerMetadata.gateway.cost)).toBeCloseTo(ITEM_COST, 12);
    expect(encoded.cost).toBeCloseTo(ITEM_COST, 12);
    const failed = batchItemToWire({ type: 'text', id: 'f', status: 'failed', error: { message: `bad ${STEADY_SECRET}` } }, STEADY_PRICING, [STEADY_SECRET]);
    expect(failed.line).not.toContain(STEADY_SECRET);
    expect(failed.cost).toBe(0);
  });
  it('adds usage field by field', () => {
    expect(addUsage(usageOf(1, 2), usageOf(3, 4))).toEqual(usageOf(4, 6));
    expect(addUsage(undefined, usageOf(1, 2))).toEqual(usageOf(1, 2));
  });
});

// ---- over a socket ------------------------------------------------------------------------------

describe.each(clients)('ai 7 with the %s client over a socket', (name, client) => {
  it('start → status → results: the upstream gets the provider model id, the decoded prompt and no gateway options', async () => {
    const provider = client(KEY);
    const batch = await startBatch({
      provider,
      requests: [request('one', 'first question'), request('two', 'second question')],
      providerOptions: { gateway: { order: ['flaky', 'steady'] }, flaky: { window: '24h' } },
    });
    expect(batch.id).toMatch(/^batch_[0-9A-Z]{26}$/);
    expect(batch).toMatchObject({ provider: 'gateway.batch', status: 'pending', rawStatus: 'in_progress', requestCounts: { total: 2, pending: 2, completed: 0, failed: 0 } });
    expect(batch.warnings).toEqual([{ requestId: 'one', warning: { type: 'other', message: 'flaky notes the batch' } }]);
    const gatewayMetadata = batch.providerMetadata?.gateway as { generationId: string; asyncJob: { jobId: string }; routing: { finalProvider: string; attempts: Array<{ provider: string; success: boolean }> } };
    expect(gatewayMetadata.asyncJob).toMatchObject({ jobId: batch.id });
    expect(gatewayMetadata).not.toHaveProperty('asyncJob.webhookSigningSecret');
    expect(gatewayMetadata.generationId).toMatch(/^gen_/);
    expect(gatewayMetadata.routing.finalProvider).toBe('flaky');
    expect(gatewayMetadata.routing.attempts.map((attempt) => [attempt.provider, attempt.success])).toEqual([['flaky', true]]);
    expect(batch.providerMetadata?.flaky).toEqual({ inputFileId: expect.stringMatching(/^file_/) });
    expect(JSON.stringify(batch)).not.toMatch(/up_flaky/);

    // What reached the upstream: its own model id, the prompt with the file's bytes, no gateway options.
    expect(starts).toHaveLength(1);
    const sent = starts[0]!.options;
    expect(sent.providerOptions).toEqual({ flaky: { window: '24h' } });
    expect(sent.requests.map((entry) => [entry.id, entry.type, entry.modelId])).toEqual([['one', 'text', 'f-model'], ['two', 'text', 'f-model']]);
    const first = sent.requests[0]!;
    if (first.type !== 'text') throw new Error('expected a text request');
    expect(first.options.maxOutputTokens).toBe(50);
    expect(first.options.providerOptions).toEqual({ steady: { priority: 'low' } });
    const content = first.options.prompt[0]!.content as Array<{ type: string; text?: string; data?: unknown }>;
    expect(content[0]).toMatchObject({ type: 'text', text: 'first question' });
    expect(content[1]).toMatchObject({ type: 'file', mediaType: 'application/pdf', data: { type: 'data', data: FILE_BYTES } });

    await gateway.flushUsage();
    expect(await usage.get(gatewayMetadata.generationId)).toMatchObject({ kind: 'language', model: 'acme/chat', provider: 'flaky', cost: 0, status: 200 });

    // Results before the batch is over: 400.
    await expect(collect(getBatchResults({ provider, batch }))).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('is still running') });

    finishUpstream();
    const status = await getBatchStatus({ provider, batch });
    expect(status).toMatchObject({ status: 'completed', rawStatus: 'completed', requestCounts: { total: 2, completed: 2 }, createdAt: '2026-05-01T00:00:00.000Z' });
    expect(status.providerMetadata?.gateway).toMatchObject({ asyncJob: { jobId: batch.id, status: 'completed' } });

    const items = await collect(getBatchResults({ provider, batch }));
    expect(items.map((item) => [item.id, item.status])).toEqual([['one', 'succeeded'], ['two', 'succeeded']]);
    const firstItem = items[0] as { text: string; response: { timestamp: string; modelId: string }; usage: { inputTokens: number }; providerMetadata: Record<string, Record<string, unknown>> };
    expect(firstItem.text).toBe('echo: first question');
    // ai 7 calls toISOString() on the timestamp the client revived from the wire's ISO string.
    expect(firstItem.response.timestamp).toBe('2026-05-01T00:00:01.000Z');
    expect(firstItem.response.modelId).toBe('f-model');
    expect(firstItem.usage.inputTokens).toBe(100);
    expect(Number(firstItem.providerMetadata.gateway!.cost)).toBeCloseTo(ITEM_COST, 12);
  });

  it("fails over when the first provider's start answers 503, skipping providers without batches and BYOK credentials", async () => {
    failures.flaky = 1;
    const batch = await startBatch({
      provider: client(KEY),
      requests: [request('one', 'hello')],
      providerOptions: { gateway: { byok: { steady: [{ apiKey: CLIENT_BYOK }] } } },
    });
    expect(starts.map((entry) => [entry.provider, entry.apiKey])).toEqual([['flaky', undefined], ['steady', STEADY_SECRET]]);
    expect(starts[1]!.options.requests[0]!.modelId).toBe('s-model');
    const routing = (batch.providerMetadata?.gateway as { routing: { finalProvider: string; attempts: Array<{ provider: string; success: boolean; statusCode?: number; credentialType: string }> } }).routing;
    expect(routing.finalProvider).toBe('steady');
    expect(routing.attempts.map((attempt) => [attempt.provider, attempt.credentialType, attempt.success, attempt.statusCode])).toEqual([
      ['flaky', 'system', false, 503],
      ['steady', 'system', true, 200],
    ]);
    // The job record holds no credential.
    const entry = await counters.getCached(`batch:${batch.id}`);
    expect(JSON.parse(entry!.body)).toMatchObject({ provider: 'steady', keyName: 'test', modelId: 'acme/chat', providerModelId: 's-model', pricing: STEADY_PRICING });
    expect(entry!.body).not.toContain(CLIENT_BYOK);
    expect(entry!.body).not.toContain(STEADY_SECRET);
  });

  it('an idempotency key replays the first start; the same key with another batch is 422', async () => {
    const key = `nightly-${name}-${Date.now()}`;
    const provider = client(KEY);
    const options = { provider, requests: [request('one', 'hello')], providerOptions: { gateway: { idempotencyKey: key } } };
    const first = await startBatch(options);
    // Later than the start's claim on the key lasts: the stored answer still replays.
    storeClockAheadMs += 11 * 60_000;
    const again = await startBatch(options);
    expect(again.id).toBe(first.id);
    expect(again.providerMetadata).toEqual(first.providerMetadata);
    expect(starts).toHaveLength(1);
    await expect(startBatch({ ...options, requests: [request('one', 'something else')] })).rejects.toMatchObject({ statusCode: 422 });
    // Another key's idempotency keys are its own.
    const theirs = await startBatch({ ...options, provider: client(OTHER_KEY) });
    expect(theirs.id).not.toBe(first.id);
    expect(starts).toHaveLength(2);
  });

  it('cancel: the upstream cancels, status turns failed, the items come back cancelled', async () => {
    const provider = client(KEY);
    const batch = await startBatch({ provider, requests: [request('one', 'hello'), request('two', 'there')] });
    const cancelled = await cancelBatch({ provider, batch });
    expect(cancelled.providerMetadata?.flaky).toEqual({ cancelRequested: true });
    expect(await getBatchStatus({ provider, batch })).toMatchObject({ status: 'failed', rawStatus: 'cancelled' });
    const items = await collect(getBatchResults({ provider, batch }));
    expect(items.map((item) => [item.id, item.status])).toEqual([['one', 'cancelled'], ['two', 'cancelled']]);
  });

  it('a provider without doCancelBatch: cancel is 400', async () => {
    const provider = client(KEY);
    const batch = await startBatch({ provider, requests: [request('one', 'hello', 'acme/solo')] });
    await expect(cancelBatch({ provider, batch })).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining("'stubborn', which cannot cancel batches") });
  });

  it("another key's batch, and an unknown one, are 404 for status, results and cancel", async () => {
    const batch = await startBatch({ provider: client(KEY), requests: [request('one', 'hello')] });
    finishUpstream();
    const other = client(OTHER_KEY);
    for (const reference of [batch, { ...batch, id: 'batch_00000000000000000000000000' }]) {
      await expect(getBatchStatus({ provider: other, batch: reference })).rejects.toMatchObject({ statusCode: 404 });
      await expect(collect(getBatchResults({ provider: other, batch: reference }))).rejects.toMatchObject({ statusCode: 404 });
      await expect(cancelBatch({ provider: other, batch: reference })).rejects.toMatchObject({ statusCode: 404 });
    }
    // The owner reads it until it expires, 30 days on.
    await expect(getBatchStatus({ provider: client(KEY), batch })).resolves.toMatchObject({ status: 'completed' });
    storeClockAheadMs = 31 * 86_400_000;
    await expect(getBatchStatus({ provider: client(KEY), batch })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('a webhook URL gets a signing secret on start, once; the end of the batch is POSTed to it, signed', async () => {
    const hook = await webhookReceiver();
    try {
      const provider = client(KEY);
      const options = { provider, requests: [request('one', 'hello')], webhookUrl: hook.url, providerOptions: { gateway: { idempotencyKey: `hooked-${name}-${Date.now()}` } } };
      const batch = await startBatch(options);
      const secret = gatewayOfBatch(batch.providerMetadata).asyncJob.webhookSigningSecret;
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      // The replayed start is the stored answer: the secret was never stored.
      const replay = await startBatch(options);
      expect(replay.id).toBe(batch.id);
      expect(gatewayOfBatch(replay.providerMetadata).asyncJob).not.toHaveProperty('webhookSigningSecret');

      const arrived = hook.next();
      finishUpstream();
      const delivery = await arrived;
      verifySignature(delivery, secret!);
      expect(JSON.parse(delivery.body)).toEqual({ type: 'batch.completed', data: { jobId: batch.id, status: 'completed' } });
      expect(delivery.headers['x-ai-gateway-idempotency-key']).toBe(`${batch.id}-completed`);
      expect(hook.deliveries).toHaveLength(1);
    } finally {
      hook.close();
    }
  });

  it('a cancelled batch sends batch.cancelled; a webhook URL that is not http(s) is 400 before any start', async () => {
    const hook = await webhookReceiver();
    try {
      const provider = client(KEY);
      const batch = await startBatch({ provider, requests: [request('one', 'hello')], webhookUrl: hook.url });
      const arrived = hook.next();
      await cancelBatch({ provider, batch });
      expect(JSON.parse((await arrived).body)).toEqual({ type: 'batch.cancelled', data: { jobId: batch.id, status: 'cancelled' } });
    } finally {
      hook.close();
    }
    starts.length = 0;
    await expect(startBatch({ provider: client(KEY), requests: [request('one', 'hello')], webhookUrl: 'ftp://example.test/hook' })).rejects.toMatchObject({ statusCode: 400 });
    expect(starts).toHaveLength(0);
  });

  it('a model no batch-capable provider serves is 400 no_providers_available', async () => {
    await expect(startBatch({ provider: client(KEY), requests: [request('one', 'hello', 'acme/plain')] })).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("No provider of 'acme/plain' offers batches"),
    });
  });
});

const wireRequest = (id: string, extra: object = {}) => ({ id, type: 'text', modelId: 'acme/chat', options: { prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }, ...extra });

describe('idempotent starts at once (raw requests)', () => {
  it('a second start with the key while the first runs is 409; a failed start frees the key', async () => {
    const headers = { 'ai-model-id': 'acme/solo', 'idempotency-key': `race-${Date.now()}` };
    const body = { requests: [wireRequest('a', { modelId: 'acme/solo' })] };
    // The first start fails (its only provider answers 503): the key is free again.
    failures.stubborn = 1;
    expect((await post('batch/start', body, headers)).status).toBe(500);
    let open!: () => void;
    startGate = new Promise((resolve) => (open = resolve));
    const first = post('batch/start', body, headers);
    await expect.poll(() => starts.length).toBe(2);
    const second = await post('batch/start', body, headers);
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain('still running');
    open();
    const answered = await first;
    expect(answered.status).toBe(200);
    const replayed = await post('batch/start', body, headers);
    expect(replayed.body.batchId).toBe(answered.body.batchId);
    expect(starts).toHaveLength(2);
  });
});

describe('batch/start refusals (raw requests)', () => {
  it.each([
    [{ requests: [] }, 'requests'],
    [{ requests: [wireRequest('a'), wireRequest('b', { modelId: 'acme/solo' })] }, 'requests.1.modelId'],
    [{ requests: [wireRequest('a', { type: 'image' })] }, 'requests.0.type'],
    [{ requests: [wireRequest('a')], callbackUrl: 'javascript:alert(1)' }, 'callbackUrl'],
  ])('%j → 400 naming %s', async (body, param) => {
    const { status, body: answer } = await post('batch/start', body, { 'ai-model-id': 'acme/chat' });
    expect(status).toBe(400);
    expect(answer.error).toMatchObject({ type: 'invalid_request_error', param });
    expect(starts).toHaveLength(0);
  });

  it('batch endpoints exist on /v4/ai only', async () => {
    const response = await fetch(`${origin}/v3/ai/batch/status`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: '{"batchId":"batch_x"}' });
    expect(response.status).toBe(404);
  });
});

describe('spend', () => {
  it('a batch is charged once, when its results are first read to the end, at the serving provider’s prices', async () => {
    const provider = createGateway({ baseURL, apiKey: SPEND_KEY });
    const batch = await startBatch({ provider, requests: [request('one', 'a'), request('fail-two', 'b'), request('three', 'c')] });
    finishUpstream();
    expect(Number((await provider.getCredits()).totalUsed)).toBe(0);
    const items = await collect(getBatchResults({ provider, batch }));
    expect(items.map((item) => item.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    const failed = items[1] as { error: { message: string } };
    expect(failed.error.message).not.toContain(STEADY_SECRET);
    // Read again, through the other client too: no second charge.
    await collect(getBatchResults({ provider, batch }));
    await collect(getBatchResults({ provider: createPublicGateway({ baseURL, apiKey: SPEND_KEY }), batch }));
    await gateway.flushUsage();
    const charges = (await usage.recent(1000, { keyName: 'spend' })).filter((record) => record.kind === 'batch');
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ model: 'acme/chat', provider: 'flaky', providerModel: 'f-model', credentialType: 'system', inputTokens: 200, outputTokens: 20, status: 200 });
    expect(charges[0]!.cost).toBeCloseTo(2 * ITEM_COST, 12);
    expect(Number((await provider.getCredits()).totalUsed)).toBeCloseTo(2 * ITEM_COST, 12);
  });

  it("a batch's charge counts against the key's budget: the next start is refused with 402", async () => {
    const provider = createGateway({ baseURL, apiKey: TINY_KEY });
    const batch = await startBatch({ provider, requests: [request('one', 'a')] });
    finishUpstream();
    await collect(getBatchResults({ provider, batch }));
    await expect(startBatch({ provider, requests: [request('one', 'a')] })).rejects.toMatchObject({ statusCode: 402 });
  });
});
