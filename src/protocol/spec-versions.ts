import type { SpecType } from './spec-types';
import { convertUint8ArrayToBase64, isUint8Array } from '@ai-sdk/provider-utils';

/** The AI SDK model interface a provider instance serves: `ai` 5 → v2, 6 → v3, 7 → v4. */
export type SpecificationVersion = 'v2' | 'v3' | 'v4';

type Part = Record<string, unknown> & { type?: unknown };

export interface EmbeddingCall {
  values: string[];
  dimensions?: number;
  providerOptions?: unknown;
}

export interface ImageCall {
  prompt: unknown;
  n: number;
  size?: unknown;
  aspectRatio?: unknown;
  seed?: unknown;
  providerOptions?: Record<string, Record<string, unknown>>;
  files?: unknown[];
  mask?: unknown;
}

/** Everything that differs between spec versions on the wire, and nothing else. */
export interface SpecVersionAdapter<V extends SpecificationVersion = SpecificationVersion> {
  version: V;
  /** Value of the `ai-*-model-specification-version` headers. */
  header: '2' | '3' | '4';
  /** Path of the default base URL on the hosted gateway. */
  basePath: string;
  /** Returns the JSON form of a prompt content part, or the same part when it needs none. */
  encodeContentPart(part: Part): Part;
  embeddingBody(call: EmbeddingCall): Record<string, unknown>;
  imageBody(call: ImageCall): Record<string, unknown>;
  /** Returns image-call warnings in the forms this spec version can represent. */
  imageWarnings(warnings: SpecType<V, 'imageResult'>['warnings']): SpecType<V, 'imageResult'>['warnings'];
  /** `modelType`s `getAvailableModels()` keeps; entries of other types are dropped, as the public client does. */
  catalogModelTypes: readonly GatewayModelType[];
  /** Whether gateway error messages end in ` [<generationId>]` (the public client does so from 3.x on). */
  generationIdInErrorMessages: boolean;
}

/** Every model type a catalog entry can have on some spec version. */
export type GatewayModelType =
  | 'language'
  | 'embedding'
  | 'image'
  | 'reranking'
  | 'speech'
  | 'transcription'
  | 'video'
  | 'decision'
  | 'evaluation'
  | 'realtime';

const V2_MODEL_TYPES = ['language', 'embedding', 'image'] as const;
const V3_MODEL_TYPES = [...V2_MODEL_TYPES, 'reranking', 'speech', 'transcription', 'video'] as const;
// `evaluation` is the catalog's older name for `decision`; the gateway still sends it.
const V4_MODEL_TYPES = [...V3_MODEL_TYPES, 'decision', 'evaluation', 'realtime'] as const;

// `isUint8Array`, not `instanceof`: bytes from an edge VM or iframe are another realm's Uint8Array.

/** V2/V3: binary file data becomes a data URL string. */
function encodeAsDataUrl(part: Part): Part {
  if (part.type !== 'file' || !isUint8Array(part.data)) return part;
  const mediaType = typeof part.mediaType === 'string' && part.mediaType ? part.mediaType : 'application/octet-stream';
  return { ...part, data: `data:${mediaType};base64,${convertUint8ArrayToBase64(part.data)}` };
}

/** V4: `{ type: 'data', data: Uint8Array }` keeps its tag; only the bytes become base64. */
function encodeTaggedData(part: Part): Part {
  const data = part.data as Part | undefined;
  if (data?.type !== 'data' || !isUint8Array(data.data)) return part;
  return { ...part, data: { ...data, data: convertUint8ArrayToBase64(data.data) } };
}

function encodeV4ContentPart(part: Part): Part {
  if (part.type === 'file' || part.type === 'reasoning-file') return encodeTaggedData(part);
  const output = part.output as { type?: unknown; value?: unknown } | undefined;
  if (part.type !== 'tool-result' || output?.type !== 'content' || !Array.isArray(output.value)) {
    return part;
  }
  const value = mapChanged(output.value as Part[], (item) =>
    item.type === 'file' ? encodeTaggedData(item) : item,
  );
  return value === output.value ? part : { ...part, output: { ...output, value } };
}

/** Image-editing and video inputs (V3+): bytes become plain base64, the rest is kept. */
export function encodeImageFile(file: unknown): unknown {
  const part = file as Part;
  return part?.type === 'file' && isUint8Array(part.data) ? { ...part, data: convertUint8ArrayToBase64(part.data) } : file;
}

/** Maps an array copy-on-write: returns the input itself when no item changed. */
export function mapChanged<T>(items: readonly T[], map: (item: T) => T): readonly T[] {
  let copy: T[] | undefined;
  for (let index = 0; index < items.length; index++) {
    const mapped = map(items[index]!);
    if (mapped !== items[index]) {
      copy ??= items.slice();
      copy[index] = mapped;
    }
  }
  return copy ?? items;
}

/**
 * V4 provider options as an image call sends them: without `gateway.experimental_streamingImageDecoding`,
 * which asks the client (not the gateway) for bytes; the public client of v4 leaves it out too. Pure.
 */
function withoutClientImageOptions(options: ImageCall['providerOptions']): ImageCall['providerOptions'] {
  if (!options?.gateway || !('experimental_streamingImageDecoding' in options.gateway)) return options;
  const { experimental_streamingImageDecoding: _clientOnly, ...gateway } = options.gateway;
  const { gateway: _all, ...others } = options;
  const sent = Object.keys(gateway).length ? { ...others, gateway } : others;
  return Object.keys(sent).length ? sent : undefined;
}

/**
 * The `/image-model` body (JSON, which leaves out the fields set to undefined). `editing`: send
 * `files`/`mask` (V3+). `zeroSeed` (V4): send `seed: 0` too, and leave out the client's own option;
 * V2/V3 do neither, as the public client of those majors.
 */
const imageBody =
  ({ editing, zeroSeed }: { editing: boolean; zeroSeed: boolean }) =>
  ({ prompt, n, size, aspectRatio, seed, providerOptions, files, mask }: ImageCall) => ({
    prompt,
    n,
    size: size || undefined,
    aspectRatio: aspectRatio || undefined,
    seed: seed || (zeroSeed && seed === 0) ? seed : undefined,
    providerOptions: zeroSeed ? withoutClientImageOptions(providerOptions) : providerOptions,
    files: editing && files ? files.map(encodeImageFile) : undefined,
    mask: editing && mask ? encodeImageFile(mask) : undefined,
  });

/** V2/V3 have no `deprecated` warning: it becomes an `other` warning carrying its message. */
// The wire may carry V4's `deprecated` warning, which V2/V3 lack: it becomes `other`, as the public client does.
function warningsWithoutDeprecated<W extends { type: string }>(warnings: readonly W[]): W[] {
  return warnings.map((warning) => {
    const { type, message } = warning as { type: string; message?: unknown };
    return type === 'deprecated' ? ({ type: 'other', message } as unknown as W) : warning;
  });
}

// JSON leaves out the fields that are undefined.
const valuesBody = ({ values, dimensions, providerOptions }: EmbeddingCall) => ({ values, dimensions, providerOptions });

export const specVersions: { readonly [V in SpecificationVersion]: SpecVersionAdapter<V> } = {
  v2: {
    version: 'v2',
    header: '2',
    basePath: '/v1/ai',
    encodeContentPart: encodeAsDataUrl,
    embeddingBody: ({ values, providerOptions }) => ({ input: values.length === 1 ? values[0] : values, providerOptions }),
    imageBody: imageBody({ editing: false, zeroSeed: false }),
    imageWarnings: warningsWithoutDeprecated,
    catalogModelTypes: V2_MODEL_TYPES,
    generationIdInErrorMessages: false,
  },
  v3: {
    version: 'v3',
    header: '3',
    basePath: '/v3/ai',
    encodeContentPart: encodeAsDataUrl,
    embeddingBody: valuesBody,
    imageBody: imageBody({ editing: true, zeroSeed: false }),
    imageWarnings: warningsWithoutDeprecated,
    catalogModelTypes: V3_MODEL_TYPES,
    generationIdInErrorMessages: true,
  },
  v4: {
    version: 'v4',
    header: '4',
    basePath: '/v4/ai',
    encodeContentPart: encodeV4ContentPart,
    embeddingBody: valuesBody,
    imageBody: imageBody({ editing: true, zeroSeed: true }),
    imageWarnings: (warnings) => [...warnings],
    catalogModelTypes: V4_MODEL_TYPES,
    generationIdInErrorMessages: true,
  },
};

export const GATEWAY_ORIGIN = 'https://ai-gateway.vercel.sh';

/**
 * What differs between spec versions for the kinds from v3 on (reranking, speech,
 * transcription, video). Apart from the adapter, so the v2 entry does not carry it.
 */
export interface ModelKindSpec {
  /** Whether a video call sends `seed: 0`; v3 leaves it out, as the public 3.x client does. */
  zeroSeed: boolean;
  /** Returns warnings in the forms this spec version has. */
  warnings<W extends { type: string }>(warnings: readonly W[]): W[];
  /**
   * Whether results carry what spec v4 adds: speech and transcription `usage`, transcript
   * `words`, the xAI diarization warning, and videos `uploaded` to the caller's storage.
   */
  extras: boolean;
}

const v3KindSpec: ModelKindSpec = { zeroSeed: false, warnings: warningsWithoutDeprecated, extras: false };

export const modelKindSpecs: { readonly [V in SpecificationVersion]: ModelKindSpec } = {
  v2: v3KindSpec,
  v3: v3KindSpec,
  v4: { zeroSeed: true, warnings: (warnings) => [...warnings], extras: true },
};
