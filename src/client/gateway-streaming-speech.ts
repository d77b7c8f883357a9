import type {
  Experimental_SpeechModelV4StreamOptions as SpeechStreamOptions,
  Experimental_SpeechModelV4StreamResult as SpeechStreamResult,
  Experimental_SpeechModelV4StreamTextPart as SpeechTextPart,
  Experimental_StreamingSpeechModelV4 as StreamingSpeechModelV4,
  SpeechModelV4,
} from '@ai-sdk/provider';
import {
  EXPERIMENTAL_SPEECH_STREAM_START_FRAME_TYPE as START_FRAME,
  EXPERIMENTAL_SPEECH_STREAM_TEXT_DELTA_FRAME_TYPE as TEXT_DELTA_FRAME,
  type Experimental_SpeechStreamStartFrame as SpeechStartFrame,
  type Experimental_SpeechStreamTextDeltaFrame as SpeechTextDeltaFrame,
} from '@ai-sdk/provider-utils';
import type { GatewayModelConfig } from './gateway-model-config';
import { generatorOf, type StreamingModelSettings } from './gateway-websocket';

/** The stream's first frame: the call's settings, optional keys left out when unset. */
export function speechStartFrame(options: Omit<SpeechStreamOptions, 'text'>): SpeechStartFrame {
  const { voice, outputFormat, instructions, speed, language, providerOptions, includeRawChunks } = options;
  return {
    type: START_FRAME,
    ...(voice != null && { voice }),
    ...(outputFormat != null && { outputFormat }),
    ...(instructions != null && { instructions }),
    ...(speed != null && { speed }),
    ...(language != null && { language }),
    ...(providerOptions != null && { providerOptions }),
    ...(includeRawChunks != null && { includeRawChunks }),
  };
}

// 8192 UTF-16 code units stay under the gateway's 64 KiB frame limit even if JSON escapes every one as \uXXXX.
const MAX_DELTA_LENGTH = 8 * 1024;

/** `text` in pieces of at most 8192 UTF-16 code units, never splitting a surrogate pair. */
export function splitText(text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + MAX_DELTA_LENGTH, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/**
 * The text-delta frames of one input part. The voice goes on each frame of the part,
 * provider options on its first only; an empty part still sends its voice or options.
 */
export function speechTextFrames(part: SpeechTextPart): SpeechTextDeltaFrame[] {
  const pieces = splitText(part.text);
  if (pieces.length === 0 && (part.voice != null || part.providerOptions != null)) pieces.push('');
  return pieces.map((delta, index) => ({
    type: TEXT_DELTA_FRAME,
    delta,
    ...(part.voice != null && { voice: part.voice }),
    ...(index === 0 && part.providerOptions != null && { providerOptions: part.providerOptions }),
  }));
}

/**
 * A speech model (spec v4) that also streams: `doStream` sends text over a WebSocket as
 * it arrives and returns audio parts as the gateway sends them (`experimental_streamSpeech`).
 */
export class GatewayStreamingSpeechModel implements StreamingSpeechModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'gateway';

  constructor(
    readonly modelId: string,
    private readonly config: GatewayModelConfig,
    private readonly settings: StreamingModelSettings<SpeechModelV4> = {},
  ) {}

  async doGenerate(options: Parameters<SpeechModelV4['doGenerate']>[0]): Promise<Awaited<ReturnType<SpeechModelV4['doGenerate']>>> {
    return generatorOf(this.settings, this.modelId, 'speech').doGenerate(options);
  }

  doStream(options: SpeechStreamOptions): Promise<SpeechStreamResult> {
    const { modelId, config, settings } = this;
    const startFrame = speechStartFrame(options);
    // The WebSocket runner loads on the first stream: most apps never open one.
    return import('./gateway-websocket-stream').then(({ streamOverSocket, SPEECH_SOCKET }) =>
      streamOverSocket(SPEECH_SOCKET, modelId, config, settings.webSocket, options, startFrame, options.text),
    );
  }
}
