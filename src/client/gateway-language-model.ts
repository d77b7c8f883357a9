import type { LanguageModelV4 } from '@ai-sdk/provider';
import type { LanguageModelV2 } from '@ai-sdk/provider-v2';
import type { LanguageModelV3 } from '@ai-sdk/provider-v3';
import { isRecord } from '../protocol/web-helpers';
import { encodePrompt } from './encode-prompt';
import { decodeGatewayEventStream, type GatewayStreamPart } from './gateway-event-stream';
import { modelHeaders, type GatewayModelConfig } from './gateway-model-config';
import { validateGatewayProviderOptions } from '../protocol/gateway-provider-options';
import type { SpecType } from '../protocol/spec-types';
import type { SpecificationVersion } from '../protocol/spec-versions';
import type { IncompleteStream } from './usage';
import { LANGUAGE_MODEL_STREAMING_HEADER, MODEL_ENDPOINT } from '../protocol/wire';

type GenerateResult<V extends SpecificationVersion> = SpecType<V, 'languageGenerateResult'>;

/** Response metadata as JSON carries it: the timestamp is an ISO string. */
interface ResponseMetadataBody {
  id?: string;
  modelId?: string;
  timestamp?: string;
}

/** A generate result as the gateway sends it: the spec's result without what the client adds. */
type GenerateResultBody<V extends SpecificationVersion> = Omit<
  GenerateResult<V>,
  'request' | 'response' | 'warnings'
> & { warnings?: GenerateResult<V>['warnings']; response?: ResponseMetadataBody };

/** The generate result modelgate returns: the gateway's body plus the request and response it saw. */
export type GatewayGenerateResult<V extends SpecificationVersion> = Omit<
  GenerateResultBody<V>,
  'response' | 'warnings'
> & {
  warnings: GenerateResult<V>['warnings'];
  request: { body: unknown };
  response: { id?: string; modelId?: string; timestamp?: Date; headers: Record<string, string>; body: unknown };
};

export interface GatewayStreamResult<V extends SpecificationVersion> {
  stream: ReadableStream<GatewayStreamPart<V>>;
  request: { body: unknown };
  response: { headers: Record<string, string> };
}

// The gateway relays the model's result in the caller's spec shape; every result has `content`.
function isGenerateResultBody<V extends SpecificationVersion>(body: unknown): body is GenerateResultBody<V> {
  return isRecord(body) && Array.isArray(body.content);
}

function reviveTimestamp({ timestamp, ...metadata }: ResponseMetadataBody = {}) {
  return { ...metadata, timestamp: typeof timestamp === 'string' ? new Date(timestamp) : undefined };
}

/**
 * A language model served through the gateway. One class serves spec v2, v3 and
 * v4: the wire differs only in prompt encoding (see spec-versions.ts), and results
 * come back in the caller's own spec shape, passed through untouched.
 */
export class GatewayLanguageModel<V extends SpecificationVersion = SpecificationVersion> {
  readonly provider = 'gateway';
  readonly specificationVersion: V;
  // The gateway fetches URLs itself, so the AI SDK must not download them first.
  readonly supportedUrls: Record<string, RegExp[]> = { '*/*': [/.*/] };

  constructor(
    readonly modelId: string,
    private readonly config: GatewayModelConfig<V>,
  ) {
    this.specificationVersion = config.client.spec.version;
  }

  private request(options: SpecType<V, 'languageCallOptions'>, streaming: boolean) {
    validateGatewayProviderOptions(options.providerOptions);
    const { client } = this.config;
    // The body is the call options as the AI SDK passed them (per-call headers included,
    // as the hosted gateway receives them), minus the signal, with binary data encoded.
    const { abortSignal, ...callOptions } = options;
    return {
      url: `${client.baseURL}/${MODEL_ENDPOINT.language}`,
      body: { ...callOptions, prompt: encodePrompt(options.prompt, client.spec) },
      headers: options.headers,
      abortSignal,
      modelHeaders: {
        ...modelHeaders('language', client.spec.header, this.modelId),
        [LANGUAGE_MODEL_STREAMING_HEADER]: String(streaming),
      },
    };
  }

  async doGenerate(options: SpecType<V, 'languageCallOptions'>): Promise<GatewayGenerateResult<V>> {
    const startedAt = Date.now();
    const { client } = this.config;
    try {
      const sent = await client.send(this.request(options, false));
      const result = await client.json<unknown>(sent);
      if (!isGenerateResultBody<V>(result)) {
        throw client.unexpectedResponse(
          sent,
          'The AI Gateway answered without a `content` array; this is not a generate result.',
        );
      }
      const { response: responseMetadata, warnings, ...generated } = result;
      const response = reviveTimestamp(responseMetadata);
      this.config.usage?.report({
        kind: 'generate',
        modelId: this.modelId,
        usage: result.usage,
        providerMetadata: result.providerMetadata,
        responseId: response.id,
        providerOptions: options.providerOptions,
        startedAt,
      });
      return {
        ...generated,
        warnings: warnings ?? [],
        request: { body: sent.requestBody },
        response: { ...response, headers: sent.responseHeaders, body: result },
      };
    } catch (error) {
      throw await this.config.explainError(error, this.modelId);
    }
  }

  async doStream(options: SpecType<V, 'languageCallOptions'>): Promise<GatewayStreamResult<V>> {
    const startedAt = Date.now();
    const { client, usage } = this.config;
    let sent;
    try {
      sent = await client.send(this.request(options, true));
    } catch (error) {
      throw await this.config.explainError(error, this.modelId);
    }
    const body = sent.response.body;
    if (!body) {
      throw client.unexpectedResponse(
        sent,
        'The AI Gateway answered a streaming call with an empty body.',
      );
    }
    let responseId: unknown;
    // One record per stream: at `finish`, or with what is known when it ends without one.
    const report = (part: { usage: unknown; providerMetadata?: unknown } | undefined, incomplete?: IncompleteStream) =>
      usage?.report({
        kind: 'stream',
        modelId: this.modelId,
        usage: part?.usage,
        providerMetadata: part?.providerMetadata,
        responseId,
        providerOptions: options.providerOptions,
        startedAt,
        incomplete,
      });
    const stream = decodeGatewayEventStream<V>(body, {
      includeRawChunks: options.includeRawChunks === true,
      errorContext: sent.errorContext,
      abortSignal: options.abortSignal,
      onMetadata: (part) => {
        responseId = part.id;
      },
      onFinish: (part) => report(part),
      onIncomplete: (how) => report(undefined, how),
    });
    return {
      stream,
      request: { body: sent.requestBody },
      response: { headers: sent.responseHeaders },
    };
  }
}

// Compile-time contract checks: each spec version's model must implement its own major's interface.
declare class GatewayLanguageModelV2 extends GatewayLanguageModel<'v2'> implements LanguageModelV2 {}
declare class GatewayLanguageModelV3 extends GatewayLanguageModel<'v3'> implements LanguageModelV3 {}
declare class GatewayLanguageModelV4 extends GatewayLanguageModel<'v4'> implements LanguageModelV4 {}
