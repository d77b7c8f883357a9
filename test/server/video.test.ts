import { APICallError } from '@ai-sdk/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimental_generateVideo as generateVideo6 } from 'ai-v6';
import { experimental_generateVideo as generateVideo, experimental_getVideoStatus as getVideoStatus, experimental_startVideo as startVideo } from 'ai-v7';
import { MockVideoModelV3, MockVideoModelV4 } from 'ai-v7/test';
import { createGatewayProvider as createGateway3 } from 'gateway-v3';
import { createGateway as createGateway4 } from 'gateway-v4';
import type { Experimental_VideoModelV4 } from '@ai-sdk/provider';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { listen } from '../../src/cli/node-listener';
import { createGatewayServer } from '../../src/server';
import { openRedisCounterStore } from '../../src/storage/redis-counter-store';
import type { CounterStore } from '../../src/storage/types';
import { startRedis, type RedisInstance } from '../storage/engines';

/**
 * Video generation through the server, called by the public gateway clients (3.x with
 * ai 6, 4.x with ai 7) over a real socket, served by upstream video models of spec v3 and v4.
 */

const KEY = 'video-test-key-0123456789';
const OTHER_KEY = 'video-test-other-key-0123456789';
const down = () => {
  throw new APICallError({ message: 'upstream is down', url: 'http://upstream.test', requestBodyValues: {}, statusCode: 500, isRetryable: true });
};
const noLanguage = () => {
  throw new Error('no language models here');
};
const videoBytes = new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112, 109, 112, 52, 50, 1, 2, 3, 4]);
const response = { timestamp: new Date(0), modelId: 'upstream-video', headers: undefined };
const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

const received: unknown[] = [];
const videoV4 = new MockVideoModelV4({
  doGenerate: async (options) => {
    received.push(options);
    return {
      videos: [{ type: 'binary', data: videoBytes, mediaType: 'video/mp4' }],
      warnings: [{ type: 'deprecated', setting: 'fps', message: 'fps is fixed' }],
      providerMetadata: { upstream: { jobSeconds: 42 } },
      response,
    };
  },
});
// Takes 50 ms and stops when its call is cancelled, as a provider's fetch does.
const slowVideoV4 = new MockVideoModelV4({
  doGenerate: ({ abortSignal }) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve({ videos: [{ type: 'binary', data: videoBytes, mediaType: 'video/mp4' }], warnings: [], response }), 50);
      abortSignal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(abortSignal.reason);
      });
    }),
});
const videoV3 = new MockVideoModelV3({
  doGenerate: async (options) => {
    received.push(options);
    return { videos: [{ type: 'base64', data: toBase64(videoBytes), mediaType: 'video/webm' }], warnings: [], response };
  },
});

const gateway = createGatewayServer({
  providers: {
    broken: { languageModel: noLanguage, videoModel: down },
    modern: { languageModel: noLanguage, videoModel: () => videoV4 },
    older: { languageModel: noLanguage, videoModel: () => videoV3 },
    slow: { languageModel: noLanguage, videoModel: () => slowVideoV4 },
  },
  models: {
    'google/veo-3.1-generate-001': { type: 'video', providers: [{ provider: 'broken', model: 'v' }, { provider: 'modern', model: 'v' }] },
    'klingai/kling-v2.6-t2v': { type: 'video', providers: [{ provider: 'older', model: 'v' }] },
    'minimax/hailuo-2.3': { type: 'video', providers: [{ provider: 'broken', model: 'v' }] },
    'bytedance/seedance-v1.0-pro': { type: 'video', providers: [{ provider: 'slow', model: 'v' }] },
  },
  keys: [
    { name: 'test', key: KEY },
    { name: 'other', key: OTHER_KEY },
  ],
});

let http: Server;
let url: string;
beforeAll(async () => {
  ({ server: http, url } = await listen(gateway.fetch));
});
afterAll(() => {
  http.close();
});

type Routing = { finalProvider?: string; attempts: Array<{ provider: string; success: boolean; statusCode?: number }> };
const gatewayOf = (metadata: unknown) => (metadata as { gateway: { routing: Routing; generationId: string; asyncJob?: { jobId: string; status: string; webhookSigningSecret?: string } } }).gateway;

describe('server: video models through the public clients', () => {
  it('generates with gateway 4 / ai 7, failing over from a 500; binary videos arrive as bytes', async () => {
    const gw = createGateway4({ baseURL: `${url}/v4/ai`, apiKey: KEY });
    const result = await generateVideo({
      model: gw.videoModel('google/veo-3.1-generate-001'),
      prompt: 'a cat surfing',
      aspectRatio: '16:9',
      resolution: '1280x720',
      duration: 4,
      seed: 0,
      generateAudio: false,
      maxRetries: 0,
    });
    expect(result.video.uint8Array).toEqual(videoBytes);
    expect(result.video.mediaType).toBe('video/mp4');
    expect(received.at(-1)).toMatchObject({ prompt: 'a cat surfing', n: 1, aspectRatio: '16:9', resolution: '1280x720', duration: 4, seed: 0, generateAudio: false });
    expect(result.warnings).toEqual([{ type: 'deprecated', setting: 'fps', message: 'fps is fixed' }]);
    expect(result.providerMetadata.upstream).toEqual({ jobSeconds: 42 });
    const metadata = gatewayOf(result.providerMetadata);
    expect(metadata.routing.finalProvider).toBe('modern');
    expect(metadata.routing.attempts.map((a) => [a.provider, a.success, a.statusCode])).toEqual([
      ['broken', false, 500],
      ['modern', true, 200],
    ]);
    expect(metadata.generationId).toMatch(/\S/);
  });

  it('passes an image prompt to a spec v3 upstream as base64, and its video back (gateway 4 / ai 7)', async () => {
    const gw = createGateway4({ baseURL: `${url}/v4/ai`, apiKey: KEY });
    const image = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
    const result = await generateVideo({ model: gw.videoModel('klingai/kling-v2.6-t2v'), prompt: { image, text: 'make it move' }, maxRetries: 0 });
    expect(result.video.uint8Array).toEqual(videoBytes);
    expect(result.video.mediaType).toBe('video/webm');
    const sent = received.at(-1) as { prompt: string; image: { type: string; data: string; mediaType: string } };
    expect(sent.prompt).toBe('make it move');
    expect(sent.image).toMatchObject({ type: 'file', mediaType: 'image/png', data: toBase64(image) });
    expect(gatewayOf(result.providerMetadata).routing.finalProvider).toBe('older');
  });

  it('serves gateway 3 / ai 6 with failover; a deprecated warning becomes an other warning', async () => {
    const gw = createGateway3({ baseURL: `${url}/v3/ai`, apiKey: KEY });
    const result = await generateVideo6({ model: gw.videoModel('google/veo-3.1-generate-001'), prompt: 'rain on a window', seed: 7, maxRetries: 0 });
    expect(result.video.uint8Array).toEqual(videoBytes);
    expect(received.at(-1)).toMatchObject({ prompt: 'rain on a window', seed: 7 });
    expect(result.warnings).toEqual([{ type: 'other', message: 'Deprecated: fps. fps is fixed' }]);
    expect(gatewayOf(result.providerMetadata).routing.attempts.map((a) => a.success)).toEqual([false, true]);

    const older = await generateVideo6({ model: gw.videoModel('klingai/kling-v2.6-t2v'), prompt: 'snow', maxRetries: 0 });
    expect(older.video.uint8Array).toEqual(videoBytes);
  });

  it('reports a model whose every provider fails as the gateway error, listing the attempts', async () => {
    const gw4 = createGateway4({ baseURL: `${url}/v4/ai`, apiKey: KEY });
    const failure = await generateVideo({ model: gw4.videoModel('minimax/hailuo-2.3'), prompt: 'x', maxRetries: 0 }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'GatewayInternalServerError', statusCode: 500 });
    expect((failure as Error).message).toContain('upstream is down');

    const gw3 = createGateway3({ baseURL: `${url}/v3/ai`, apiKey: KEY });
    const failure3 = await generateVideo6({ model: gw3.videoModel('minimax/hailuo-2.3'), prompt: 'x', maxRetries: 0 }).catch((error: unknown) => error);
    expect(failure3).toMatchObject({ name: 'GatewayInternalServerError', statusCode: 500 });
  });

  it('runs a job with ai 7 polling (video-model/start, then /status)', async () => {
    const gw = createGateway4({ baseURL: `${url}/v4/ai`, apiKey: KEY });
    const result = await generateVideo({ model: gw.videoModel('google/veo-3.1-generate-001'), prompt: 'a polled cat', poll: { intervalMs: 20 }, maxRetries: 0 });
    expect(result.video.uint8Array).toEqual(videoBytes);
    expect(received.at(-1)).toMatchObject({ prompt: 'a polled cat' });
    const metadata = gatewayOf(result.providerMetadata);
    expect(metadata.asyncJob?.status).toBe('completed');
    expect(metadata.routing.finalProvider).toBe('modern');
  });

  it('deduplicates job starts by idempotency-key; only the starting key may poll the job', async () => {
    const gw = createGateway4({ baseURL: `${url}/v4/ai`, apiKey: KEY });
    const model = gw.videoModel('google/veo-3.1-generate-001');
    const before = received.length;
    const headers = { 'idempotency-key': 'same-job-1' };
    const first = await startVideo({ model, prompt: 'once', headers, maxRetries: 0 });
    const second = await startVideo({ model, prompt: 'once', headers, maxRetries: 0 });
    expect(second.operation).toEqual(first.operation);
    expect(gatewayOf(first.providerMetadata).asyncJob?.status).toBe('pending');

    let status = await getVideoStatus(model, { operation: first.operation, maxRetries: 0 });
    for (let polls = 0; status.status === 'pending' && polls < 100; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = await getVideoStatus(model, { operation: first.operation, maxRetries: 0 });
    }
    expect(status.status).toBe('completed');
    expect(received.length - before).toBe(1);

    const stranger = createGateway4({ baseURL: `${url}/v4/ai`, apiKey: OTHER_KEY });
    const notFound = await getVideoStatus(stranger.videoModel('google/veo-3.1-generate-001'), { operation: first.operation, maxRetries: 0 }).catch((error: unknown) => error);
    expect(notFound).toMatchObject({ statusCode: 404 });
  });

  it("a job outlives its start request's signal, which Deno.serve aborts once the answer is sent", async () => {
    // What Deno.serve does (its legacy behaviour, on by default in Deno 2.9): the request's signal aborts after a successful answer.
    const denoServeFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const sent = new AbortController();
      const answer = await gateway.fetch(new Request(input, { ...init, signal: sent.signal }));
      const body = await answer.arrayBuffer();
      sent.abort();
      return new Response(body, { status: answer.status, headers: answer.headers });
    };
    const model = createGateway4({ baseURL: 'http://gateway.test/v4/ai', apiKey: KEY, fetch: denoServeFetch }).videoModel('bytedance/seedance-v1.0-pro');
    const started = await startVideo({ model, prompt: 'a patient cat', maxRetries: 0 });
    let status = await getVideoStatus(model, { operation: started.operation, maxRetries: 0 });
    for (let polls = 0; status.status === 'pending' && polls < 100; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = await getVideoStatus(model, { operation: started.operation, maxRetries: 0 });
    }
    expect(status).toMatchObject({ status: 'completed', videos: [{ type: 'base64', data: toBase64(videoBytes), mediaType: 'video/mp4' }] });
  });

  it('turns a failed job into an error status', async () => {
    const gw = createGateway4({ baseURL: `${url}/v4/ai`, apiKey: KEY });
    const failure = await generateVideo({ model: gw.videoModel('minimax/hailuo-2.3'), prompt: 'x', poll: { intervalMs: 20 }, maxRetries: 0 }).catch((error: unknown) => error);
    expect((failure as Error).message).toContain('upstream is down');
  });

  it('answers a bad body with 400 before any stream starts', async () => {
    const answer = await fetch(`${url}/v4/ai/video-model`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'ai-model-id': 'google/veo-3.1-generate-001', 'ai-video-model-specification-version': '4', 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'x', n: 0, aspectRatio: 'wide' }),
    });
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('aspectRatio');
  });
});

/**
 * A spec v4 upstream that only runs jobs (no doGenerate), as providers whose video APIs are
 * asynchronous may implement it: each job ends after `pollsToFinish` status calls, with `outcome`.
 */
function jobOnlyModel(outcome: 'completed' | 'error', pollsToFinish = 2) {
  const calls = { starts: [] as unknown[], statuses: 0 };
  const model: Experimental_VideoModelV4 = {
    specificationVersion: 'v4',
    provider: 'jobs',
    modelId: 'jobs-video',
    maxVideosPerCall: 1,
    async doStart(options) {
      calls.starts.push(options);
      return { operation: { task: `t${calls.starts.length}` }, warnings: [{ type: 'other', message: 'queued' }], providerMetadata: { jobs: { queue: 'a' } }, response };
    },
    async doStatus({ operation }) {
      calls.statuses += 1;
      expect(operation).toEqual({ task: `t${calls.starts.length}` });
      if (calls.statuses % pollsToFinish !== 0) return { status: 'pending', response };
      if (outcome === 'error') return { status: 'error', error: 'the prompt was refused by the moderation filter', response };
      return { status: 'completed', videos: [{ type: 'binary', data: videoBytes, mediaType: 'video/mp4' }], warnings: [], providerMetadata: { jobs: { seconds: 3 } }, response };
    },
  };
  return { model, calls };
}

describe('server: upstream video models that only run jobs (doStart, doStatus)', () => {
  const working = jobOnlyModel('completed');
  const refusing = jobOnlyModel('error', 1);
  const jobsGateway = createGatewayServer({
    providers: {
      refusing: { languageModel: noLanguage, videoModel: () => refusing.model },
      jobs: { languageModel: noLanguage, videoModel: () => working.model },
    },
    models: { 'bytedance/seedance-2.0': { type: 'video', providers: [{ provider: 'refusing', model: 'v' }, { provider: 'jobs', model: 'v' }] } },
    keys: [{ name: 'test', key: KEY }],
  });
  let jobsHttp: Server;
  let jobsUrl: string;
  beforeAll(async () => {
    ({ server: jobsHttp, url: jobsUrl } = await listen(jobsGateway.fetch));
  });
  afterAll(() => {
    jobsHttp.close();
  });

  it('generates in one call (ai 7 without polling): the gateway polls the job, failing over from a job the provider reports failed', async () => {
    const gw = createGateway4({ baseURL: `${jobsUrl}/v4/ai`, apiKey: KEY });
    const result = await generateVideo({ model: gw.videoModel('bytedance/seedance-2.0'), prompt: 'a slow cat', maxRetries: 0 });
    expect(result.video.uint8Array).toEqual(videoBytes);
    expect(working.calls.starts.at(-1)).toMatchObject({ prompt: 'a slow cat' });
    expect(working.calls.statuses).toBeGreaterThanOrEqual(2);
    expect(result.warnings).toEqual([{ type: 'other', message: 'queued' }]);
    const metadata = gatewayOf(result.providerMetadata);
    expect(metadata.routing.finalProvider).toBe('jobs');
    expect(metadata.routing.attempts.map(({ provider, success }) => [provider, success])).toEqual([
      ['refusing', false],
      ['jobs', true],
    ]);
    expect(JSON.stringify(metadata.routing)).toContain('moderation filter');
    expect(result.providerMetadata).toMatchObject({ jobs: { queue: 'a', seconds: 3 } });
  });

  it('runs a gateway job over an upstream job (ai 7 polling start and status)', async () => {
    const gw = createGateway4({ baseURL: `${jobsUrl}/v4/ai`, apiKey: KEY });
    const result = await generateVideo({ model: gw.videoModel('bytedance/seedance-2.0'), prompt: 'a polled slow cat', poll: { intervalMs: 50 }, maxRetries: 0 });
    expect(result.video.uint8Array).toEqual(videoBytes);
    expect(gatewayOf(result.providerMetadata).asyncJob?.status).toBe('completed');
  });
});

describe('server: video jobs across replicas sharing a real Redis', () => {
  let redis: RedisInstance;
  const replicas: Array<{ http: Server; url: string; counters: CounterStore }> = [];
  let slowRelease: () => void = () => {};
  const slow = new MockVideoModelV4({
    doGenerate: async () => {
      // Finishes when the test says, so the job is seen pending from the other replica first.
      await new Promise<void>((resolve) => (slowRelease = resolve));
      return { videos: [{ type: 'binary', data: videoBytes, mediaType: 'video/mp4' }], warnings: [], response };
    },
  });

  beforeAll(async () => {
    redis = await startRedis();
    for (let index = 0; index < 2; index += 1) {
      const counters = await openRedisCounterStore({ url: redis.url });
      const replica = createGatewayServer({
        providers: { slow: { languageModel: noLanguage, videoModel: () => slow } },
        models: { 'google/veo-3.1-generate-001': { type: 'video', providers: [{ provider: 'slow', model: 'v' }] } },
        keys: [
          { name: 'test', key: KEY },
          { name: 'other', key: OTHER_KEY },
        ],
      }, { counters });
      const { server, url: replicaUrl } = await listen(replica.fetch);
      replicas.push({ http: server, url: replicaUrl, counters });
    }
  }, 30_000);
  afterAll(async () => {
    for (const replica of replicas) {
      replica.http.close();
      await replica.counters.close();
    }
    await redis?.stop();
  });

  it('a job started on one replica is polled on another, pending then completed; a repeated idempotency-key on the other replica gets the same job', async () => {
    const [first, second] = [replicas[0]!, replicas[1]!];
    const model = (replica: { url: string }, key = KEY) => createGateway4({ baseURL: `${replica.url}/v4/ai`, apiKey: key }).videoModel('google/veo-3.1-generate-001');
    const headers = { 'idempotency-key': 'replicated-job-1' };
    const started = await startVideo({ model: model(first), prompt: 'a shared cat', headers, maxRetries: 0 });
    const again = await startVideo({ model: model(second), prompt: 'a shared cat', headers, maxRetries: 0 });
    expect(again.operation).toEqual(started.operation);

    expect((await getVideoStatus(model(second), { operation: started.operation, maxRetries: 0 })).status).toBe('pending');
    slowRelease();
    let status = await getVideoStatus(model(second), { operation: started.operation, maxRetries: 0 });
    for (let polls = 0; status.status === 'pending' && polls < 100; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = await getVideoStatus(model(second), { operation: started.operation, maxRetries: 0 });
    }
    expect(status).toMatchObject({ status: 'completed', videos: [{ mediaType: 'video/mp4' }] });
    const stranger = await getVideoStatus(model(second, OTHER_KEY), { operation: started.operation, maxRetries: 0 }).catch((error: unknown) => error);
    expect(stranger).toMatchObject({ statusCode: 404 });
  });
});

describe('server: video job webhooks', () => {
  type Delivery = { headers: Record<string, string | string[] | undefined>; body: string };
  const deliveries: Delivery[] = [];
  let failuresToAnswer = 0;
  let receiver: Server;
  let hookUrl: string;
  let hookGateway: Server;
  let hookGatewayUrl: string;
  const arrivals: Array<(delivery: Delivery) => void> = [];
  const nextDelivery = () => new Promise<Delivery>((resolve) => arrivals.push(resolve));

  beforeAll(async () => {
    receiver = createServer((incoming, outgoing) => {
      let body = '';
      incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
      incoming.on('end', () => {
        const delivery = { headers: incoming.headers, body };
        deliveries.push(delivery);
        if (failuresToAnswer > 0) {
          failuresToAnswer -= 1;
          outgoing.writeHead(503).end();
          return;
        }
        outgoing.writeHead(204).end();
        arrivals.shift()?.(delivery);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks/video?token=receiver-token`;
    ({ server: hookGateway, url: hookGatewayUrl } = await listen(gateway.fetch));
  });
  afterAll(() => {
    receiver.close();
    hookGateway.close();
  });

  const verify = (delivery: Delivery, secret: string) => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const [t, v1] = String(delivery.headers['x-ai-gateway-signature']).split(',').map((part) => part.split('=')[1]);
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(30);
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest('hex'));
  };

  it('a start with webhookUrl gets a signing secret once; the end of the job is POSTed to it, signed, with an idempotency key', async () => {
    const model = createGateway4({ baseURL: `${hookGatewayUrl}/v4/ai`, apiKey: KEY }).videoModel('google/veo-3.1-generate-001');
    const arrived = nextDelivery();
    const started = await startVideo({ model, prompt: 'a hooked cat', webhookUrl: hookUrl, maxRetries: 0 });
    const asyncJob = gatewayOf(started.providerMetadata).asyncJob!;
    const delivery = await arrived;
    verify(delivery, asyncJob.webhookSigningSecret!);
    expect(JSON.parse(delivery.body)).toEqual({ type: 'video.completed', data: { jobId: asyncJob.jobId, status: 'completed' } });
    expect(delivery.headers['x-ai-gateway-idempotency-key']).toBe(`${asyncJob.jobId}-completed`);
    // The event tells; the status call gives the videos.
    expect((await getVideoStatus(model, { operation: started.operation, maxRetries: 0 })).status).toBe('completed');
  });

  it('ai 7 generateVideo with a webhook waits for the delivery, then reads the status once', async () => {
    const model = createGateway4({ baseURL: `${hookGatewayUrl}/v4/ai`, apiKey: KEY }).videoModel('google/veo-3.1-generate-001');
    const result = await generateVideo({
      model,
      prompt: 'a webhook cat',
      webhook: async () => ({ url: hookUrl, received: nextDelivery().then((delivery) => ({ headers: {}, body: JSON.parse(delivery.body) })) }),
      maxRetries: 0,
    });
    expect(result.video.uint8Array).toEqual(videoBytes);
  });

  it('a failed job sends video.failed; a receiver that answers 503 gets the event again', async () => {
    const model = createGateway4({ baseURL: `${hookGatewayUrl}/v4/ai`, apiKey: KEY }).videoModel('minimax/hailuo-2.3');
    failuresToAnswer = 1;
    const before = deliveries.length;
    const arrived = nextDelivery();
    const started = await startVideo({ model, prompt: 'x', webhookUrl: hookUrl, maxRetries: 0 });
    const asyncJob = gatewayOf(started.providerMetadata).asyncJob!;
    const delivery = await arrived;
    expect(deliveries.length - before).toBe(2);
    verify(delivery, asyncJob.webhookSigningSecret!);
    expect(JSON.parse(delivery.body)).toEqual({ type: 'video.failed', data: { jobId: asyncJob.jobId, status: 'error' } });
    expect(delivery.headers['x-ai-gateway-idempotency-key']).toBe(`${asyncJob.jobId}-error`);
  });

  it("a webhook that fails every try is reported once through the server's log, naming the job and the receiver's origin only", async () => {
    const lines: string[] = [];
    const logged = createGatewayServer({
      providers: { broken: { languageModel: noLanguage, videoModel: down } },
      models: { 'minimax/hailuo-2.3': { type: 'video', providers: [{ provider: 'broken', model: 'v' }] } },
      keys: [{ name: 'test', key: KEY }],
    }, { log: (line) => lines.push(line) });
    const served = await listen(logged.fetch);
    try {
      failuresToAnswer = 3;
      const before = deliveries.length;
      const model = createGateway4({ baseURL: `${served.url}/v4/ai`, apiKey: KEY }).videoModel('minimax/hailuo-2.3');
      const started = await startVideo({ model, prompt: 'x', webhookUrl: hookUrl, maxRetries: 0 });
      const { jobId, webhookSigningSecret } = gatewayOf(started.providerMetadata).asyncJob!;
      // Three tries, 1 s and 5 s apart.
      for (let waited = 0; waited < 100 && lines.length === 0; waited++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(deliveries.length - before).toBe(3);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`${jobId}: the video.failed webhook to ${new URL(hookUrl).origin} failed 3 times`);
      expect(lines[0]).not.toContain('receiver-token');
      expect(lines[0]).not.toContain(webhookSigningSecret);
    } finally {
      failuresToAnswer = 0;
      served.server.close();
    }
  }, 20_000);

  it('a webhook URL that is not http(s) is refused with 400 naming callbackUrl, before any job starts', async () => {
    const answer = await fetch(`${hookGatewayUrl}/v4/ai/video-model/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'ai-model-id': 'google/veo-3.1-generate-001', 'ai-video-model-specification-version': '4', 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'x', n: 1, callbackUrl: 'ftp://example.com/hook' }),
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { type: 'invalid_request_error', param: 'callbackUrl' } });
  });
});
