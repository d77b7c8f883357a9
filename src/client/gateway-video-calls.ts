/**
 * The wire calls of video models: loaded with import() on a video model's first call, so an
 * app that makes no video calls never loads them. The model classes are in gateway-video-model.ts.
 */
import type { Experimental_VideoModelV4CallOptions, JSONValue } from '@ai-sdk/provider';
import { isRecord } from '@ai-sdk/provider-utils';
import { createParser } from 'eventsource-parser';
import { abortErrorFrom } from '../errors/abort-error';
import { gatewayErrorFromFetchFailure, gatewayErrorFromResponse } from '../errors/create-gateway-error';
import type { GatewayResponse } from './gateway-client';
import type { GatewayModelConfig } from './gateway-model-config';
import { isWarnings, sendModelCall } from './model-call';
import type { SpecType } from '../protocol/spec-types';
import { encodeImageFile, modelKindSpecs, type SpecificationVersion } from '../protocol/spec-versions';
import { VIDEO_ENDPOINT, VIDEO_START_ENDPOINT, VIDEO_STATUS_ENDPOINT } from '../protocol/wire';

type VideoResult<V extends SpecificationVersion> = SpecType<V, 'videoResult'>;
type Warning<V extends SpecificationVersion> = SpecType<V, 'warning'>;
type ProviderMetadata<V extends SpecificationVersion> = VideoResult<V>['providerMetadata'];
/** A video as the gateway sends it: a URL, base64 data, or (spec v4) `uploaded` to the caller's storage. */
type VideoData<V extends SpecificationVersion> = VideoResult<V>['videos'][number];

interface VideoResultBody<V extends SpecificationVersion> {
  videos: Array<VideoData<V>>;
  warnings?: Array<Warning<V>> | null;
  providerMetadata?: ProviderMetadata<V> | null;
}

/** What every video result carries besides its videos. */
interface VideoResponse {
  timestamp: Date;
  modelId: string;
  headers: Record<string, string>;
}

/** The video result modelgate returns. */
export interface GatewayVideoResult<V extends SpecificationVersion> {
  videos: Array<VideoData<V>>;
  warnings: Array<Warning<V>>;
  providerMetadata: ProviderMetadata<V>;
  response: VideoResponse;
}

/** A started video job: pass `operation` to `doStatus` (ai 7: `experimental_getVideoStatus`). */
export interface GatewayVideoStartResult {
  operation: JSONValue;
  warnings: Array<Warning<'v4'>>;
  /** `gateway.asyncJob` has the job id and, only here, the webhook signing secret. */
  providerMetadata: ProviderMetadata<'v4'>;
  response: VideoResponse;
}

/** A video job's state; a cancelled job is an error, as for the public client. */
export type GatewayVideoStatusResult =
  | { status: 'pending'; warnings: Array<Warning<'v4'>>; providerMetadata: ProviderMetadata<'v4'>; response: VideoResponse }
  | (GatewayVideoResult<'v4'> & { status: 'completed' })
  | { status: 'error'; error: string; providerMetadata: ProviderMetadata<'v4'>; response: VideoResponse };

/** A file given to a video call: bytes, a base64 string, or a URL. */
type VideoFile = { type: 'file'; data: unknown } | { type: 'url' };

/** The video call options that go on the wire. */
export interface VideoCall {
  prompt: string | undefined;
  n: number;
  aspectRatio?: string;
  resolution?: string;
  duration?: number;
  fps?: number;
  seed?: number;
  generateAudio?: boolean;
  image?: VideoFile;
  frameImages?: ReadonlyArray<{ image: VideoFile; frameType: string }>;
  inputReferences?: readonly VideoFile[];
  providerOptions?: unknown;
}

/**
 * The `/video-model` body, also a job's start body: unset and zero values are left out, file
 * bytes become base64. `zeroSeed`: send `seed: 0` (spec v4).
 */
export const videoBody = (
  { prompt, n, aspectRatio, resolution, duration, fps, seed, generateAudio, providerOptions, image, frameImages, inputReferences }: VideoCall,
  zeroSeed: boolean,
) => ({
  prompt,
  n,
  ...(aspectRatio ? { aspectRatio } : {}),
  ...(resolution ? { resolution } : {}),
  ...(duration ? { duration } : {}),
  ...(fps ? { fps } : {}),
  ...(seed || (zeroSeed && seed === 0) ? { seed } : {}),
  ...(generateAudio !== undefined ? { generateAudio } : {}),
  ...(providerOptions ? { providerOptions } : {}),
  ...(image ? { image: encodeImageFile(image) } : {}),
  ...(frameImages ? { frameImages: frameImages.map((frame) => ({ ...frame, image: encodeImageFile(frame.image) })) } : {}),
  ...(inputReferences ? { inputReferences: inputReferences.map(encodeImageFile) } : {}),
});

const isVideos = (value: unknown, uploaded: boolean) =>
  Array.isArray(value) &&
  value.every(
    (video) =>
      isRecord(video) &&
      typeof video.mediaType === 'string' &&
      ((video.type === 'url' && typeof video.url === 'string') ||
        (video.type === 'base64' && typeof video.data === 'string') ||
        (uploaded && video.type === 'uploaded')),
  );

/** The first `data:` event of an event stream, which is all a video call answers with. */
async function readFirstEvent({ response, abortSignal, errorContext }: GatewayResponse): Promise<string | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return undefined;
  const decoder = new TextDecoder();
  let data: string | undefined;
  const parser = createParser({ onEvent: (event) => void (data ??= event.data) });
  // A custom fetch may ignore the signal: stop the read on abort here too.
  const stop = () => void reader.cancel().catch(() => {});
  abortSignal?.addEventListener('abort', stop);
  try {
    while (data === undefined && !abortSignal?.aborted) {
      const chunk = await reader.read();
      if (chunk.done) break;
      parser.feed(decoder.decode(chunk.value, { stream: true }));
    }
  } catch (error) {
    if (!abortSignal?.aborted) throw gatewayErrorFromFetchFailure(error, errorContext);
  } finally {
    abortSignal?.removeEventListener('abort', stop);
    stop();
  }
  if (abortSignal?.aborted) throw abortErrorFrom(abortSignal);
  return data;
}

/** What a video model's calls do (see GatewayVideoModel, which loads this module on its first call). */
export class GatewayVideoCalls<V extends SpecificationVersion = SpecificationVersion> {
  readonly specificationVersion: V;

  constructor(
    readonly modelId: string,
    protected readonly config: GatewayModelConfig<V>,
  ) {
    this.specificationVersion = config.client.spec.version;
  }

  async doGenerate(options: SpecType<V, 'videoCallOptions'>): Promise<GatewayVideoResult<V>> {
    const startedAt = Date.now();
    const { client } = this.config;
    const spec = modelKindSpecs[this.specificationVersion];
    const { result, sent } = await sendModelCall(this.config, {
      kind: 'video',
      endpoint: VIDEO_ENDPOINT,
      modelId: this.modelId,
      body: videoBody(options, spec.zeroSeed),
      options,
      extraHeaders: { accept: 'text/event-stream' },
      read: async (sent) => {
        const data = await readFirstEvent(sent);
        if (data === undefined) return undefined;
        const event = client.parseJson<unknown>(data, sent);
        if (!isRecord(event) || event.type !== 'error') return event;
        // Failures after the stream started come as an event in the error body's terms.
        const { message, errorType: type, param, statusCode } = event;
        throw gatewayErrorFromResponse(
          {
            statusCode: typeof statusCode === 'number' ? statusCode : 500,
            bodyText: JSON.stringify({ error: { message, type, param } }),
            responseHeaders: sent.responseHeaders,
          },
          sent.errorContext,
        );
      },
      check: (body): body is VideoResultBody<V> & { type: 'result' } =>
        isRecord(body) && body.type === 'result' && isVideos(body.videos, spec.extras) && isWarnings(body.warnings),
      expected: 'a `result` event with the `videos`',
    });
    this.report(result, options.providerOptions, startedAt);
    return this.result(result, sent);
  }

  protected result(body: VideoResultBody<V>, sent: GatewayResponse): GatewayVideoResult<V> {
    return {
      videos: body.videos,
      warnings: modelKindSpecs[this.specificationVersion].warnings(body.warnings ?? []),
      providerMetadata: body.providerMetadata ?? undefined,
      response: this.response(sent),
    };
  }

  protected response(sent: GatewayResponse): VideoResponse {
    return { timestamp: new Date(), modelId: this.modelId, headers: sent.responseHeaders };
  }

  protected report(body: VideoResultBody<V>, providerOptions: unknown, startedAt: number): void {
    this.config.usage?.report({
      kind: 'video',
      modelId: this.modelId,
      usage: undefined,
      providerMetadata: body.providerMetadata,
      providerOptions,
      startedAt,
    });
  }
}

interface VideoStartBody {
  operation: JSONValue;
  warnings?: Array<Warning<'v4'>> | null;
  providerMetadata?: ProviderMetadata<'v4'> | null;
}

type VideoStatusBody =
  | (VideoResultBody<'v4'> & { status: 'completed' })
  | { status: 'pending'; warnings?: Array<Warning<'v4'>> | null; providerMetadata?: ProviderMetadata<'v4'> | null }
  | { status: 'error'; error: string; providerMetadata?: ProviderMetadata<'v4'> | null }
  | { status: 'cancelled'; providerMetadata?: ProviderMetadata<'v4'> | null };

function isVideoStatusBody(body: unknown): body is VideoStatusBody {
  if (!isRecord(body) || !isWarnings(body.warnings)) return false;
  switch (body.status) {
    case 'completed':
      return isVideos(body.videos, true);
    case 'error':
      return typeof body.error === 'string';
    default:
      return body.status === 'pending' || body.status === 'cancelled';
  }
}

/** What a video job's calls do (see GatewayVideoJobModel). */
export class GatewayVideoJobCalls extends GatewayVideoCalls<'v4'> {
  /** Starts a job. ai 7 sends an `idempotency-key` header with it, which is passed on as given. */
  async doStart(options: Experimental_VideoModelV4CallOptions & { webhookUrl?: string }): Promise<GatewayVideoStartResult> {
    const { result, sent } = await sendModelCall(this.config, {
      kind: 'video',
      endpoint: VIDEO_START_ENDPOINT,
      modelId: this.modelId,
      // The gateway calls the webhook back: `callbackUrl` on the wire.
      body: { ...videoBody(options, modelKindSpecs.v4.zeroSeed), ...(options.webhookUrl ? { callbackUrl: options.webhookUrl } : {}) },
      options,
      check: (body): body is VideoStartBody => isRecord(body) && body.operation !== undefined && isWarnings(body.warnings),
      expected: 'the job `operation`',
    });
    return {
      operation: result.operation,
      warnings: [...(result.warnings ?? [])],
      providerMetadata: result.providerMetadata ?? undefined,
      response: this.response(sent),
    };
  }

  /** Checks a job once; its usage is reported when it is found completed. */
  async doStatus(options: {
    operation: JSONValue;
    abortSignal?: AbortSignal;
    headers?: Record<string, string | undefined>;
  }): Promise<GatewayVideoStatusResult> {
    const startedAt = Date.now();
    const { result, sent } = await sendModelCall(this.config, {
      kind: 'video',
      endpoint: VIDEO_STATUS_ENDPOINT,
      modelId: this.modelId,
      body: { operation: options.operation },
      options,
      check: isVideoStatusBody,
      expected: 'a job `status` of pending, completed (with `videos`), error or cancelled',
    });
    const providerMetadata = result.providerMetadata ?? undefined;
    const response = this.response(sent);
    switch (result.status) {
      case 'completed':
        this.report(result, undefined, startedAt);
        return { status: 'completed', ...this.result(result, sent) };
      case 'pending':
        return { status: 'pending', warnings: [...(result.warnings ?? [])], providerMetadata, response };
      default:
        return {
          status: 'error',
          error: result.status === 'error' ? result.error : 'Video generation was cancelled.',
          providerMetadata,
          response,
        };
    }
  }
}
