import type { JSONObject, SpeechModelV4 } from '@ai-sdk/provider';
import type { SpeechModelV3 } from '@ai-sdk/provider-v3';
import { isRecord } from '@ai-sdk/provider-utils';
import type { GatewayModelConfig } from './gateway-model-config';
import { isWarnings, sendModelCall } from './model-call';
import type { SpecType } from '../protocol/spec-types';
import { modelKindSpecs, type SpecificationVersion } from '../protocol/spec-versions';
import { SPEECH_ENDPOINT } from '../protocol/wire';

type SpeechResult<V extends SpecificationVersion> = SpecType<V, 'speechResult'>;

/** A speech result as the gateway sends it: the audio as base64. */
interface SpeechResultBody<V extends SpecificationVersion> {
  audio: string;
  warnings?: Array<SpecType<V, 'warning'>>;
  usage?: JSONObject | null;
  providerMetadata?: SpeechResult<V>['providerMetadata'];
}

/** The speech result modelgate returns: the audio as base64, which `ai` decodes. */
export interface GatewaySpeechResult<V extends SpecificationVersion> {
  audio: string;
  warnings: Array<SpecType<V, 'warning'>>;
  /** Spec v4 only: what the gateway counted (characters, seconds, …). */
  usage?: JSONObject;
  providerMetadata: SpeechResult<V>['providerMetadata'];
  response: { timestamp: Date; modelId: string; headers: Record<string, string>; body: unknown };
}

function isSpeechResultBody<V extends SpecificationVersion>(body: unknown): body is SpeechResultBody<V> {
  return isRecord(body) && typeof body.audio === 'string' && isWarnings(body.warnings);
}

/** A text-to-speech model served through the gateway (spec v3 or v4), for `generateSpeech()`. */
export class GatewaySpeechModel<V extends SpecificationVersion = SpecificationVersion> {
  readonly provider = 'gateway';
  readonly specificationVersion: V;

  constructor(
    readonly modelId: string,
    private readonly config: GatewayModelConfig<V>,
  ) {
    this.specificationVersion = config.client.spec.version;
  }

  async doGenerate(options: SpecType<V, 'speechCallOptions'>): Promise<GatewaySpeechResult<V>> {
    const { text, voice, outputFormat, instructions, speed, language, providerOptions } = options;
    const startedAt = Date.now();
    const spec = modelKindSpecs[this.specificationVersion];
    const { result, sent } = await sendModelCall(this.config, {
      kind: 'speech',
      endpoint: SPEECH_ENDPOINT,
      modelId: this.modelId,
      // Empty strings are left out, as the public client does; a speed of 0 is sent.
      body: {
        text,
        ...(voice ? { voice } : {}),
        ...(outputFormat ? { outputFormat } : {}),
        ...(instructions ? { instructions } : {}),
        ...(speed != null ? { speed } : {}),
        ...(language ? { language } : {}),
        ...(providerOptions ? { providerOptions } : {}),
      },
      options,
      check: isSpeechResultBody<V>,
      expected: 'the `audio` as a base64 string',
    });
    this.config.usage?.report({
      kind: 'speech',
      modelId: this.modelId,
      usage: result.usage,
      providerMetadata: result.providerMetadata,
      providerOptions,
      startedAt,
    });
    return {
      audio: result.audio,
      warnings: spec.warnings(result.warnings ?? []),
      ...(spec.extras && result.usage != null ? { usage: result.usage } : {}),
      providerMetadata: result.providerMetadata,
      response: { timestamp: new Date(), modelId: this.modelId, headers: sent.responseHeaders, body: result },
    };
  }
}

// Compile-time contract checks: each spec version's model must implement its own major's interface.
declare class GatewaySpeechModelV3 extends GatewaySpeechModel<'v3'> implements SpeechModelV3 {}
declare class GatewaySpeechModelV4 extends GatewaySpeechModel<'v4'> implements SpeechModelV4 {}
