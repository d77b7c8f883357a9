/**
 * The model kinds the public client has from 3.x on: reranking, speech, transcription and
 * video. The v3 and v4 entries add them to their provider; the v2 entry does not bundle them.
 */
import type { GatewayModelConfig } from './gateway-model-config';
import { assertModelId, type ProviderContext } from './gateway-provider';
import { GatewayRerankingModel } from './gateway-reranking-model';
import { GatewaySpeechModel } from './gateway-speech-model';
import { GatewayTranscriptionModel } from './gateway-transcription-model';
import { GatewayVideoJobModel, GatewayVideoModel } from './gateway-video-model';
import type { SpecificationVersion } from '../protocol/spec-versions';

/** A reranking model id such as `cohere/rerank-v3.5`; any string the gateway knows works. */
export type GatewayRerankingModelId =
  | 'cohere/rerank-v3.5'
  | 'cohere/rerank-v4-fast'
  | 'cohere/rerank-v4-pro'
  | 'cohere/rerank-v5-fast'
  | 'cohere/rerank-v5-pro'
  | 'voyage/rerank-2.5'
  | 'voyage/rerank-2.5-lite'
  | 'voyage/rerank-3'
  | 'voyage/rerank-3-lite'
  | (string & {});

/** A text-to-speech model id such as `openai/tts-1`; any string the gateway knows works. */
export type GatewaySpeechModelId =
  | 'elevenlabs/eleven-flash-v2'
  | 'elevenlabs/eleven-flash-v2.5'
  | 'elevenlabs/eleven-multilingual-v2'
  | 'elevenlabs/eleven-v3'
  | 'elevenlabs/eleven-v3-conversational'
  | 'elevenlabs/eleven-v4'
  | 'elevenlabs/eleven-v4-turbo'
  | 'elevenlabs/music-v2'
  | 'elevenlabs/music-v2.5'
  | 'elevenlabs/sound-effects-v2'
  | 'fish-audio/drama-3'
  | 'fish-audio/s1'
  | 'fish-audio/s2-pro'
  | 'fish-audio/s2.1-pro'
  | 'google/gemini-3.8-flash-lite-tts'
  | 'google/gemini-3.8-flash-tts'
  | 'microsoft/mai-voice-2'
  | 'microsoft/mai-voice-2-flash'
  | 'microsoft/mai-voice-2.1'
  | 'microsoft/mai-voice-2.1-flash'
  | 'mistral/voxtral-mini-tts-3'
  | 'openai/tts-1'
  | 'openai/tts-1-hd'
  | 'spacexai/grok-tts'
  | (string & {});

/** A speech-to-text model id such as `openai/whisper-1`; any string the gateway knows works. */
export type GatewayTranscriptionModelId =
  | 'elevenlabs/scribe-v2'
  | 'elevenlabs/scribe-v2-realtime'
  | 'fish-audio/transcribe-1'
  | 'google/gemini-3.5-transcribe'
  | 'google/gemini-3.5-transcribe-live'
  | 'microsoft/mai-transcribe-2'
  | 'microsoft/mai-transcribe-2-streaming'
  | 'mistral/voxtral-mini-transcribe-3'
  | 'mistral/voxtral-small-transcribe-3'
  | 'openai/gpt-4o-mini-transcribe'
  | 'openai/gpt-4o-transcribe'
  | 'openai/gpt-live-transcribe'
  | 'openai/gpt-realtime-whisper'
  | 'openai/gpt-transcribe'
  | 'openai/whisper-1'
  | 'spacexai/grok-stt'
  | (string & {});

/** A video model id such as `google/veo-3.1-generate-001`; any string the gateway knows works. */
export type GatewayVideoModelId =
  | 'alibaba/wan-v2.5-t2v-preview'
  | 'alibaba/wan-v2.6-i2v'
  | 'alibaba/wan-v2.6-i2v-flash'
  | 'alibaba/wan-v2.6-r2v'
  | 'alibaba/wan-v2.6-r2v-flash'
  | 'alibaba/wan-v2.6-t2v'
  | 'alibaba/wan-v2.7-r2v'
  | 'alibaba/wan-v2.7-t2v'
  | 'alibaba/wan-v3.0-video'
  | 'alibaba/wan-v3.0-video-prime'
  | 'bfl/flux-3-video'
  | 'bytedance/seedance-2.0'
  | 'bytedance/seedance-2.0-fast'
  | 'bytedance/seedance-2.0-mini'
  | 'bytedance/seedance-2.5'
  | 'bytedance/seedance-v1.0-pro'
  | 'bytedance/seedance-v1.0-pro-fast'
  | 'bytedance/seedance-v1.5-pro'
  | 'google/veo-3.1-fast-generate-001'
  | 'google/veo-3.1-generate-001'
  | 'google/veo-3.1-lite-generate-001'
  | 'heygen/heygen-video-1'
  | 'klingai/kling-v2.5-turbo-i2v'
  | 'klingai/kling-v2.5-turbo-t2v'
  | 'klingai/kling-v2.6-i2v'
  | 'klingai/kling-v2.6-motion-control'
  | 'klingai/kling-v2.6-t2v'
  | 'klingai/kling-v3.0-i2v'
  | 'klingai/kling-v3.0-motion-control'
  | 'klingai/kling-v3.0-t2v'
  | 'minimax/minimax-h3'
  | 'minimax/minimax-h3-max'
  | 'spacexai/grok-imagine-video'
  | 'spacexai/grok-imagine-video-1.5'
  | 'spacexai/grok-imagine-video-1.5-lite'
  | 'topaz/proteus'
  | 'topaz/starlight-precise-2.6'
  | (string & {});

/** Provider members for reranking, speech, transcription and video models of spec `V`. */
export interface GatewayV3ModelKinds<V extends SpecificationVersion> {
  /** A reranking model, for `rerank()`. */
  rerankingModel(modelId: GatewayRerankingModelId): GatewayRerankingModel<V>;
  reranking(modelId: GatewayRerankingModelId): GatewayRerankingModel<V>;
  /** A text-to-speech model, for `generateSpeech()` (ai 6: `experimental_generateSpeech`). */
  speechModel(modelId: GatewaySpeechModelId): GatewaySpeechModel<V>;
  speech(modelId: GatewaySpeechModelId): GatewaySpeechModel<V>;
  /** A speech-to-text model, for `transcribe()` (ai 6: `experimental_transcribe`). */
  transcriptionModel(modelId: GatewayTranscriptionModelId): GatewayTranscriptionModel<V>;
  transcription(modelId: GatewayTranscriptionModelId): GatewayTranscriptionModel<V>;
  /** A video model, for `experimental_generateVideo()`. */
  videoModel(modelId: GatewayVideoModelId): GatewayVideoModel<V>;
  video(modelId: GatewayVideoModelId): GatewayVideoModel<V>;
}

/** Spec v4 video models also run as jobs (ai 7: `experimental_startVideo`, `experimental_getVideoStatus`). */
export interface GatewayV4ModelKinds extends GatewayV3ModelKinds<'v4'> {
  videoModel(modelId: GatewayVideoModelId): GatewayVideoJobModel;
  video(modelId: GatewayVideoModelId): GatewayVideoJobModel;
}

/** A provider member that checks the model id and builds the model. */
const member =
  <V extends SpecificationVersion, M>(Model: new (modelId: string, config: GatewayModelConfig<V>) => M, config: GatewayModelConfig<V>) =>
  (modelId: string): M => {
    assertModelId(modelId);
    return new Model(modelId, config);
  };

export function v3ModelKinds<V extends SpecificationVersion>({ config }: ProviderContext<V>): GatewayV3ModelKinds<V> {
  const rerankingModel = member(GatewayRerankingModel<V>, config);
  const speechModel = member(GatewaySpeechModel<V>, config);
  const transcriptionModel = member(GatewayTranscriptionModel<V>, config);
  const videoModel = member(GatewayVideoModel<V>, config);
  return {
    rerankingModel,
    reranking: rerankingModel,
    speechModel,
    speech: speechModel,
    transcriptionModel,
    transcription: transcriptionModel,
    videoModel,
    video: videoModel,
  };
}

export function v4ModelKinds(context: ProviderContext<'v4'>): GatewayV4ModelKinds {
  const videoModel = member(GatewayVideoJobModel, context.config);
  return { ...v3ModelKinds(context), videoModel, video: videoModel };
}
