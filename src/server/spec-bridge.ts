import type * as V4 from '@ai-sdk/provider';
import type * as V2 from '@ai-sdk/provider-v2';
import type * as V3 from '@ai-sdk/provider-v3';
import { GatewayServerError } from '../errors/gateway-server-error';
import {
  addEmbeddingModelWarnings,
  addImageModelWarnings,
  addLanguageModelStreamWarnings,
  addLanguageModelWarnings,
  convertEmbeddingModelCallOptions,
  convertEmbeddingModelResult,
  convertImageModelCallOptions,
  convertImageModelResult,
  convertLanguageModelCallOptions,
  convertLanguageModelGenerateResult,
  convertLanguageModelStream,
  languageModelStreamPartConverter,
  languageModelStreamWarningsConverter,
  type SpecType,
  type SpecVersion,
} from '../protocol/spec-conversions';
import { parseEmbeddingModelCallBody, parseImageModelCallBody, parseLanguageModelCallBody } from '../protocol/wire-call-schemas';
import { encodeGenerateResult, encodeStreamPart, stringifyWire, type WireStreamError } from '../protocol/wire-codec';

/**
 * The server works in spec V4 between its two edges: a client's call (any spec
 * version, as JSON) is decoded and lifted to V4, and an upstream model (any spec
 * version the provider package implements) is wrapped to look like V4. Results go
 * the other way. The conversions themselves live in `src/protocol/`.
 */

type Model<K extends 'language' | 'embedding' | 'image'> = K extends 'language'
  ? V2.LanguageModelV2 | V3.LanguageModelV3 | V4.LanguageModelV4
  : K extends 'embedding'
    ? V2.EmbeddingModelV2<string> | V3.EmbeddingModelV3 | V4.EmbeddingModelV4
    : V2.ImageModelV2 | V3.ImageModelV3 | V4.ImageModelV4;

/** Checks that a provider returned a model of a spec version this server can drive. */
function asSpecModel<K extends 'language' | 'embedding' | 'image'>(
  model: unknown,
  kind: K,
  method: 'doGenerate' | 'doEmbed',
): Model<K> {
  const candidate = model as { specificationVersion?: unknown } | null;
  const version = candidate?.specificationVersion;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    (version !== 'v2' && version !== 'v3' && version !== 'v4') ||
    typeof (candidate as Record<string, unknown>)[method] !== 'function'
  ) {
    throw new GatewayServerError({
      status: 500,
      type: 'internal_server_error',
      message: `The upstream provider returned a ${kind} model of spec ${JSON.stringify(version)}; the server drives v2, v3 and v4 models (AI SDK provider packages for ai 5, 6 and 7).`,
    });
  }
  return candidate as Model<K>;
}

type Older = 'v2' | 'v3';
type LanguageResult = SpecType<Older, 'languageModelGenerateResult'>;
type EmbeddingResult = SpecType<Older, 'embeddingModelResult'>;
type ImageResult = SpecType<Older, 'imageModelResult'>;
type Callable<O, R> = { doGenerate(options: O): PromiseLike<R> };
type StreamCallable<O> = {
  doStream(options: O): PromiseLike<Omit<V4.LanguageModelV4StreamResult, 'stream'> & { stream: ReadableStream<SpecType<Older, 'languageModelStreamPart'>> }>;
};

/** An upstream language model of any spec version, as a V4 model. */
export function languageModelAsV4(upstream: unknown): V4.LanguageModelV4 {
  const model = asSpecModel(upstream, 'language', 'doGenerate');
  if (model.specificationVersion === 'v4') return model;
  const version = model.specificationVersion;
  const down = (options: V4.LanguageModelV4CallOptions) =>
    convertLanguageModelCallOptions('v4', version, options, { provider: model.provider });
  return {
    specificationVersion: 'v4',
    provider: model.provider,
    modelId: model.modelId,
    supportedUrls: model.supportedUrls,
    async doGenerate(options) {
      const { value, warnings } = down(options);
      // The model and the options are of the same version; TypeScript cannot correlate the two unions.
      const result = await (model as Callable<typeof value, LanguageResult>).doGenerate(value);
      return addLanguageModelWarnings('v4', convertLanguageModelGenerateResult(version, 'v4', result), warnings);
    },
    async doStream(options) {
      const { value, warnings } = down(options);
      const result = await (model as StreamCallable<typeof value>).doStream(value);
      const stream = result.stream
        .pipeThrough(convertLanguageModelStream(version, 'v4'))
        .pipeThrough(addLanguageModelStreamWarnings('v4', warnings));
      return { ...result, stream };
    },
  };
}

/** An upstream embedding model of any spec version, as a V4 model. */
export function embeddingModelAsV4(upstream: unknown): Pick<V4.EmbeddingModelV4, 'doEmbed'> {
  const model = asSpecModel(upstream, 'embedding', 'doEmbed');
  if (model.specificationVersion === 'v4') return model;
  const version = model.specificationVersion;
  return {
    async doEmbed(options) {
      const { value, warnings } = convertEmbeddingModelCallOptions('v4', version, options);
      const result = await (model as { doEmbed(options: typeof value): PromiseLike<EmbeddingResult> }).doEmbed(value);
      return addEmbeddingModelWarnings('v4', convertEmbeddingModelResult(version, 'v4', result), warnings);
    },
  };
}

/** An upstream image model of any spec version, as a V4 model. */
export function imageModelAsV4(upstream: unknown): Pick<V4.ImageModelV4, 'doGenerate'> {
  const model = asSpecModel(upstream, 'image', 'doGenerate');
  if (model.specificationVersion === 'v4') return model;
  const version = model.specificationVersion;
  return {
    async doGenerate(options) {
      const { value, warnings } = convertImageModelCallOptions('v4', version, options);
      const result = await (model as Callable<typeof value, ImageResult>).doGenerate(value);
      return addImageModelWarnings('v4', convertImageModelResult(version, 'v4', result), warnings);
    },
  };
}

/** A client's call, decoded from the wire and lifted to V4, with what the lift could not carry. */
export function languageCallFromWire(version: SpecVersion, body: unknown) {
  return convertLanguageModelCallOptions(version, 'v4', parseLanguageModelCallBody(version, body));
}

export function embeddingCallFromWire(version: SpecVersion, body: unknown) {
  return convertEmbeddingModelCallOptions(version, 'v4', parseEmbeddingModelCallBody(version, body));
}

export function imageCallFromWire(version: SpecVersion, body: unknown) {
  return convertImageModelCallOptions(version, 'v4', parseImageModelCallBody(version, body));
}

/** A V4 generate result as the client's JSON body. */
export function generateResultToWire(version: SpecVersion, result: V4.LanguageModelV4GenerateResult, warnings: V4.SharedV4Warning[]): string {
  return encodeGenerateResult(addLanguageModelWarnings(version, convertLanguageModelGenerateResult('v4', version, result), warnings));
}

/**
 * V4 stream parts → the client's spec version, its warnings merged into `stream-start`; one part at a time, one per stream.
 * Undefined when there is nothing to do (a V4 client, no warnings): parts pass as they are.
 */
export function streamPartsToClientSpec(version: SpecVersion, warnings: V4.SharedV4Warning[]) {
  if (version === 'v4' && warnings.length === 0) return undefined;
  const convert = languageModelStreamPartConverter('v4', version);
  const withWarnings = languageModelStreamWarningsConverter(version, warnings);
  return withWarnings ? (part: V4.LanguageModelV4StreamPart) => convert(part).flatMap(withWarnings) : convert;
}

/** One stream part (any spec version) as SSE event data. */
export function streamPartToWire(part: Parameters<typeof encodeStreamPart>[0], encodeError: (error: unknown) => WireStreamError): string {
  return encodeStreamPart(part, encodeError);
}

export function embeddingResultToWire(version: SpecVersion, result: V4.EmbeddingModelV4Result, warnings: V4.SharedV4Warning[]): string {
  const { response: _response, ...rest } = addEmbeddingModelWarnings(version, convertEmbeddingModelResult('v4', version, result), warnings);
  return stringifyWire(rest);
}

export function imageResultToWire(version: SpecVersion, result: V4.ImageModelV4Result, warnings: V4.SharedV4Warning[]): string {
  const { response: _response, ...rest } = addImageModelWarnings(version, convertImageModelResult('v4', version, result), warnings);
  return stringifyWire(rest);
}
