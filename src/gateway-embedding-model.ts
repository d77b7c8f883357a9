import { modelHeaders, type GatewayModelConfig } from './gateway-model-config';
import { validateGatewayProviderOptions } from './gateway-provider-options';
import type { SpecificationVersion } from './spec-versions';

export interface EmbeddingCallOptions {
  values: string[];
  dimensions?: number;
  abortSignal?: AbortSignal;
  headers?: Record<string, string | undefined>;
  providerOptions?: Record<string, unknown>;
}

/** An embedding model served through the gateway (spec v2, v3 or v4). */
export class GatewayEmbeddingModel {
  readonly provider = 'gateway';
  readonly specificationVersion: SpecificationVersion;
  readonly maxEmbeddingsPerCall = 2048;
  readonly supportsParallelCalls = true;

  constructor(
    readonly modelId: string,
    private readonly config: GatewayModelConfig,
  ) {
    this.specificationVersion = config.client.spec.version;
  }

  async doEmbed({ values, dimensions, abortSignal, headers, providerOptions }: EmbeddingCallOptions) {
    const startedAt = Date.now();
    const { client } = this.config;
    try {
      validateGatewayProviderOptions(providerOptions);
      const sent = await client.send({
        url: `${client.baseURL}/embedding-model`,
        body: client.spec.embeddingBody({ values, dimensions, providerOptions }),
        headers,
        abortSignal,
        modelHeaders: modelHeaders('embedding', client.spec.header, this.modelId),
      });
      const result = await client.json<{
        embeddings?: unknown;
        usage?: { tokens?: number } | null;
        providerMetadata?: unknown;
        warnings?: unknown[];
      }>(sent);
      if (!Array.isArray(result.embeddings) || result.embeddings.length !== values.length) {
        throw client.unexpectedResponse(
          sent,
          `The AI Gateway returned ${
            Array.isArray(result.embeddings) ? result.embeddings.length : 'no'
          } embeddings for ${values.length} values.`,
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
        embeddings: result.embeddings as number[][],
        usage: result.usage ?? undefined,
        providerMetadata: result.providerMetadata,
        warnings: result.warnings ?? [],
        response: { headers: sent.responseHeaders, body: result },
      } as never;
    } catch (error) {
      throw await this.config.explainError(error, this.modelId);
    }
  }
}
