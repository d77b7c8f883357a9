import { delay } from '@ai-sdk/provider-utils';
import type * as V3 from '@ai-sdk/provider-v3';
import type * as V4 from '@ai-sdk/provider';
import { GatewayServerError } from '../errors/gateway-server-error';
import {
  rerankingCallV4ToV3,
  rerankingResultV3ToV4,
  speechCallV4ToV3,
  speechResultV3ToV4,
  transcriptionCallV4ToV3,
  transcriptionResultV3ToV4,
} from '../protocol/convert-reranking-speech-transcription';
import { videoCallV4ToV3, videoResultV3ToV4 } from '../protocol/convert-video';

/**
 * Upstream reranking, speech and transcription models of spec v3 (provider packages
 * for ai 6) or v4 (ai 7), each seen as V4. The conversions live in src/protocol/.
 */

type NewerKind = 'reranking' | 'speech' | 'transcription' | 'video';

function asV3OrV4<M3, M4>(model: unknown, kind: NewerKind, method: string): { v3: M3 } | { v4: M4 } {
  const candidate = model as Record<string, unknown> | null;
  const version = candidate?.specificationVersion;
  if ((version === 'v3' || version === 'v4') && typeof candidate?.[method] !== 'function') {
    const jobs = kind === 'video' && version === 'v4' ? ' and no doStart/doStatus pair' : '';
    throw new GatewayServerError({ status: 500, type: 'internal_server_error', message: `The upstream provider returned a ${kind} model of spec ${version} with no ${method}${jobs}.` });
  }
  if (typeof candidate !== 'object' || candidate === null || (version !== 'v3' && version !== 'v4')) {
    throw new GatewayServerError({
      status: 500,
      type: 'internal_server_error',
      message: `The upstream provider returned a ${kind} model of spec ${JSON.stringify(version)}; the server drives ${kind} models of spec v3 and v4 (AI SDK provider packages for ai 6 and 7).`,
    });
  }
  return version === 'v4' ? { v4: model as M4 } : { v3: model as M3 };
}

export function rerankingModelAsV4(upstream: unknown): Pick<V4.RerankingModelV4, 'doRerank'> {
  const model = asV3OrV4<V3.RerankingModelV3, V4.RerankingModelV4>(upstream, 'reranking', 'doRerank');
  if ('v4' in model) return model.v4;
  return { doRerank: async (options) => rerankingResultV3ToV4(await model.v3.doRerank(rerankingCallV4ToV3(options))) };
}

export function speechModelAsV4(upstream: unknown): Pick<V4.SpeechModelV4, 'doGenerate'> {
  const model = asV3OrV4<V3.SpeechModelV3, V4.SpeechModelV4>(upstream, 'speech', 'doGenerate');
  if ('v4' in model) return model.v4;
  return { doGenerate: async (options) => speechResultV3ToV4(await model.v3.doGenerate(speechCallV4ToV3(options))) };
}

export function transcriptionModelAsV4(upstream: unknown): Pick<V4.TranscriptionModelV4, 'doGenerate'> {
  const model = asV3OrV4<V3.TranscriptionModelV3, V4.TranscriptionModelV4>(upstream, 'transcription', 'doGenerate');
  if ('v4' in model) return model.v4;
  return {
    async doGenerate(options) {
      const { value, warnings } = transcriptionCallV4ToV3(options);
      const result = transcriptionResultV3ToV4(await model.v3.doGenerate(value));
      return warnings.length ? { ...result, warnings: [...result.warnings, ...warnings] } : result;
    },
  };
}

type VideoGenerate = NonNullable<V4.Experimental_VideoModelV4['doGenerate']>;
type VideoStart = NonNullable<V4.Experimental_VideoModelV4['doStart']>;
type VideoStatus = NonNullable<V4.Experimental_VideoModelV4['doStatus']>;

/** A job-only upstream is first polled after this long, then at twice the last wait, up to VIDEO_POLL_MAX_MS. */
export const VIDEO_POLL_FIRST_MS = 250;
const VIDEO_POLL_MAX_MS = 5_000;

type ProviderMetadata = V4.SharedV4ProviderMetadata;

/** The start's and the end's metadata, provider by provider (a queue position, then the seconds it ran). */
function mergeProviderMetadata(first: ProviderMetadata | undefined, last: ProviderMetadata | undefined): ProviderMetadata | undefined {
  if (!first || !last) return first ?? last;
  const merged: ProviderMetadata = { ...first };
  for (const [provider, values] of Object.entries(last)) merged[provider] = { ...first[provider], ...values };
  return merged;
}

/**
 * One generation of a spec v4 model that only runs jobs: `doStart`, then `doStatus` until the job ends
 * (the attempt's signal, its timeout, stops the polling). A job the provider reports failed is a 502:
 * the next provider may still make the video, but it says nothing about this provider's health.
 */
export function generateByPolling(start: VideoStart, status: VideoStatus): VideoGenerate {
  return async (options) => {
    const started = await start(options);
    const warnings = [...started.warnings];
    for (let wait = VIDEO_POLL_FIRST_MS; ; wait = Math.min(wait * 2, VIDEO_POLL_MAX_MS)) {
      await delay(wait, { abortSignal: options.abortSignal });
      const state = await status({ operation: started.operation, abortSignal: options.abortSignal, headers: options.headers });
      if (state.status === 'pending') continue;
      if (state.status === 'error') {
        throw new GatewayServerError({ status: 502, type: 'internal_server_error', message: `The provider's video job failed: ${state.error}` });
      }
      const providerMetadata = mergeProviderMetadata(started.providerMetadata, state.providerMetadata);
      return { videos: state.videos, warnings: [...warnings, ...state.warnings], ...(providerMetadata ? { providerMetadata } : {}), response: state.response };
    }
  };
}

/** A video model's generation: its own `doGenerate`, or, for a spec v4 model that only runs jobs, its job polled to the end. */
export function videoModelAsV4(upstream: unknown): { doGenerate: VideoGenerate } {
  const candidate = upstream as Partial<V4.Experimental_VideoModelV4> | null;
  if (candidate?.specificationVersion === 'v4' && typeof candidate.doGenerate !== 'function' && typeof candidate.doStart === 'function' && typeof candidate.doStatus === 'function') {
    return { doGenerate: generateByPolling(candidate.doStart.bind(candidate), candidate.doStatus.bind(candidate)) };
  }
  const model = asV3OrV4<V3.Experimental_VideoModelV3, V4.Experimental_VideoModelV4>(upstream, 'video', 'doGenerate');
  if ('v4' in model) return { doGenerate: model.v4.doGenerate!.bind(model.v4) };
  return { doGenerate: async (options) => videoResultV3ToV4(await model.v3.doGenerate(videoCallV4ToV3(options))) };
}
