import type {
  Experimental_TranscriptionModelV4StreamOptions as TranscriptionStreamOptions,
  Experimental_TranscriptionModelV4StreamResult as TranscriptionStreamResult,
  TranscriptionModelV4,
} from '@ai-sdk/provider';
import {
  convertBase64ToUint8Array,
  EXPERIMENTAL_TRANSCRIPTION_STREAM_START_FRAME_TYPE as START_FRAME,
  type Experimental_TranscriptionStreamStartFrame as TranscriptionStartFrame,
} from '@ai-sdk/provider-utils';
import type { GatewayModelConfig } from './gateway-model-config';
import { generatorOf, type StreamingModelSettings } from './gateway-websocket';

/** The stream's first frame: the audio format, provider options and raw-chunk flag when set. */
export function transcriptionStartFrame(options: Omit<TranscriptionStreamOptions, 'audio'>): TranscriptionStartFrame {
  const { inputAudioFormat, providerOptions, includeRawChunks } = options;
  return {
    type: START_FRAME,
    inputAudioFormat,
    ...(providerOptions != null && { providerOptions }),
    ...(includeRawChunks != null && { includeRawChunks }),
  };
}

// The gateway rejects frames over 256 KiB; 64 KiB frames leave room and keep latency low.
const MAX_AUDIO_FRAME_BYTES = 64 * 1024;

/** One audio chunk (bytes, or base64 text) as binary frames of at most 64 KiB. */
export function audioFrames(chunk: Uint8Array | string): Uint8Array[] {
  const bytes = typeof chunk === 'string' ? convertBase64ToUint8Array(chunk) : chunk;
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += MAX_AUDIO_FRAME_BYTES) {
    frames.push(bytes.subarray(offset, offset + MAX_AUDIO_FRAME_BYTES));
  }
  return frames;
}

/**
 * A transcription model (spec v4) that also streams: `doStream` sends audio over a
 * WebSocket as it arrives and returns transcript parts as the gateway sends them
 * (`experimental_streamTranscribe`).
 */
export class GatewayStreamingTranscriptionModel implements TranscriptionModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'gateway';

  constructor(
    readonly modelId: string,
    private readonly config: GatewayModelConfig,
    private readonly settings: StreamingModelSettings<TranscriptionModelV4> = {},
  ) {}

  async doGenerate(
    options: Parameters<TranscriptionModelV4['doGenerate']>[0],
  ): Promise<Awaited<ReturnType<TranscriptionModelV4['doGenerate']>>> {
    return generatorOf(this.settings, this.modelId, 'transcription').doGenerate(options);
  }

  doStream(options: TranscriptionStreamOptions): Promise<TranscriptionStreamResult> {
    const { modelId, config, settings } = this;
    const startFrame = transcriptionStartFrame(options);
    // The WebSocket runner loads on the first stream: most apps never open one.
    return import('./gateway-websocket-stream').then(({ streamOverSocket, TRANSCRIPTION_SOCKET }) =>
      streamOverSocket(TRANSCRIPTION_SOCKET, modelId, config, settings.webSocket, options, startFrame, options.audio),
    );
  }
}
