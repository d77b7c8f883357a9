import { GatewayResponseError } from './errors/gateway-error-classes';
import { modelHeaders, type GatewayModelConfig } from './gateway-model-config';
import { validateGatewayProviderOptions } from './gateway-provider-options';
import type { ImageCall, SpecificationVersion } from './spec-versions';

export interface ImageCallOptions extends ImageCall {
  abortSignal?: AbortSignal;
  headers?: Record<string, string | undefined>;
  providerOptions?: Record<string, unknown>;
}

/** An image model served through the gateway (spec v2, v3 or v4). */
export class GatewayImageModel {
  readonly provider = 'gateway';
  readonly specificationVersion: SpecificationVersion;
  // The gateway splits large batches itself.
  readonly maxImagesPerCall = Number.MAX_SAFE_INTEGER;

  constructor(
    readonly modelId: string,
    private readonly config: GatewayModelConfig,
  ) {
    this.specificationVersion = config.client.spec.version;
  }

  async doGenerate(options: ImageCallOptions) {
    const startedAt = Date.now();
    const { client } = this.config;
    try {
      validateGatewayProviderOptions(options.providerOptions);
      const sent = await client.send({
        url: `${client.baseURL}/image-model`,
        body: client.spec.imageBody(options),
        headers: options.headers,
        abortSignal: options.abortSignal,
        modelHeaders: modelHeaders('image', client.spec.header, this.modelId),
      });
      const result = await client.json<{
        images?: unknown;
        warnings?: unknown[];
        providerMetadata?: unknown;
        usage?: Record<string, unknown> | null;
      }>(sent);
      if (!Array.isArray(result.images) || result.images.some((image) => typeof image !== 'string')) {
        throw new GatewayResponseError({
          message: 'The AI Gateway answered an image call without an `images` array of base64 strings.',
          statusCode: sent.response.status,
          url: sent.errorContext.url,
          responseHeaders: sent.responseHeaders,
          isRetryable: true,
        });
      }
      this.config.usage?.report({
        kind: 'image',
        modelId: this.modelId,
        usage: { ...result.usage, images: result.images.length },
        providerMetadata: result.providerMetadata,
        providerOptions: options.providerOptions,
        startedAt,
      });
      // Base64 strings go to the AI SDK as they are: it decodes lazily, so no copy here.
      return {
        images: result.images as string[],
        warnings: result.warnings ?? [],
        providerMetadata: result.providerMetadata,
        response: { timestamp: new Date(), modelId: this.modelId, headers: sent.responseHeaders },
        ...(result.usage ? { usage: result.usage } : {}),
      } as never;
    } catch (error) {
      throw await this.config.explainError(error, this.modelId);
    }
  }
}
