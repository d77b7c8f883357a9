import type * as V3 from '@ai-sdk/provider-v3';
import type * as V4 from '@ai-sdk/provider';
import { convertUint8ArrayToBase64 } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { isJsonObjectV3, metadataV4ToV3, optionsV4ToV3, providerRecordV4ToV3, warningV4ToV3 } from './convert-shared';
import type { NewerKindSpecVersion } from './convert-reranking-speech-transcription';
import { parseWireBody } from './wire-call-schemas';

/**
 * Video models between spec V3 (ai 6) and V4 (ai 7), and the `/video-model` wire forms.
 * The call is the same in both versions (V4 adds `mediaType` on URL files); V4 results may
 * carry videos `uploaded` to the caller's storage. So V3 → V4 is a relabel (as ai 7's
 * asVideoModelV4 does) and V4 → V3 drops what V3 lacks. Videos never travel as bytes:
 * `binary` becomes `base64` on the wire.
 */

export type VideoModelV3Result = Awaited<ReturnType<V3.Experimental_VideoModelV3['doGenerate']>>;
type VideoDataV4 = V4.Experimental_VideoModelV4Result['videos'][number];

/** A video as the gateway clients read it: a URL, base64 data, or (spec v4) `uploaded`. */
export type WireVideoData = Exclude<VideoDataV4, { type: 'binary' }>;

/** A video result as `/video-model` (its `result` event) and a completed job's status carry it. */
export type WireVideoResult = {
  videos: WireVideoData[];
  warnings: V4.SharedV4Warning[];
  providerMetadata?: V4.SharedV4ProviderMetadata;
};

// ---- upstream calls (V4 → V3) and results (V3 → V4) ----------------------------------------

function videoFileV4ToV3(file: V4.Experimental_VideoModelV4File): V3.Experimental_VideoModelV3File {
  const { providerOptions, ...rest } = file;
  // V3 URL files have no media type; the URL's own answer says it.
  const value = rest.type === 'url' ? { type: 'url' as const, url: rest.url } : rest;
  return { ...value, ...optionsV4ToV3(providerOptions) };
}

export function videoCallV4ToV3(options: V4.Experimental_VideoModelV4CallOptions): V3.Experimental_VideoModelV3CallOptions {
  const { providerOptions, image, frameImages, inputReferences, ...rest } = options;
  return {
    ...rest,
    image: image && videoFileV4ToV3(image),
    frameImages: frameImages?.map((frame) => ({ frameType: frame.frameType, image: videoFileV4ToV3(frame.image) })),
    inputReferences: inputReferences?.map(videoFileV4ToV3),
    providerOptions: providerRecordV4ToV3(providerOptions),
  };
}

export const videoResultV3ToV4 = (result: VideoModelV3Result): V4.Experimental_VideoModelV4Result => result;

// ---- results on the wire (V4 → the client's spec) -------------------------------------------

const videoDataToWire = (video: VideoDataV4): WireVideoData =>
  video.type === 'binary' ? { type: 'base64', data: convertUint8ArrayToBase64(video.data), mediaType: video.mediaType } : video;

/** A V4 result as a spec v4 client reads it: bytes as base64, the upstream's `response` left out. */
export function videoResultToWireV4(result: Pick<V4.Experimental_VideoModelV4Result, 'videos' | 'warnings' | 'providerMetadata'>): WireVideoResult {
  const { videos, warnings, providerMetadata } = result;
  return { videos: videos.map(videoDataToWire), warnings, ...(providerMetadata ? { providerMetadata } : {}) };
}

/**
 * A V4 result as a spec v3 client reads it: V3 has no `deprecated` warning and no `uploaded`
 * videos (the 3.x client rejects them), so uploaded videos are left out and a warning says so.
 */
export function videoResultToWireV3(result: Pick<V4.Experimental_VideoModelV4Result, 'videos' | 'warnings' | 'providerMetadata'>): WireVideoResult {
  const wire = videoResultToWireV4(result);
  const videos = wire.videos.filter((video) => video.type !== 'uploaded');
  const uploaded = wire.videos.length - videos.length;
  const warnings: V3.SharedV3Warning[] = wire.warnings.map(warningV4ToV3);
  if (uploaded > 0) {
    warnings.push({ type: 'other', message: `${uploaded} video(s) went to the caller's storage ('uploaded'); spec 3 clients cannot receive them. Use a spec 4 client (ai 7) to get them reported.` });
  }
  return { videos, warnings, ...metadataV4ToV3(wire.providerMetadata) };
}

/** A V4 video result in the wire form a client of spec `version` reads. */
export const videoResultToWire = { v3: videoResultToWireV3, v4: videoResultToWireV4 } as const;

// ---- request bodies (the same JSON from gw3 and gw4) --------------------------------------

const jsonObject = z.custom<V4.JSONObject>(isJsonObjectV3, { message: 'Expected a JSON object' });
const providerOptions = z.record(z.string(), jsonObject).optional();

/** Files arrive as base64 (`file`) or as a URL; the spec's `data` accepts a base64 string as it is. */
const videoFile = z.discriminatedUnion('type', [
  z.object({ type: z.literal('file'), mediaType: z.string().min(1), data: z.string().min(1), providerOptions }),
  z.object({ type: z.literal('url'), url: z.url(), mediaType: z.string().optional(), providerOptions }),
]);

const videoCallBody = z.looseObject({
  prompt: z.string().optional(),
  n: z.number().int().positive(),
  aspectRatio: z.union([z.templateLiteral([z.number(), ':', z.number()]), z.literal('adaptive')]).optional(),
  resolution: z.templateLiteral([z.number(), 'x', z.number()]).optional(),
  duration: z.number().positive().optional(),
  fps: z.number().positive().optional(),
  seed: z.number().int().optional(),
  generateAudio: z.boolean().optional(),
  image: videoFile.optional(),
  frameImages: z.array(z.object({ image: videoFile, frameType: z.enum(['first_frame', 'last_frame']) })).optional(),
  inputReferences: z.array(videoFile).optional(),
  providerOptions,
});

const videoStartBody = videoCallBody.extend({ callbackUrl: z.url().optional() });

/** The call options of a `/video-model` (or `/video-model/start`) body, every field present as the spec asks. */
function callOptionsOf(body: z.infer<typeof videoCallBody>): V4.Experimental_VideoModelV4CallOptions {
  return {
    prompt: body.prompt,
    n: body.n,
    aspectRatio: body.aspectRatio,
    resolution: body.resolution,
    duration: body.duration,
    fps: body.fps,
    seed: body.seed,
    generateAudio: body.generateAudio,
    image: body.image,
    frameImages: body.frameImages,
    inputReferences: body.inputReferences,
    providerOptions: body.providerOptions ?? {},
  };
}

export function parseVideoCallBody(version: NewerKindSpecVersion, body: unknown): V4.Experimental_VideoModelV4CallOptions {
  return callOptionsOf(parseWireBody(videoCallBody, body, `video-model (spec ${version})`));
}

/** A `/video-model/start` body (spec v4): the call, and the webhook to call back when the job ends. */
export function parseVideoStartBody(body: unknown): { call: V4.Experimental_VideoModelV4CallOptions; callbackUrl?: string } {
  const parsed = parseWireBody(videoStartBody, body, 'video-model/start (spec v4)');
  return { call: callOptionsOf(parsed), ...(parsed.callbackUrl ? { callbackUrl: parsed.callbackUrl } : {}) };
}

/** The `operation` this server hands out for a video job, and takes back on `/video-model/status`. */
const videoOperation = z.object({ jobId: z.string().min(1) });
export type VideoOperation = z.infer<typeof videoOperation>;

export function parseVideoStatusBody(body: unknown): VideoOperation {
  return parseWireBody(z.looseObject({ operation: videoOperation }), body, 'video-model/status (spec v4)').operation;
}
