import type * as V3 from '@ai-sdk/provider-v3';
import type * as V4 from '@ai-sdk/provider';
import { z } from 'zod/v4';
import type { Downgraded } from './convert-call-options';
import { isJsonObjectV3, jsonObjectV4ToV3, metadataV4ToV3, optionsV4ToV3, warningV4ToV3 } from './convert-shared';
import { parseWireBody } from './wire-call-schemas';

/**
 * Reranking, speech and transcription models between spec V3 (ai 6) and V4 (ai 7),
 * in one place. Their calls are the same on the wire in both versions; V4 adds the
 * `deprecated` warning, `usage` on speech and transcription results, `words` on
 * transcription results and the `timestampGranularities` transcription option.
 * So V3 → V4 is a relabel (as ai 7's asSpeechModelV4 & co. do), V4 → V3 drops those.
 */

export type RerankingModelV3Result = Awaited<ReturnType<V3.RerankingModelV3['doRerank']>>;
export type SpeechModelV3Result = Awaited<ReturnType<V3.SpeechModelV3['doGenerate']>>;
export type TranscriptionModelV3Result = Awaited<ReturnType<V3.TranscriptionModelV3['doGenerate']>>;

/** The spec versions whose public gateway client calls these models (gw3, gw4). */
export type NewerKindSpecVersion = 'v3' | 'v4';

// ---- upstream calls (V4 → V3) and results (V3 → V4) ----------------------------------------

export function rerankingCallV4ToV3(options: V4.RerankingModelV4CallOptions): V3.RerankingModelV3CallOptions {
  const { providerOptions, documents, ...rest } = options;
  return {
    ...rest,
    documents: documents.type === 'text' ? documents : { type: 'object', values: documents.values.map(jsonObjectV4ToV3) },
    ...optionsV4ToV3(providerOptions),
  };
}

export function speechCallV4ToV3(options: V4.SpeechModelV4CallOptions): V3.SpeechModelV3CallOptions {
  const { providerOptions, ...rest } = options;
  return { ...rest, ...optionsV4ToV3(providerOptions) };
}

/** V3 transcription has no shared `timestampGranularities`: it is reported, not applied (as ai 7 does). */
export function transcriptionCallV4ToV3(
  options: V4.TranscriptionModelV4CallOptions,
): Downgraded<V3.TranscriptionModelV3CallOptions> {
  const { timestampGranularities, providerOptions, ...rest } = options;
  const warnings: V4.SharedV4Warning[] = timestampGranularities?.length
    ? [{ type: 'unsupported', feature: 'timestampGranularities', details: 'The upstream transcription model implements spec v3, which has no shared timestamp granularities.' }]
    : [];
  return { value: { ...rest, ...optionsV4ToV3(providerOptions) }, warnings };
}

export const rerankingResultV3ToV4 = (result: RerankingModelV3Result): V4.RerankingModelV4Result => result;
export const speechResultV3ToV4 = (result: SpeechModelV3Result): V4.SpeechModelV4Result => result;
export const transcriptionResultV3ToV4 = (result: TranscriptionModelV3Result): V4.TranscriptionModelV4Result => result;

// ---- client results (V4 → the client's spec) ------------------------------------------------

export function rerankingResultV4ToV3(result: V4.RerankingModelV4Result): RerankingModelV3Result {
  const { warnings, providerMetadata, ...rest } = result;
  return { ...rest, ...(warnings ? { warnings: warnings.map(warningV4ToV3) } : {}), ...metadataV4ToV3(providerMetadata) };
}

export function speechResultV4ToV3(result: V4.SpeechModelV4Result): SpeechModelV3Result {
  const { warnings, usage: _usage, providerMetadata, ...rest } = result;
  return { ...rest, warnings: warnings.map(warningV4ToV3), ...metadataV4ToV3(providerMetadata) };
}

export function transcriptionResultV4ToV3(result: V4.TranscriptionModelV4Result): TranscriptionModelV3Result {
  const { warnings, usage: _usage, words: _words, providerMetadata, ...rest } = result;
  return { ...rest, warnings: warnings.map(warningV4ToV3), ...metadataV4ToV3(providerMetadata) };
}

/** Each kind's V4 result in the form a client of spec `version` reads. */
export const newerKindResultsFromV4 = {
  v3: { reranking: rerankingResultV4ToV3, speech: speechResultV4ToV3, transcription: transcriptionResultV4ToV3 },
  v4: {
    reranking: (result: V4.RerankingModelV4Result) => result,
    speech: (result: V4.SpeechModelV4Result) => result,
    transcription: (result: V4.TranscriptionModelV4Result) => result,
  },
} as const;

// ---- request bodies (the same JSON from gw3 and gw4) --------------------------------------

const jsonObject = z.custom<V4.JSONObject>(isJsonObjectV3, { message: 'Expected a JSON object' });
const providerOptions = z.record(z.string(), jsonObject).optional();

const rerankingBody = z.looseObject({
  documents: z.discriminatedUnion('type', [
    z.object({ type: z.literal('text'), values: z.array(z.string()) }),
    z.object({ type: z.literal('object'), values: z.array(jsonObject) }),
  ]),
  query: z.string(),
  topN: z.number().int().positive().optional(),
  providerOptions,
});

const speechBody = z.looseObject({
  text: z.string(),
  voice: z.string().optional(),
  outputFormat: z.string().optional(),
  instructions: z.string().optional(),
  speed: z.number().optional(),
  language: z.string().optional(),
  providerOptions,
});

/** Audio arrives as base64; the spec's `audio` accepts a base64 string as it is. */
const transcriptionBody = z.looseObject({
  audio: z.string().min(1),
  mediaType: z.string().min(1),
  providerOptions,
});

export function parseRerankingCallBody(version: NewerKindSpecVersion, body: unknown): V4.RerankingModelV4CallOptions {
  return parseWireBody(rerankingBody, body, `reranking-model (spec ${version})`);
}

export function parseSpeechCallBody(version: NewerKindSpecVersion, body: unknown): V4.SpeechModelV4CallOptions {
  return parseWireBody(speechBody, body, `speech-model (spec ${version})`);
}

export function parseTranscriptionCallBody(version: NewerKindSpecVersion, body: unknown): V4.TranscriptionModelV4CallOptions {
  return parseWireBody(transcriptionBody, body, `transcription-model (spec ${version})`);
}
