import { InvalidArgumentError, UnsupportedFunctionalityError } from '@ai-sdk/provider';
import { scrubSecrets } from '../errors/create-gateway-error';
import { GatewayServerError } from '../errors/gateway-server-error';
import type { NewerKindSpecVersion } from '../protocol/convert-reranking-speech-transcription';
import {
  parseVideoCallBody,
  parseVideoStartBody,
  parseVideoStatusBody,
  videoResultToWire,
  type VideoOperation,
  type WireVideoResult,
} from '../protocol/convert-video';
import { encodeSseEvent, SSE_HEADERS } from '../protocol/sse';
import { IDEMPOTENCY_KEY_HEADER, VIDEO_START_ENDPOINT, VIDEO_STATUS_ENDPOINT } from '../protocol/wire';
import { stringifyWire } from '../protocol/wire-codec';
import type { CounterStore } from '../storage/types';
import { videoModelAsV4 } from './newer-kind-models';
import { newerKindVersion, runNewerKindCall } from './newer-kind-route';
import type { RequestContext } from './request-context';
import { encodedJsonResponse } from './response-body';
import { putRecord, readRecord } from './counter-records';
import { sha256Hex } from './sha256';
import { deliverWebhook, newWebhookSigningSecret, webhookTarget } from './webhook-delivery';

/** A comment line the clients' event parsers skip; it keeps idle proxies and socket timeouts from cutting a long call. */
const KEEP_ALIVE = ': keep-alive\n\n';
const KEEP_ALIVE_INTERVAL_MS = 15_000;
type ProviderMetadata = Record<string, Record<string, unknown>>;

/** Any failure as the protocol's error (what the client sees), logging the unexpected ones without secrets. */
function asGatewayServerError(error: unknown, context: RequestContext): GatewayServerError {
  if (GatewayServerError.isInstance(error)) return error;
  if (InvalidArgumentError.isInstance(error) || UnsupportedFunctionalityError.isInstance(error)) {
    return new GatewayServerError({ status: 400, type: 'invalid_request_error', message: error.message });
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[modelgate] ${context.generationId}: unexpected error:`, scrubSecrets(message, context.config.secrets));
  return new GatewayServerError({
    status: 500,
    type: 'internal_server_error',
    message: 'The gateway failed unexpectedly; see its log for this generation id.',
  });
}

/** Runs one video generation with failover and returns it in the client's wire form. */
async function generateVideo(context: RequestContext, version: NewerKindSpecVersion, body: unknown, signal?: AbortSignal | null): Promise<WireVideoResult> {
  // The generation outlives the handler's answer: the call's usage record is written when it ends.
  context.call.streamOpened(undefined);
  try {
    const call = parseVideoCallBody(version, body);
    return await runNewerKindCall(
      context,
      'video',
      (model, abortSignal) => Promise.resolve(videoModelAsV4(model).doGenerate({ ...call, headers: undefined, abortSignal })),
      videoResultToWire[version],
      signal,
    );
  } catch (error) {
    context.call.failed(error);
    throw error;
  }
}

/**
 * POST {base}/video-model: generates videos with failover. The answer is an event stream whose
 * one `data:` event is the `result` (or an `error` in the error body's terms), as the public
 * clients read it; headers go out at once so a generation of minutes does not hit their header timeout.
 */
function handleVideoGenerate(context: RequestContext): Response {
  const version = newerKindVersion(context, 'video');
  // Bad input is answered before the stream starts, with its status.
  parseVideoCallBody(version, context.body);
  const encoder = new TextEncoder();
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          // The client went away; nobody reads this.
        }
      };
      keepAlive = setInterval(() => send(KEEP_ALIVE), KEEP_ALIVE_INTERVAL_MS);
      generateVideo(context, version, context.body)
        .then(
          (result) => send(encodeSseEvent(stringifyWire({ type: 'result', ...result }))),
          (error: unknown) => {
            if (context.request.signal.aborted) return;
            const failure = asGatewayServerError(error, context);
            send(
              encodeSseEvent(
                stringifyWire({ type: 'error', message: failure.message, errorType: failure.type, statusCode: failure.status, param: failure.param ?? null }),
              ),
            );
          },
        )
        .finally(() => {
          clearInterval(keepAlive);
          try {
            controller.close();
          } catch {
            // Already cancelled by the client.
          }
        });
    },
    cancel() {
      clearInterval(keepAlive);
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}

// ---- video jobs (spec v4): started, then polled ---------------------------------------------

/**
 * A job as the counter store keeps it, so that any replica sharing the store answers its status polls.
 * The replica that started it runs it and writes its end; while it runs, it renews the entry, so a job
 * whose replica stopped expires instead of staying pending for ever.
 */
interface VideoJob {
  /** The key that started it and the model it runs; only they may poll it. */
  keyName: string;
  modelId: string;
  state:
    | { status: 'pending' }
    | { status: 'completed'; result: WireVideoResult }
    | { status: 'error'; error: string; providerMetadata?: ProviderMetadata };
}

/** How long a finished job's answer stays available to status polls. */
const FINISHED_JOB_TTL_MS = 60 * 60_000;
/** A running job's entry is renewed this often, and lives three times as long unrenewed. */
const RUNNING_RENEW_MS = 30_000;
/** An idempotency key names its job while the job can still be polled. */
const START_KEY_TTL_MS = 24 * 60 * 60_000;

const jobKey = (jobId: string) => `video-job:${jobId}`;
const startKey = (keyName: string, idempotencyKey: string) => `video-start:${keyName}:${sha256Hex(idempotencyKey)}`;

const putJob = (counters: CounterStore, jobId: string, job: VideoJob, ttlMs: number) => putRecord(counters, jobKey(jobId), JSON.stringify(job), counters.now() + ttlMs);

async function readJob(counters: CounterStore, jobId: string): Promise<VideoJob | undefined> {
  const record = await readRecord(counters, jobKey(jobId));
  return record === undefined ? undefined : (JSON.parse(record) as VideoJob);
}

function videoJobVersion(context: RequestContext): 'v4' {
  if (context.version !== 'v4') {
    throw new GatewayServerError({
      status: 400,
      type: 'invalid_request_error',
      message: 'Video jobs (start, status) are spec 4: call /v4/ai/video-model/start and /v4/ai/video-model/status with ai-video-model-specification-version 4.',
    });
  }
  return 'v4';
}

const asyncJobMetadata = (jobId: string, job: VideoJob) => ({ jobId, status: job.state.status });

/** The start's answer; the webhook's signing secret only in the answer to the start that made the job. */
const startAnswer = (jobId: string, job: VideoJob, webhookSigningSecret?: string): Response => {
  const operation: VideoOperation = { jobId };
  const asyncJob = { ...asyncJobMetadata(jobId, job), ...(webhookSigningSecret ? { webhookSigningSecret } : {}) };
  return encodedJsonResponse(stringifyWire({ operation, warnings: [], providerMetadata: { gateway: { asyncJob, generationId: jobId } } }));
};

/** The job an idempotency key already started, or undefined when this request is the first with it. */
async function startedBefore(counters: CounterStore, key: string, jobId: string): Promise<string | undefined> {
  const expiresAt = counters.now() + START_KEY_TTL_MS;
  if (await counters.setOnce(`${key}:claimed`, expiresAt)) {
    await putRecord(counters, key, jobId, expiresAt);
    return undefined;
  }
  const earlier = await readRecord(counters, key);
  if (earlier === undefined) {
    throw new GatewayServerError({
      status: 409,
      type: 'invalid_request_error',
      message: 'A video job with this idempotency-key is being started right now; send the request again in a moment to get its operation.',
      param: IDEMPOTENCY_KEY_HEADER,
    });
  }
  return earlier;
}

/** POST {base}/video-model/start: starts a generation in the background and answers with its `operation` at once. */
async function handleVideoStart(context: RequestContext, counters: CounterStore, log: (line: string) => void): Promise<Response> {
  videoJobVersion(context);
  const { callbackUrl } = parseVideoStartBody(context.body);
  const webhook = callbackUrl === undefined ? undefined : { url: webhookTarget(callbackUrl), secret: newWebhookSigningSecret() };
  const jobId = context.generationId;
  const idempotencyKey = context.request.headers.get(IDEMPOTENCY_KEY_HEADER);
  const earlier = idempotencyKey ? await startedBefore(counters, startKey(context.apiKey.name, idempotencyKey), jobId) : undefined;
  if (earlier !== undefined) {
    const job = await readJob(counters, earlier);
    return startAnswer(earlier, job ?? { keyName: context.apiKey.name, modelId: context.modelId, state: { status: 'pending' } });
  }
  const job: VideoJob = { keyName: context.apiKey.name, modelId: context.modelId, state: { status: 'pending' } };
  await putJob(counters, jobId, job, 3 * RUNNING_RENEW_MS);
  const renew = setInterval(() => void putJob(counters, jobId, job, 3 * RUNNING_RENEW_MS).catch(() => {}), RUNNING_RENEW_MS);
  const finish = (state: VideoJob['state']) => {
    clearInterval(renew);
    job.state = state;
    // Stored before the webhook goes out: a receiver that polls the status on the event finds the end.
    putJob(counters, jobId, job, FINISHED_JOB_TTL_MS)
      .catch((error: unknown) => {
        log(`[modelgate] ${jobId}: could not store the video job's end: ${scrubSecrets(error instanceof Error ? error.message : String(error), context.config.secrets)}`);
      })
      .then(() => {
        if (!webhook) return;
        const event = { type: state.status === 'completed' ? 'video.completed' : 'video.failed', data: { jobId, status: state.status } };
        return deliverWebhook({ ...webhook, event }, log);
      });
  };
  // The job outlives this request (whose signal Deno.serve aborts once the answer is sent): only its own attempt timeouts end it.
  generateVideo(context, 'v4', context.body, null).then(
    (result) => finish({ status: 'completed', result }),
    (error: unknown) => {
      const failure = asGatewayServerError(error, context);
      const routing = failure.details?.routing;
      finish({ status: 'error', error: failure.message, ...(routing ? { providerMetadata: { gateway: { routing } } } : {}) });
    },
  );
  return startAnswer(jobId, job, webhook?.secret);
}

/** POST {base}/video-model/status: a job's state; the videos once it completed. */
async function handleVideoStatus(context: RequestContext, counters: CounterStore): Promise<Response> {
  videoJobVersion(context);
  const { jobId } = parseVideoStatusBody(context.body);
  const job = await readJob(counters, jobId);
  if (!job || job.keyName !== context.apiKey.name || job.modelId !== context.modelId) {
    throw new GatewayServerError({
      status: 404,
      type: 'not_found',
      message: `No video job '${jobId}' for this API key and model '${context.modelId}'. The gateway keeps a job until an hour after it ends (or until the server running it stops); start a new one.`,
      param: 'operation',
    });
  }
  const { state } = job;
  const withJob = (metadata: ProviderMetadata | undefined): ProviderMetadata => ({
    ...metadata,
    gateway: { ...metadata?.gateway, asyncJob: asyncJobMetadata(jobId, job) },
  });
  const body =
    state.status === 'completed'
      ? { status: 'completed', ...state.result, providerMetadata: withJob(state.result.providerMetadata) }
      : state.status === 'error'
        ? { status: 'error', error: state.error, providerMetadata: withJob(state.providerMetadata) }
        : { status: 'pending', warnings: [], providerMetadata: withJob(undefined) };
  return encodedJsonResponse(stringifyWire(body));
}

/** POST {base}/video-model, …/video-model/start (v4) and …/video-model/status (v4). */
export async function handleVideoModel(context: RequestContext, endpoint: string, counters: CounterStore, log: (line: string) => void): Promise<Response> {
  if (endpoint === VIDEO_START_ENDPOINT) return handleVideoStart(context, counters, log);
  if (endpoint === VIDEO_STATUS_ENDPOINT) return handleVideoStatus(context, counters);
  return handleVideoGenerate(context);
}
