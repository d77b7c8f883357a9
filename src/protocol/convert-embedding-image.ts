import { UnsupportedFunctionalityError } from '@ai-sdk/provider';
import type * as V2 from '@ai-sdk/provider-v2';
import type * as V3 from '@ai-sdk/provider-v3';
import type * as V4 from '@ai-sdk/provider';
import type { Downgraded } from './convert-call-options';
import {
  imageWarningV3ToV2,
  isJsonValueV2,
  isJsonValueV3,
  isPlainObject,
  metadataV3ToV2,
  metadataV4ToV3,
  optionsV3ToV2,
  optionsV4ToV3,
  providerRecordV3ToV2,
  providerRecordV4ToV3,
  reparse,
  warningV2ToV3,
  warningV4ToV3,
} from './convert-shared';

/**
 * Embedding and image models between spec versions. Their calls and results differ
 * little: V4 embeddings add `dimensions`, V3 adds warnings to embeddings and image
 * editing (`files`, `mask`) and usage to images, V4 adds the `deprecated` warning.
 */
export type EmbeddingModelV2CallOptions = Parameters<V2.EmbeddingModelV2<string>['doEmbed']>[0];
export type EmbeddingModelV2Result = Awaited<ReturnType<V2.EmbeddingModelV2<string>['doEmbed']>>;
export type ImageModelV2Result = Awaited<ReturnType<V2.ImageModelV2['doGenerate']>>;
export type ImageModelV3Result = Awaited<ReturnType<V3.ImageModelV3['doGenerate']>>;

// ---- embedding calls ----------------------------------------------------------------------

/** V3 headers hold strings only: unset (`undefined`) ones are left out. */
export function embeddingCallV2ToV3(options: EmbeddingModelV2CallOptions): V3.EmbeddingModelV3CallOptions {
  const { headers, ...rest } = options;
  return { ...rest, ...(headers === undefined ? {} : { headers: definedHeaders(headers) }) };
}

function definedHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) defined[name] = value;
  return defined;
}

export function embeddingCallV3ToV2(options: V3.EmbeddingModelV3CallOptions): Downgraded<EmbeddingModelV2CallOptions> {
  const { providerOptions, ...rest } = options;
  return { value: { ...rest, ...optionsV3ToV2(providerOptions) }, warnings: [] };
}

export const embeddingCallV3ToV4 = (options: V3.EmbeddingModelV3CallOptions): V4.EmbeddingModelV4CallOptions => options;

/** V3 has no `dimensions` call option (providers took it in their providerOptions): it is reported, not applied. */
export function embeddingCallV4ToV3(
  options: V4.EmbeddingModelV4CallOptions,
): Downgraded<V3.EmbeddingModelV3CallOptions> {
  const { dimensions, providerOptions, ...rest } = options;
  const warnings: V4.SharedV4Warning[] =
    dimensions === undefined
      ? []
      : [
          {
            type: 'unsupported',
            feature: 'dimensions',
            details:
              'The upstream embedding model implements an older spec, which has no `dimensions` option; set it in its providerOptions instead.',
          },
        ];
  return { value: { ...rest, ...optionsV4ToV3(providerOptions) }, warnings };
}

// ---- embedding results --------------------------------------------------------------------

export const embeddingResultV2ToV3 = (result: EmbeddingModelV2Result): V3.EmbeddingModelV3Result => ({
  ...result,
  warnings: [],
});

/** V2 embedding results have no warnings: they are left out. */
export function embeddingResultV3ToV2(result: V3.EmbeddingModelV3Result): EmbeddingModelV2Result {
  const { warnings, providerMetadata, ...rest } = result;
  return { ...rest, ...metadataV3ToV2(providerMetadata) };
}

export const embeddingResultV3ToV4 = (result: V3.EmbeddingModelV3Result): V4.EmbeddingModelV4Result => result;

export function embeddingResultV4ToV3(result: V4.EmbeddingModelV4Result): V3.EmbeddingModelV3Result {
  const { warnings, providerMetadata, ...rest } = result;
  return { ...rest, warnings: warnings.map(warningV4ToV3), ...metadataV4ToV3(providerMetadata) };
}

// ---- image calls --------------------------------------------------------------------------

export const imageCallV2ToV3 = (options: V2.ImageModelV2CallOptions): V3.ImageModelV3CallOptions => ({
  ...options,
  files: undefined,
  mask: undefined,
});

/**
 * A V2 image model cannot edit images: a call with `files` or a `mask` is refused
 * (answering it with a fresh image would silently ignore the input images).
 */
export function imageCallV3ToV2(options: V3.ImageModelV3CallOptions): Downgraded<V2.ImageModelV2CallOptions> {
  const { files, mask, prompt, providerOptions, ...rest } = options;
  if ((files !== undefined && files.length > 0) || mask !== undefined) {
    throw new UnsupportedFunctionalityError({
      functionality: 'image editing',
      message:
        'The upstream image model implements spec v2, which cannot edit images (`files`, `mask`). Use an image model that supports editing, or send a prompt only.',
    });
  }
  return {
    value: { ...rest, prompt: prompt ?? '', providerOptions: providerRecordV3ToV2(providerOptions) },
    warnings: [],
  };
}

export const imageCallV3ToV4 = (options: V3.ImageModelV3CallOptions): V4.ImageModelV4CallOptions => options;

export function imageCallV4ToV3(options: V4.ImageModelV4CallOptions): Downgraded<V3.ImageModelV3CallOptions> {
  const { files, mask, providerOptions, ...rest } = options;
  return {
    value: {
      ...rest,
      files: files?.map(imageFileV4ToV3),
      mask: mask === undefined ? undefined : imageFileV4ToV3(mask),
      providerOptions: providerRecordV4ToV3(providerOptions),
    },
    warnings: [],
  };
}

function imageFileV4ToV3(file: V4.ImageModelV4File): V3.ImageModelV3File {
  const { providerOptions, ...rest } = file;
  return { ...rest, ...optionsV4ToV3(providerOptions) };
}

// ---- image results ------------------------------------------------------------------------

type ImageMetadataV2 = NonNullable<ImageModelV2Result['providerMetadata']>;
type ImageMetadataV3 = NonNullable<ImageModelV3Result['providerMetadata']>;

const isImageMetadata =
  <T>(isJson: (value: unknown) => boolean) =>
  (value: unknown): value is T =>
    isPlainObject(value) &&
    Object.values(value).every(
      (entry: unknown) => isPlainObject(entry) && Array.isArray(entry.images) && isJson(entry),
    );
const isImageMetadataV2 = isImageMetadata<ImageMetadataV2>(isJsonValueV2);
const isImageMetadataV3 = isImageMetadata<ImageMetadataV3>(isJsonValueV3);

/** Image metadata must be `{ [provider]: { images: [...] } }` JSON; anything else is left out. */
function imageMetadataOf<T>(metadata: unknown, isT: (value: unknown) => value is T): { providerMetadata?: T } {
  if (metadata === undefined) return {};
  const converted = isT(metadata) ? metadata : reparse(metadata, isT);
  return converted === undefined ? {} : { providerMetadata: converted };
}

export const imageResultV2ToV3 = (result: ImageModelV2Result): ImageModelV3Result => ({
  ...result,
  warnings: result.warnings.map(warningV2ToV3),
});

/** V2 image results have no usage: it is left out. */
export function imageResultV3ToV2(result: ImageModelV3Result): ImageModelV2Result {
  const { warnings, usage, providerMetadata, ...rest } = result;
  return {
    ...rest,
    warnings: warnings.map(imageWarningV3ToV2),
    ...imageMetadataOf(providerMetadata, isImageMetadataV2),
  };
}

export const imageResultV3ToV4 = (result: ImageModelV3Result): V4.ImageModelV4Result => result;

export function imageResultV4ToV3(result: V4.ImageModelV4Result): ImageModelV3Result {
  const { warnings, providerMetadata, ...rest } = result;
  return {
    ...rest,
    warnings: warnings.map(warningV4ToV3),
    ...imageMetadataOf(providerMetadata, isImageMetadataV3),
  };
}
