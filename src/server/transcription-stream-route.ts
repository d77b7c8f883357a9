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
import type { ClientFrame, MediaStreamKind } from './media-stream-session';
import { upstreamProviderOptions } from './upstream';

const jsonObject = z.custom<JSONObject>(isJsonObjectV3, { message: 'Expected a JSON object' });

/** `transcription-stream.start`: the audio's format and the call's options. */
const startFrameSchema = z.object({
  type: z.literal(START_FRAME),
  inputAudioFormat: z.object({ type: z.string().min(1), rate: z.number().positive().optional() }),
  providerOptions: z.record(z.string(), jsonObject).optional(),
  includeRawChunks: z.boolean().optional(),
});

const frameTypeSchema = z.object({ type: z.string() });

/** The settings of the upstream call, without the gateway's own provider options. */
export type TranscriptionStreamStart = Omit<TranscriptionStreamOptions, 'audio' | 'abortSignal' | 'headers'>;

/** One client frame of the transcription envelope: binary frames are audio. Pure; never throws. */
export function readTranscriptionFrame(frame: string | Uint8Array): ClientFrame<TranscriptionStreamStart, Uint8Array> {
  if (typeof frame !== 'string') return { type: 'input', input: frame, bytes: frame.byteLength };
  let json: unknown;
  try {
    json = JSON.parse(frame);
  } catch {
    return { type: 'invalid', message: 'A transcription stream text frame is not JSON. Send {"type":"transcription-stream.start","inputAudioFormat":{…}}, then the audio as binary frames, then transcription-stream.audio-done.' };
  }
  const typed = frameTypeSchema.safeParse(json);
  if (!typed.success) return { type: 'invalid', message: 'A transcription stream frame has no string `type`.' };
  switch (typed.data.type) {
    case START_FRAME: {
      const parsed = startFrameSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return { type: 'invalid', message: `Invalid transcription-stream.start frame at \`${issue.path.join('.') || '(frame)'}\`: ${issue.message}.` };
      }
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
  typeof model === 'object' && model !== null && 'specificationVersion' in model && model.specificationVersion === 'v4' && 'doStream' in model && typeof model.doStream === 'function';

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
