import type { ImageModelV4 } from '@ai-sdk/provider';
import type { ImageModelV2 } from '@ai-sdk/provider-v2';
import type { ImageModelV3 } from '@ai-sdk/provider-v3';
import { gatewayErrorFromFetchFailure } from '../errors/create-gateway-error';
import { decodeBase64, readImageBody, type ImageBody } from './image-body';
import { modelHeaders, type GatewayModelConfig } from './gateway-model-config';
import { validateGatewayProviderOptions } from '../protocol/gateway-provider-options';
import { isRecord } from '@ai-sdk/provider-utils';
import type { SpecType } from '../protocol/spec-types';
import type { SpecificationVersion } from '../protocol/spec-versions';
import { modelEndpoint } from '../protocol/wire';

type ImageResult<V extends SpecificationVersion> = SpecType<V, 'imageResult'>;

/** An image result as the gateway sends it, with the streamed images taken out (see image-body.ts). */
interface ImageResultBody<V extends SpecificationVersion> {
  images: unknown[];
  isRetryable?: unknown;
  warnings?: ImageResult<V>['warnings'];
  providerMetadata?: ImageResult<V>['providerMetadata'];
  usage?: SpecType<'v3' | 'v4', 'imageResult'>['usage'] | null;
}

/** The image result modelgate returns. */
export interface GatewayImageResult<V extends SpecificationVersion> {
  images: Uint8Array[];
  isRetryable?: boolean;
  warnings: ImageResult<V>['warnings'];
  providerMetadata: ImageResult<V>['providerMetadata'];
  response: { timestamp: Date; modelId: string; headers: Record<string, string> };
  usage?: SpecType<'v3' | 'v4', 'imageResult'>['usage'];
}

function isImageResultBody<V extends SpecificationVersion>(body: unknown): body is ImageResultBody<V> {
  return isRecord(body) && Array.isArray(body.images);
}

/** An image model served through the gateway (spec v2, v3 or v4). */
export class GatewayImageModel<V extends SpecificationVersion = SpecificationVersion> {
  readonly provider = 'gateway';
  readonly specificationVersion: V;
  // The gateway splits large batches itself.
  readonly maxImagesPerCall = Number.MAX_SAFE_INTEGER;

  constructor(
    readonly modelId: string,
    private readonly config: GatewayModelConfig<V>,
  ) {
    this.specificationVersion = config.client.spec.version;
  }

  async doGenerate(options: SpecType<V, 'imageCallOptions'>): Promise<GatewayImageResult<V>> {
    const startedAt = Date.now();
    const { client } = this.config;
    try {
      validateGatewayProviderOptions(options.providerOptions);
      const sent = await client.send({
        url: `${client.baseURL}/${modelEndpoint('image')}`,
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
      const json = client.parseJson<unknown>(body.text, sent);
      const result = isImageResultBody<V>(json) ? json : undefined;
      // Streamed images came back as `0` placeholders, in order; any image left as a
      // string (an `images` key the scanner did not recognise) is decoded here.
      let streamed = 0;
      let invalid = body.invalidImage !== undefined;
      const images = result?.images.map((image) => {
        if (image === 0 && streamed < body.images.length) return body.images[streamed++];
        if (typeof image !== 'string') return undefined;
        const decoded = decodeBase64(image);
        if (!decoded) invalid = true;
        return decoded ?? new Uint8Array();
      });
      if (!result || !images || streamed !== body.images.length || !images.every((image) => image !== undefined)) {
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
        images,
        ...(typeof result.isRetryable === 'boolean' ? { isRetryable: result.isRetryable } : {}),
        warnings: client.spec.imageWarnings(result.warnings ?? []),
        providerMetadata: result.providerMetadata,
        response: { timestamp: new Date(), modelId: this.modelId, headers: sent.responseHeaders },
        ...(result.usage ? { usage: imageUsage(result.usage) } : {}),
      };
    } catch (error) {
      throw await this.config.explainError(error, this.modelId);
    }
  }
}

/** The three token counts the spec's image usage has; a missing or null count is undefined. */
function imageUsage(usage: { [key: string]: unknown }) {
  const count = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return {
    inputTokens: count(usage.inputTokens),
    outputTokens: count(usage.outputTokens),
    totalTokens: count(usage.totalTokens),
  };
}

// Compile-time contract checks: each spec version's model must implement its own major's interface.
declare class GatewayImageModelV2 extends GatewayImageModel<'v2'> implements ImageModelV2 {}
declare class GatewayImageModelV3 extends GatewayImageModel<'v3'> implements ImageModelV3 {}
declare class GatewayImageModelV4 extends GatewayImageModel<'v4'> implements ImageModelV4 {}
