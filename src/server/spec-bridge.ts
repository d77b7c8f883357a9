import type {
  EmbeddingModelV4,
  EmbeddingModelV4CallOptions,
  EmbeddingModelV4Result,
  ImageModelV4,
  ImageModelV4CallOptions,
  ImageModelV4Result,
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { convertBase64ToUint8Array, convertUint8ArrayToBase64 } from '@ai-sdk/provider-utils';
import { GatewayServerError } from '../errors/gateway-server-error';
import type { SpecificationVersion } from '../spec-versions';

// TEMPORARY: V4-only bridge until the protocol conversions land.

type Json = Record<string, unknown>;

function unsupported(what: string): never {
  throw new GatewayServerError({ status: 500, type: 'internal_server_error', message: `not yet: ${what}` });
}

export function callOptionsFromWire(version: SpecificationVersion, body: Json): LanguageModelV4CallOptions {
  if (version !== 'v4') unsupported(version);
  return body as unknown as LanguageModelV4CallOptions;
}

export function generateResultToWire(version: SpecificationVersion, result: LanguageModelV4GenerateResult): Json {
  return { ...result, request: undefined } as unknown as Json;
}

export function streamPartToWire(version: SpecificationVersion, part: LanguageModelV4StreamPart): unknown {
  return part;
}

export function languageModelAsV4(model: unknown): LanguageModelV4 {
  const m = model as LanguageModelV4;
  if (m.specificationVersion !== 'v4') unsupported(String(m.specificationVersion));
  return m;
}

export function embeddingCallFromWire(version: SpecificationVersion, body: Json): Omit<EmbeddingModelV4CallOptions, 'abortSignal'> {
  const values = version === 'v2' ? (typeof body.input === 'string' ? [body.input] : body.input) : body.values;
  return { values: values as string[], providerOptions: body.providerOptions as never };
}
export function embeddingResultToWire(version: SpecificationVersion, result: EmbeddingModelV4Result): Json {
  return { embeddings: result.embeddings, usage: result.usage, providerMetadata: result.providerMetadata, warnings: result.warnings };
}
export function embeddingModelAsV4(model: unknown): EmbeddingModelV4 {
  return model as EmbeddingModelV4;
}
export function imageCallFromWire(version: SpecificationVersion, body: Json): Omit<ImageModelV4CallOptions, 'abortSignal'> {
  return body as never;
}
export function imageModelAsV4(model: unknown): ImageModelV4 {
  return model as ImageModelV4;
}
export function imageResultToWire(version: SpecificationVersion, result: ImageModelV4Result): Json {
  const images = result.images.map((image) => (typeof image === 'string' ? image : convertUint8ArrayToBase64(image)));
  void convertBase64ToUint8Array;
  return { images, warnings: result.warnings, providerMetadata: result.providerMetadata, usage: result.usage };
}
