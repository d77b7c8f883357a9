import { uint8ArrayToBase64 } from './base64';

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
  providerOptions?: unknown;
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
}

// Realm-safe: bytes from an edge VM or iframe fail `instanceof Uint8Array`.
export function isBytes(value: unknown): value is Uint8Array {
  return Object.prototype.toString.call(value) === '[object Uint8Array]';
}

/** V2/V3: binary file data becomes a data URL string. */
function encodeAsDataUrl(part: Part): Part {
  if (part.type !== 'file' || !isBytes(part.data)) return part;
  const mediaType = typeof part.mediaType === 'string' && part.mediaType ? part.mediaType : 'application/octet-stream';
  return { ...part, data: `data:${mediaType};base64,${uint8ArrayToBase64(part.data)}` };
}

/** V4: `{ type: 'data', data: Uint8Array }` keeps its tag; only the bytes become base64. */
function encodeTaggedData(part: Part): Part {
  const data = part.data as Part | undefined;
  if (data?.type !== 'data' || !isBytes(data.data)) return part;
  return { ...part, data: { ...data, data: uint8ArrayToBase64(data.data) } };
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

/** Image-editing inputs (V3+): bytes become plain base64, the rest is kept. */
function encodeImageFile(file: unknown): unknown {
  const part = file as Part;
  return part?.type === 'file' && isBytes(part.data) ? { ...part, data: uint8ArrayToBase64(part.data) } : file;
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

const imageBodyV2 = ({ prompt, n, size, aspectRatio, seed, providerOptions }: ImageCall) => ({
  prompt,
  n,
  ...(size ? { size } : {}),
  ...(aspectRatio ? { aspectRatio } : {}),
  ...(seed ? { seed } : {}),
  ...(providerOptions ? { providerOptions } : {}),
});

const imageBodyV3 = (call: ImageCall) => ({
  ...imageBodyV2(call),
  ...(call.files ? { files: call.files.map(encodeImageFile) } : {}),
  ...(call.mask ? { mask: encodeImageFile(call.mask) } : {}),
});

const valuesBody = ({ values, dimensions, providerOptions }: EmbeddingCall) => ({
  values,
  ...(dimensions !== undefined ? { dimensions } : {}),
  ...(providerOptions ? { providerOptions } : {}),
});

export const specVersions: { readonly [V in SpecificationVersion]: SpecVersionAdapter<V> } = {
  v2: {
    version: 'v2',
    header: '2',
    basePath: '/v1/ai',
    encodeContentPart: encodeAsDataUrl,
    embeddingBody: ({ values, providerOptions }) => ({
      input: values.length === 1 ? values[0] : values,
      ...(providerOptions ? { providerOptions } : {}),
    }),
    imageBody: imageBodyV2,
  },
  v3: {
    version: 'v3',
    header: '3',
    basePath: '/v3/ai',
    encodeContentPart: encodeAsDataUrl,
    embeddingBody: valuesBody,
    imageBody: imageBodyV3,
  },
  v4: {
    version: 'v4',
    header: '4',
    basePath: '/v4/ai',
    encodeContentPart: encodeV4ContentPart,
    embeddingBody: valuesBody,
    imageBody: imageBodyV3,
  },
};

export const GATEWAY_ORIGIN = 'https://ai-gateway.vercel.sh';
