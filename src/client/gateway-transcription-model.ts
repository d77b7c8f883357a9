import type { JSONObject, TranscriptionModelV4 } from '@ai-sdk/provider';
import type { TranscriptionModelV3 } from '@ai-sdk/provider-v3';
import { convertUint8ArrayToBase64, isRecord, isUint8Array } from '@ai-sdk/provider-utils';
import type { GatewayModelConfig } from './gateway-model-config';
import { field, isWarnings, sendModelCall } from './model-call';
import type { SpecType } from '../protocol/spec-types';
import { modelKindSpecs, type SpecificationVersion } from '../protocol/spec-versions';
import { TRANSCRIPTION_ENDPOINT } from '../protocol/wire';

type TranscriptionResult<V extends SpecificationVersion> = SpecType<V, 'transcriptionResult'>;
type Warning<V extends SpecificationVersion> = SpecType<V, 'warning'>;
type TimedText = { text: string; startSecond: number; endSecond: number };
/** A warning every spec version has in this shape. */
type UnsupportedWarning = { type: 'unsupported'; feature: string; details?: string };

/** A transcript as the gateway sends it. */
interface TranscriptionResultBody<V extends SpecificationVersion> {
  text: string;
  segments?: TimedText[];
  words?: TimedText[] | null;
  language?: string | null;
  durationInSeconds?: number | null;
  warnings?: Array<Warning<V>>;
  usage?: JSONObject | null;
  providerMetadata?: TranscriptionResult<V>['providerMetadata'];
}

/** The transcript modelgate returns. */
export interface GatewayTranscriptionResult<V extends SpecificationVersion> {
  text: string;
  segments: TimedText[];
  /** Spec v4 only. */
  words?: TimedText[];
  language: string | undefined;
  durationInSeconds: number | undefined;
  warnings: Array<Warning<V> | UnsupportedWarning>;
  /** Spec v4 only: what the gateway counted (seconds of audio, …). */
  usage?: JSONObject;
  providerMetadata: TranscriptionResult<V>['providerMetadata'];
  response: { timestamp: Date; modelId: string; headers: Record<string, string>; body: unknown };
}

const isTimedTexts = (value: unknown) =>
  Array.isArray(value) &&
  value.every((item) => isRecord(item) && typeof item.text === 'string' && typeof item.startSecond === 'number');

function isTranscriptionResultBody<V extends SpecificationVersion>(body: unknown): body is TranscriptionResultBody<V> {
  return (
    isRecord(body) &&
    typeof body.text === 'string' &&
    (body.segments === undefined || isTimedTexts(body.segments)) &&
    (body.words == null || isTimedTexts(body.words)) &&
    isWarnings(body.warnings)
  );
}

/** Whether a `speaker` value appears anywhere in the gateway's answer. */
function hasSpeaker(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasSpeaker);
  return isRecord(value) && Object.entries(value).some(([key, item]) => (key === 'speaker' && item != null) || hasSpeaker(item));
}

/**
 * Warnings modelgate adds itself (spec v4): for call options the gateway does not take, and
 * for xAI speaker diarization asked for but not in the answer.
 */
export function transcriptionWarnings(
  modelId: string,
  options: { timestampGranularities?: readonly unknown[]; providerOptions?: unknown },
  body: unknown,
): UnsupportedWarning[] {
  const warnings: UnsupportedWarning[] = [];
  if (options.timestampGranularities?.length) {
    warnings.push({
      type: 'unsupported',
      feature: 'timestampGranularities',
      details: 'The AI Gateway does not take timestampGranularities; segments come as the provider returns them.',
    });
  }
  const diarize = ['xai', 'spacexai'].some((name) => field(field(options.providerOptions, name), 'diarize') === true);
  if (/^(space)?xai\//.test(modelId) && diarize && !hasSpeaker(body)) {
    warnings.push({
      type: 'unsupported',
      feature: 'providerOptions.xai.diarize',
      details: 'The AI Gateway does not return xAI speaker diarization yet.',
    });
  }
  return warnings;
}

/** A speech-to-text model served through the gateway (spec v3 or v4), for `transcribe()`. */
export class GatewayTranscriptionModel<V extends SpecificationVersion = SpecificationVersion> {
  readonly provider = 'gateway';
  readonly specificationVersion: V;

  constructor(
    readonly modelId: string,
    private readonly config: GatewayModelConfig<V>,
  ) {
    this.specificationVersion = config.client.spec.version;
  }

  async doGenerate(options: SpecType<V, 'transcriptionCallOptions'>): Promise<GatewayTranscriptionResult<V>> {
    const { audio, mediaType, providerOptions } = options;
    const startedAt = Date.now();
    const spec = modelKindSpecs[this.specificationVersion];
    const { result, sent } = await sendModelCall(this.config, {
      kind: 'transcription',
      endpoint: TRANSCRIPTION_ENDPOINT,
      modelId: this.modelId,
      // A string is base64 already.
      body: {
        audio: isUint8Array(audio) ? convertUint8ArrayToBase64(audio) : audio,
        mediaType,
        ...(providerOptions ? { providerOptions } : {}),
      },
      options,
      check: isTranscriptionResultBody<V>,
      expected: 'the transcript `text`',
    });
    this.config.usage?.report({
      kind: 'transcription',
      modelId: this.modelId,
      usage: result.usage,
      providerMetadata: result.providerMetadata,
      providerOptions,
      startedAt,
    });
    const warnings: Array<Warning<V> | UnsupportedWarning> = spec.warnings(result.warnings ?? []);
    if (spec.extras) warnings.push(...transcriptionWarnings(this.modelId, options, result));
    return {
      text: result.text,
      segments: result.segments ?? [],
      ...(spec.extras && result.words != null ? { words: result.words } : {}),
      language: result.language ?? undefined,
      durationInSeconds: result.durationInSeconds ?? undefined,
      warnings,
      ...(spec.extras && result.usage != null ? { usage: result.usage } : {}),
      providerMetadata: result.providerMetadata,
      response: { timestamp: new Date(), modelId: this.modelId, headers: sent.responseHeaders, body: result },
    };
  }
}

// Compile-time contract checks: each spec version's model must implement its own major's interface.
declare class GatewayTranscriptionModelV3 extends GatewayTranscriptionModel<'v3'> implements TranscriptionModelV3 {}
declare class GatewayTranscriptionModelV4 extends GatewayTranscriptionModel<'v4'> implements TranscriptionModelV4 {}
