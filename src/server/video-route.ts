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
import { VIDEO_START_ENDPOINT, VIDEO_STATUS_ENDPOINT } from '../protocol/wire';
import { stringifyWire } from '../protocol/wire-codec';
import type { ResolvedServerConfig } from './config';
import { videoModelAsV4 } from './newer-kind-models';
import { newerKindVersion, runNewerKindCall } from './newer-kind-route';
import type { RequestContext } from './request-context';
import { encodedJsonResponse } from './response-body';

/** A comment line the clients' event parsers skip; it keeps idle proxies and socket timeouts from cutting a long call. */
const KEEP_ALIVE = ': keep-alive\n\n';
const KEEP_ALIVE_INTERVAL_MS = 15_000;
/** How long a finished job's answer stays available to status polls. */
const FINISHED_JOB_TTL_MS = 60 * 60_000;

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
async function generateVideo(context: RequestContext, version: NewerKindSpecVersion, body: unknown, signal?: AbortSignal): Promise<WireVideoResult> {
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

interface VideoJob {
  id: string;
  /** The key that started it and the model it runs; only they may poll it. */
  apiKeyName: string;
  modelId: string;
  state:
    | { status: 'pending' }
    | { status: 'completed'; result: WireVideoResult }
    | { status: 'error'; error: string; providerMetadata?: ProviderMetadata };
  finishedAt?: number;
}

/** Jobs in memory, per server: they do not survive a restart. */
class VideoJobs {
  private readonly jobs = new Map<string, VideoJob>();
  private readonly byIdempotencyKey = new Map<string, string>();

  get(id: string): VideoJob | undefined {
    return this.jobs.get(id);
  }

  find(apiKeyName: string, idempotencyKey: string): VideoJob | undefined {
    const id = this.byIdempotencyKey.get(`${apiKeyName}\n${idempotencyKey}`);
    return id === undefined ? undefined : this.jobs.get(id);
  }

  add(job: VideoJob, idempotencyKey: string | null): void {
    this.sweep();
    this.jobs.set(job.id, job);
    if (idempotencyKey) this.byIdempotencyKey.set(`${job.apiKeyName}\n${idempotencyKey}`, job.id);
  }

  /** Forgets jobs that ended more than the TTL ago. */
  private sweep(now = Date.now()): void {
    for (const [id, job] of this.jobs) {
      if (job.finishedAt !== undefined && now - job.finishedAt > FINISHED_JOB_TTL_MS) this.jobs.delete(id);
    }
    for (const [key, id] of this.byIdempotencyKey) if (!this.jobs.has(id)) this.byIdempotencyKey.delete(key);
  }
}

const jobsByServer = new WeakMap<ResolvedServerConfig, VideoJobs>();

function jobsOf(config: ResolvedServerConfig): VideoJobs {
  let jobs = jobsByServer.get(config);
  if (!jobs) jobsByServer.set(config, (jobs = new VideoJobs()));
  return jobs;
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

const asyncJobMetadata = (job: VideoJob) => ({ jobId: job.id, status: job.state.status });

/** POST {base}/video-model/start: starts a generation in the background and answers with its `operation` at once. */
function handleVideoStart(context: RequestContext): Response {
  videoJobVersion(context);
  const { callbackUrl } = parseVideoStartBody(context.body);
  if (callbackUrl) {
    throw new GatewayServerError({
      status: 400,
      type: 'invalid_request_error',
      message: 'This gateway does not call webhooks back. Leave out `webhook` and poll instead (ai 7: experimental_generateVideo with `poll`, or experimental_getVideoStatus).',
      param: 'callbackUrl',
    });
  }
  const jobs = jobsOf(context.config);
  const idempotencyKey = context.request.headers.get('idempotency-key');
  const existing = idempotencyKey ? jobs.find(context.apiKey.name, idempotencyKey) : undefined;
  const job: VideoJob = existing ?? { id: context.generationId, apiKeyName: context.apiKey.name, modelId: context.modelId, state: { status: 'pending' } };
  if (!existing) {
    jobs.add(job, idempotencyKey);
    // The job outlives this request: only its own attempt timeouts end it.
    generateVideo(context, 'v4', context.body, undefined).then(
      (result) => {
        job.state = { status: 'completed', result };
        job.finishedAt = Date.now();
      },
      (error: unknown) => {
        const failure = asGatewayServerError(error, context);
        const routing = failure.details?.routing;
        job.state = { status: 'error', error: failure.message, ...(routing ? { providerMetadata: { gateway: { routing } } } : {}) };
        job.finishedAt = Date.now();
      },
    );
  }
  const operation: VideoOperation = { jobId: job.id };
  return encodedJsonResponse(stringifyWire({ operation, warnings: [], providerMetadata: { gateway: { asyncJob: asyncJobMetadata(job), generationId: job.id } } }));
}

/** POST {base}/video-model/status: a job's state; the videos once it completed. */
function handleVideoStatus(context: RequestContext): Response {
  videoJobVersion(context);
  const { jobId } = parseVideoStatusBody(context.body);
  const job = jobsOf(context.config).get(jobId);
  if (!job || job.apiKeyName !== context.apiKey.name || job.modelId !== context.modelId) {
    throw new GatewayServerError({
      status: 404,
      type: 'not_found',
      message: `No video job '${jobId}' for this API key and model '${context.modelId}'. Jobs live in this server's memory until an hour after they end; start a new one.`,
      param: 'operation',
    });
  }
  const { state } = job;
  const withJob = (metadata: ProviderMetadata | undefined): ProviderMetadata => ({
    ...metadata,
    gateway: { ...metadata?.gateway, asyncJob: asyncJobMetadata(job) },
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
export async function handleVideoModel(context: RequestContext, endpoint: string): Promise<Response> {
  if (endpoint === VIDEO_START_ENDPOINT) return handleVideoStart(context);
  if (endpoint === VIDEO_STATUS_ENDPOINT) return handleVideoStatus(context);
  return handleVideoGenerate(context);
}
