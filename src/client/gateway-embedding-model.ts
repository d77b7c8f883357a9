import type { EmbeddingModelV4 } from '@ai-sdk/provider';
import type { EmbeddingModelV2 } from '@ai-sdk/provider-v2';
import type { EmbeddingModelV3 } from '@ai-sdk/provider-v3';
import { isRecord } from '../protocol/web-helpers';
import { modelHeaders, type GatewayModelConfig } from './gateway-model-config';
import { validateGatewayProviderOptions } from '../protocol/gateway-provider-options';
import type { SpecType } from '../protocol/spec-types';
import type { SpecificationVersion } from '../protocol/spec-versions';
import { MODEL_ENDPOINT } from '../protocol/wire';

type EmbeddingResult<V extends SpecificationVersion> = SpecType<V, 'embeddingResult'>;

/** An embedding result as the gateway sends it. */
interface EmbeddingResultBody<V extends SpecificationVersion> {
  embeddings: number[][];
  usage?: { tokens: number } | null;
  providerMetadata?: EmbeddingResult<V>['providerMetadata'];
  warnings?: SpecType<V, 'embeddingWarnings'>;
}

/** The embedding result modelgate returns. */
export interface GatewayEmbeddingResult<V extends SpecificationVersion> {
  embeddings: number[][];
  usage: { tokens: number } | undefined;
  providerMetadata: EmbeddingResult<V>['providerMetadata'];
  warnings: SpecType<V, 'embeddingWarnings'>;
  response: { headers: Record<string, string>; body: unknown };
}

// One embedding (an array of numbers) per value sent, in order.
function isEmbeddingResultBody<V extends SpecificationVersion>(
  body: unknown,
  valueCount: number,
): body is EmbeddingResultBody<V> {
  return isRecord(body) && Array.isArray(body.embeddings) && body.embeddings.length === valueCount;
}

/** An embedding model served through the gateway (spec v2, v3 or v4). */
export class GatewayEmbeddingModel<V extends SpecificationVersion = SpecificationVersion> {
  readonly provider = 'gateway';
  readonly specificationVersion: V;
  readonly maxEmbeddingsPerCall = 2048;
  readonly supportsParallelCalls = true;

  constructor(
    readonly modelId: string,
    private readonly config: GatewayModelConfig<V>,
  ) {
    this.specificationVersion = config.client.spec.version;
  }

  async doEmbed(options: SpecType<V, 'embeddingCallOptions'>): Promise<GatewayEmbeddingResult<V>> {
    const { values, abortSignal, headers, providerOptions } = options;
    const startedAt = Date.now();
    const { client } = this.config;
    try {
      validateGatewayProviderOptions(providerOptions);
      const sent = await client.send({
        url: `${client.baseURL}/${MODEL_ENDPOINT.embedding}`,
        body: client.spec.embeddingBody(options),
        headers,
        abortSignal,
        modelHeaders: modelHeaders('embedding', client.spec.header, this.modelId),
      });
      const result = await client.json<unknown>(sent);
      if (!isEmbeddingResultBody<V>(result, values.length)) {
        const embeddings = isRecord(result) ? result.embeddings : undefined;
        throw client.unexpectedResponse(
          sent,
          `The AI Gateway returned ${Array.isArray(embeddings) ? embeddings.length : 'no'} embeddings for ${
            values.length
          } values.`,
        );
      }
      this.config.usage?.report({
        kind: 'embed',
        modelId: this.modelId,
        usage: result.usage,
        providerMetadata: result.providerMetadata,
        providerOptions,
        startedAt,
      });
      return {
        embeddings: result.embeddings,
        usage: result.usage ?? undefined,
        providerMetadata: result.providerMetadata,
        warnings: result.warnings ?? [],
        response: { headers: sent.responseHeaders, body: result },
      };
    } catch (error) {
      throw await this.config.explainError(error, this.modelId);
    }
  }
}

// Compile-time contract checks: each spec version's model must implement its own major's interface.
declare class GatewayEmbeddingModelV2 extends GatewayEmbeddingModel<'v2'> implements EmbeddingModelV2<string> {}
declare class GatewayEmbeddingModelV3 extends GatewayEmbeddingModel<'v3'> implements EmbeddingModelV3 {}
declare class GatewayEmbeddingModelV4 extends GatewayEmbeddingModel<'v4'> implements EmbeddingModelV4 {}
