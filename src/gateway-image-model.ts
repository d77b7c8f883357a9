import { convertBase64ToUint8Array } from '@ai-sdk/provider-utils';
import { gatewayErrorFromFetchFailure } from './errors/create-gateway-error';
import { readImageBody, type ImageBody } from './image-body';
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
      // Decoded while the body streams in; image-body.ts says why not provider-utils' experimental_binaryFields.
      let body: ImageBody;
      try {
        body = await readImageBody(sent.response.body);
      } catch (error) {
        throw gatewayErrorFromFetchFailure(error, sent.errorContext);
      }
      const result = client.parseJson<{
        images?: unknown;
        isRetryable?: unknown;
        warnings?: unknown[];
        providerMetadata?: unknown;
        usage?: Record<string, unknown> | null;
      }>(body.text, sent);
      // Streamed images came back as `0` placeholders, in order; any image left as a
      // string (an `images` key the scanner did not recognise) is decoded here.
      let streamed = 0;
      let invalid = body.invalidImage !== undefined;
      const images = Array.isArray(result.images)
        ? result.images.map((image) => {
            if (image === 0 && streamed < body.images.length) return body.images[streamed++];
            if (typeof image !== 'string') return undefined;
            try {
              return convertBase64ToUint8Array(image);
            } catch {
              invalid = true; // atob rejects it
              return new Uint8Array();
            }
          })
        : undefined;
      if (!images || streamed !== body.images.length || images.some((image) => image === undefined)) {
        throw client.unexpectedResponse(
          sent,
          'The AI Gateway answered an image call without an `images` array of base64 strings.',
        );
      }
      if (invalid) {
        throw client.unexpectedResponse(
          sent,
          'The AI Gateway answered an image call with an image that is not valid base64.',
          { isRetryable: false },
        );
      }
      this.config.usage?.report({
        kind: 'image',
        modelId: this.modelId,
        usage: { ...result.usage, images: images.length },
        providerMetadata: result.providerMetadata,
        providerOptions: options.providerOptions,
        startedAt,
      });
      // The public client's result shape, except that images are bytes (decoded while streaming in).
      return {
        images: images as Uint8Array[],
        ...(typeof result.isRetryable === 'boolean' ? { isRetryable: result.isRetryable } : {}),
        warnings: client.spec.imageWarnings(Array.isArray(result.warnings) ? result.warnings : []),
        providerMetadata: result.providerMetadata,
        response: { timestamp: new Date(), modelId: this.modelId, headers: sent.responseHeaders },
        ...(result.usage ? { usage: imageUsage(result.usage) } : {}),
      } as never;
    } catch (error) {
      throw await this.config.explainError(error, this.modelId);
    }
  }
}

/** The three token counts the spec's image usage has; a missing or null count is undefined. */
function imageUsage(usage: Record<string, unknown>) {
  const count = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return {
    inputTokens: count(usage.inputTokens),
    outputTokens: count(usage.outputTokens),
    totalTokens: count(usage.totalTokens),
  };
}
