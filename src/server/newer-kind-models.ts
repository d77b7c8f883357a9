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
  if (typeof candidate !== 'object' || candidate === null || (version !== 'v3' && version !== 'v4') || typeof candidate[method] !== 'function') {
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

/** A video model's one-shot generation; spec v4 models that only run jobs (doStart/doStatus) are not driven yet. */
export function videoModelAsV4(upstream: unknown): { doGenerate: NonNullable<V4.Experimental_VideoModelV4['doGenerate']> } {
  const model = asV3OrV4<V3.Experimental_VideoModelV3, V4.Experimental_VideoModelV4>(upstream, 'video', 'doGenerate');
  if ('v4' in model) return { doGenerate: model.v4.doGenerate!.bind(model.v4) };
  return { doGenerate: async (options) => videoResultV3ToV4(await model.v3.doGenerate(videoCallV4ToV3(options))) };
}
