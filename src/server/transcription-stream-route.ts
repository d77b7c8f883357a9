/**
 * GET {v4 base}/transcription-model?ai-model-id=<id> with `Upgrade: websocket`: streamed
 * transcription (`experimental_streamTranscribe`), served by an upstream transcription model of
 * spec v4 with `doStream`. The client's binary frames (raw audio in the format its start frame
 * declares) become the model's `audio` stream; the model's transcript parts go back as JSON.
 * The envelope is media-stream-session.ts's.
 */
import type { Experimental_TranscriptionModelV4StreamOptions as TranscriptionStreamOptions, JSONObject, TranscriptionModelV4 } from '@ai-sdk/provider';
import {
  EXPERIMENTAL_TRANSCRIPTION_STREAM_AUDIO_DONE_FRAME_TYPE as AUDIO_DONE_FRAME,
  EXPERIMENTAL_TRANSCRIPTION_STREAM_START_FRAME_TYPE as START_FRAME,
} from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { isJsonObjectV3 } from '../protocol/convert-shared';
import { frameIssue, hasV4DoStream, typedFrame, type ClientFrame, type MediaStreamKind } from './media-stream-session';
import { upstreamProviderOptions } from './upstream';

const jsonObject = z.custom<JSONObject>(isJsonObjectV3, { message: 'Expected a JSON object' });

/** `transcription-stream.start`: the audio's format and the call's options. */
const startFrameSchema = z.object({
  type: z.literal(START_FRAME),
  inputAudioFormat: z.object({ type: z.string().min(1), rate: z.number().positive().optional() }),
  providerOptions: z.record(z.string(), jsonObject).optional(),
  includeRawChunks: z.boolean().optional(),
});

/** The settings of the upstream call, without the gateway's own provider options. */
export type TranscriptionStreamStart = Omit<TranscriptionStreamOptions, 'audio' | 'abortSignal' | 'headers'>;

/** One client frame of the transcription envelope: binary frames are audio. Pure; never throws. */
export function readTranscriptionFrame(frame: string | Uint8Array): ClientFrame<TranscriptionStreamStart, Uint8Array> {
  if (typeof frame !== 'string') return { type: 'input', input: frame, bytes: frame.byteLength };
  const typed = typedFrame(frame, 'transcription', 'A transcription stream text frame is not JSON. Send {"type":"transcription-stream.start","inputAudioFormat":{…}}, then the audio as binary frames, then transcription-stream.audio-done.');
  if ('message' in typed) return typed;
  switch (typed.frameType) {
    case START_FRAME: {
      const parsed = startFrameSchema.safeParse(typed.json);
      if (!parsed.success) return { type: 'invalid', message: `Invalid transcription-stream.start frame at ${frameIssue(parsed.error)}.` };
      const { type: _type, providerOptions, ...settings } = parsed.data;
      const upstreamOptions = upstreamProviderOptions(providerOptions);
      return { type: 'start', start: { ...settings, ...(upstreamOptions ? { providerOptions: upstreamOptions } : {}) } };
    }
    case AUDIO_DONE_FRAME:
      return { type: 'done' };
    default:
      return { type: 'ignored' };
  }
}

type StreamingTranscriptionModel = TranscriptionModelV4 & Required<Pick<TranscriptionModelV4, 'doStream'>>;

const isStreamingTranscriptionModel = (model: unknown): model is StreamingTranscriptionModel =>
  hasV4DoStream(model);

export const TRANSCRIPTION_STREAM: MediaStreamKind<TranscriptionStreamStart, Uint8Array> = {
  name: 'transcription',
  httpCall: 'transcribe',
  canStream: isStreamingTranscriptionModel,
  readFrame: readTranscriptionFrame,
  doStream(model, { start, input, abortSignal }) {
    if (!isStreamingTranscriptionModel(model)) throw new TypeError('not a streaming transcription model');
    return model.doStream({ ...start, audio: input, abortSignal });
  },
};
