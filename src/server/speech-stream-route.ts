/**
 * GET {v4 base}/speech-model?ai-model-id=<id> with `Upgrade: websocket`: streamed speech
 * (`experimental_streamSpeech`), served by an upstream speech model of spec v4 with `doStream`.
 * The client's text frames become the model's `text` stream, one text part per text-delta
 * frame (a long part the client split arrives as several: the spec lets parts split anywhere);
 * the model's parts go back as JSON (audio as base64). The envelope is media-stream-session.ts's.
 */
import type { Experimental_SpeechModelV4StreamOptions as SpeechStreamOptions, Experimental_SpeechModelV4StreamTextPart as SpeechTextPart, Experimental_StreamingSpeechModelV4 as StreamingSpeechModelV4, JSONObject } from '@ai-sdk/provider';
import {
  EXPERIMENTAL_SPEECH_STREAM_START_FRAME_TYPE as START_FRAME,
  EXPERIMENTAL_SPEECH_STREAM_TEXT_DELTA_FRAME_TYPE as TEXT_DELTA_FRAME,
  EXPERIMENTAL_SPEECH_STREAM_TEXT_DONE_FRAME_TYPE as TEXT_DONE_FRAME,
} from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { isJsonObjectV3 } from '../protocol/convert-shared';
import { frameIssue, hasV4DoStream, typedFrame, type ClientFrame, type MediaStreamKind } from './media-stream-session';
import { upstreamProviderOptions } from './upstream';

const jsonObject = z.custom<JSONObject>(isJsonObjectV3, { message: 'Expected a JSON object' });
const providerOptions = z.record(z.string(), jsonObject).optional();
const audioFormat = z.object({ type: z.string(), rate: z.number().optional() });

/** `speech-stream.start`: the call's settings. */
const startFrameSchema = z.object({
  type: z.literal(START_FRAME),
  voice: z.string().optional(),
  outputFormat: audioFormat.optional(),
  instructions: z.string().optional(),
  speed: z.number().optional(),
  language: z.string().optional(),
  providerOptions,
  includeRawChunks: z.boolean().optional(),
});

/** `speech-stream.text-delta`: a piece of input text; the voice repeats on each frame of a part, provider options come on its first. */
const textDeltaFrameSchema = z.object({
  type: z.literal(TEXT_DELTA_FRAME),
  delta: z.string(),
  voice: z.string().optional(),
  providerOptions,
});

/** The settings of the upstream call, without the gateway's own provider options. */
export type SpeechStreamStart = Omit<SpeechStreamOptions, 'text' | 'abortSignal' | 'headers'>;

/** One client text frame of the speech envelope. Pure; never throws. */
export function readSpeechFrame(frame: string | Uint8Array): ClientFrame<SpeechStreamStart, SpeechTextPart> {
  if (typeof frame !== 'string') return { type: 'invalid', message: 'Streamed speech takes text frames only (JSON); this one was binary.' };
  const typed = typedFrame(frame, 'speech', 'A speech stream frame is not JSON. Send {"type":"speech-stream.start",…}, then speech-stream.text-delta frames, then speech-stream.text-done.');
  if ('message' in typed) return typed;
  const { json } = typed;
  switch (typed.frameType) {
    case START_FRAME: {
      const parsed = startFrameSchema.safeParse(json);
      if (!parsed.success) return { type: 'invalid', message: `Invalid speech-stream.start frame at ${frameIssue(parsed.error)}.` };
      const { type: _type, providerOptions: options, ...settings } = parsed.data;
      const upstreamOptions = upstreamProviderOptions(options);
      return { type: 'start', start: { ...settings, ...(upstreamOptions ? { providerOptions: upstreamOptions } : {}) } };
    }
    case TEXT_DELTA_FRAME: {
      const parsed = textDeltaFrameSchema.safeParse(json);
      if (!parsed.success) return { type: 'invalid', message: `Invalid speech-stream.text-delta frame at ${frameIssue(parsed.error)}.` };
      const { delta, voice, providerOptions: options } = parsed.data;
      const upstreamOptions = upstreamProviderOptions(options);
      // A frame with nothing left to say (its only options were the gateway's) is not passed on.
      if (delta === '' && voice === undefined && !upstreamOptions) return { type: 'ignored' };
      const part: SpeechTextPart = { type: 'text', text: delta, ...(voice !== undefined ? { voice } : {}), ...(upstreamOptions ? { providerOptions: upstreamOptions } : {}) };
      // As UTF-16, what the text holds in memory.
      return { type: 'input', input: part, bytes: delta.length * 2 };
    }
    case TEXT_DONE_FRAME:
      return { type: 'done' };
    default:
      return { type: 'ignored' };
  }
}

const isStreamingSpeechModel = (model: unknown): model is StreamingSpeechModelV4 =>
  hasV4DoStream(model);

export const SPEECH_STREAM: MediaStreamKind<SpeechStreamStart, SpeechTextPart> = {
  name: 'speech',
  httpCall: 'generateSpeech',
  canStream: isStreamingSpeechModel,
  readFrame: readSpeechFrame,
  doStream(model, { start, input, abortSignal }) {
    if (!isStreamingSpeechModel(model)) throw new TypeError('not a streaming speech model');
    return model.doStream({ ...start, text: input, abortSignal });
  },
};
