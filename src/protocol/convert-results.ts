import type * as V2 from '@ai-sdk/provider-v2';
import type * as V3 from '@ai-sdk/provider-v3';
import type * as V4 from '@ai-sdk/provider';
import {
  finishReasonV2ToV3,
  finishReasonV3ToV2,
  finishReasonV4ToV3,
  metadataV3ToV2,
  metadataV4ToV3,
  partMetadataV4ToV3,
  toJsonV3,
  usageV2ToV3,
  usageV3ToV2,
  usageV4ToV3,
  warningV2ToV3,
  warningV3ToV2,
  warningV4ToV3,
} from './convert-shared';

/**
 * Language model results (doGenerate) and stream parts between spec versions, one
 * step at a time. Upgrades are lossless. Downgrades leave out what the older spec
 * cannot carry (listed on each function); a stream cannot warn after it started, so
 * nothing is added to the warnings for those.
 */
export type LanguageModelV2GenerateResult = Awaited<ReturnType<V2.LanguageModelV2['doGenerate']>>;
type V2ToolResult = Extract<V2.LanguageModelV2Content, { type: 'tool-result' }>;

/** Tracks the source ids a V4→V3 conversion already emitted, so citations add each source once. */
export interface SourceIds {
  sourceIds: Set<string>;
}
export const newSourceIds = (): SourceIds => ({ sourceIds: new Set() });

// ---- content parts ------------------------------------------------------------------------

/** V3 tool results must be non-null JSON: a V2 `null`/`undefined` result becomes `{}`. */
function toolResultV2ToV3(part: V2ToolResult): V3.LanguageModelV3ToolResult {
  const { providerExecuted, result, ...rest } = part;
  return { ...rest, result: toJsonV3(result) ?? {} };
}

export const contentV2ToV3 = (part: V2.LanguageModelV2Content): V3.LanguageModelV3Content =>
  part.type === 'tool-result' ? toolResultV2ToV3(part) : part;

const fileV3ToV2 = (part: V3.LanguageModelV3File): V2.LanguageModelV2File => ({
  type: 'file',
  mediaType: part.mediaType,
  data: part.data,
});

function toolCallV3ToV2(part: V3.LanguageModelV3ToolCall): V2.LanguageModelV2ToolCall {
  const { dynamic, providerMetadata, ...rest } = part;
  return { ...rest, ...metadataV3ToV2(providerMetadata) };
}

/** Every V3 tool result is provider-executed; preliminary ones are left out (the final one follows). */
function toolResultV3ToV2(part: V3.LanguageModelV3ToolResult): V2ToolResult | undefined {
  if (part.preliminary) return undefined;
  const { dynamic, preliminary, providerMetadata, ...rest } = part;
  return { ...rest, providerExecuted: true, ...metadataV3ToV2(providerMetadata) };
}

function sourceV3ToV2(part: V3.LanguageModelV3Source): V2.LanguageModelV2Source {
  const { providerMetadata, ...rest } = part;
  return { ...rest, ...metadataV3ToV2(providerMetadata) };
}

/** V2 has no tool approvals and no dynamic tools; V2 files carry no provider metadata. */
export function contentV3ToV2(part: V3.LanguageModelV3Content): V2.LanguageModelV2Content | undefined {
  switch (part.type) {
    case 'text':
    case 'reasoning': {
      const { providerMetadata, ...rest } = part;
      return { ...rest, ...metadataV3ToV2(providerMetadata) };
    }
    case 'source':
      return sourceV3ToV2(part);
    case 'file':
      return fileV3ToV2(part);
    case 'tool-call':
      return toolCallV3ToV2(part);
    case 'tool-result':
      return toolResultV3ToV2(part);
    case 'tool-approval-request':
      return undefined;
  }
}

const fileV3ToV4 = (part: V3.LanguageModelV3File): V4.LanguageModelV4File => ({
  ...part,
  data: { type: 'data', data: part.data },
});

export const contentV3ToV4 = (part: V3.LanguageModelV3Content): V4.LanguageModelV4Content =>
  part.type === 'file' ? fileV3ToV4(part) : part;

/** V3 files carry bytes only: a V4 file given by URL is left out. */
const fileV4ToV3 = (part: V4.LanguageModelV4File): V3.LanguageModelV3File[] =>
  part.data.type === 'data'
    ? [{ type: 'file', mediaType: part.mediaType, data: part.data.data, ...metadataV4ToV3(part.providerMetadata) }]
    : [];

function toolResultV4ToV3(part: V4.LanguageModelV4ToolResult): V3.LanguageModelV3ToolResult {
  const { result, providerMetadata, ...rest } = part;
  return { ...rest, result: toJsonV3(result) ?? {}, ...metadataV4ToV3(providerMetadata) };
}

/**
 * V3 has no custom content and no reasoning files (left out), and no citations:
 * each cited source becomes a `source` part after its text, once per source id.
 */
export function contentV4ToV3(
  part: V4.LanguageModelV4Content,
  seen: SourceIds = newSourceIds(),
): V3.LanguageModelV3Content[] {
  switch (part.type) {
    case 'text': {
      const { citations, providerMetadata, ...rest } = part;
      return [{ ...rest, ...metadataV4ToV3(providerMetadata) }, ...citedSources(citations, seen)];
    }
    case 'source':
      seen.sourceIds.add(part.id);
      return [sourceV4ToV3(part)];
    case 'file':
      return fileV4ToV3(part);
    case 'tool-result':
      return [toolResultV4ToV3(part)];
    case 'reasoning':
      return [partMetadataV4ToV3(part)];
    case 'tool-call':
      return [partMetadataV4ToV3(part)];
    case 'tool-approval-request':
      return [partMetadataV4ToV3(part)];
    case 'reasoning-file':
    case 'custom':
      return [];
  }
}

function sourceV4ToV3(source: V4.LanguageModelV4Source): V3.LanguageModelV3Source {
  const { providerMetadata, ...rest } = source;
  return { ...rest, ...metadataV4ToV3(providerMetadata) };
}

function citedSources(
  citations: V4.LanguageModelV4Citation[] | undefined,
  seen: SourceIds,
): V3.LanguageModelV3Source[] {
  const sources: V3.LanguageModelV3Source[] = [];
  for (const { source } of citations ?? []) {
    if (seen.sourceIds.has(source.id)) continue;
    seen.sourceIds.add(source.id);
    sources.push(sourceV4ToV3(source));
  }
  return sources;
}

/** Sources the content lists anywhere count as seen, so a citation never duplicates one. */
function contentListV4ToV3(content: V4.LanguageModelV4Content[]): V3.LanguageModelV3Content[] {
  const seen = newSourceIds();
  for (const part of content) if (part.type === 'source') seen.sourceIds.add(part.id);
  return content.flatMap((part) => (part.type === 'source' ? [sourceV4ToV3(part)] : contentV4ToV3(part, seen)));
}

// ---- generate results ---------------------------------------------------------------------

export function generateResultV2ToV3(result: LanguageModelV2GenerateResult): V3.LanguageModelV3GenerateResult {
  return {
    ...result,
    content: result.content.map(contentV2ToV3),
    finishReason: finishReasonV2ToV3(result.finishReason),
    usage: usageV2ToV3(result.usage),
    warnings: result.warnings.map(warningV2ToV3),
  };
}

export function generateResultV3ToV2(result: V3.LanguageModelV3GenerateResult): LanguageModelV2GenerateResult {
  const { content, finishReason, usage, providerMetadata, warnings, ...rest } = result;
  return {
    ...rest,
    content: content.flatMap((part) => contentV3ToV2(part) ?? []),
    finishReason: finishReasonV3ToV2(finishReason),
    usage: usageV3ToV2(usage),
    ...metadataV3ToV2(providerMetadata),
    warnings: warnings.map(warningV3ToV2),
  };
}

export function generateResultV3ToV4(result: V3.LanguageModelV3GenerateResult): V4.LanguageModelV4GenerateResult {
  return { ...result, content: result.content.map(contentV3ToV4) };
}

/** Also leaves out `structuredOutputText` and `request.url`, which V3 does not have. */
export function generateResultV4ToV3(result: V4.LanguageModelV4GenerateResult): V3.LanguageModelV3GenerateResult {
  const { content, structuredOutputText, finishReason, usage, providerMetadata, request, warnings, ...rest } = result;
  const { url, ...requestRest } = request ?? {};
  return {
    ...rest,
    content: contentListV4ToV3(content),
    finishReason: finishReasonV4ToV3(finishReason),
    usage: usageV4ToV3(usage),
    ...metadataV4ToV3(providerMetadata),
    ...(request === undefined ? {} : { request: requestRest }),
    warnings: warnings.map(warningV4ToV3),
  };
}

export const generateResultV2ToV4 = (result: LanguageModelV2GenerateResult) =>
  generateResultV3ToV4(generateResultV2ToV3(result));
export const generateResultV4ToV2 = (result: V4.LanguageModelV4GenerateResult) =>
  generateResultV3ToV2(generateResultV4ToV3(result));

// ---- stream parts -------------------------------------------------------------------------

export function streamPartV2ToV3(part: V2.LanguageModelV2StreamPart): V3.LanguageModelV3StreamPart {
  switch (part.type) {
    case 'stream-start':
      return { type: 'stream-start', warnings: part.warnings.map(warningV2ToV3) };
    case 'finish':
      return { ...part, finishReason: finishReasonV2ToV3(part.finishReason), usage: usageV2ToV3(part.usage) };
    case 'tool-result':
      return toolResultV2ToV3(part);
    default:
      return part;
  }
}

/** Leaves out what V2 lacks: approval requests, preliminary results, `tool-input-start`'s `inputEncoding`/`dynamic`/`title`. */
export function streamPartV3ToV2(part: V3.LanguageModelV3StreamPart): V2.LanguageModelV2StreamPart | undefined {
  switch (part.type) {
    case 'stream-start':
      return { type: 'stream-start', warnings: part.warnings.map(warningV3ToV2) };
    case 'finish': {
      const { providerMetadata, ...rest } = part;
      return {
        ...rest,
        finishReason: finishReasonV3ToV2(part.finishReason),
        usage: usageV3ToV2(part.usage),
        ...metadataV3ToV2(providerMetadata),
      };
    }
    case 'tool-input-start': {
      const { inputEncoding, dynamic, title, providerMetadata, ...rest } = part;
      return { ...rest, ...metadataV3ToV2(providerMetadata) };
    }
    case 'text-start':
    case 'text-delta':
    case 'text-end':
    case 'reasoning-start':
    case 'reasoning-delta':
    case 'reasoning-end':
    case 'tool-input-delta':
    case 'tool-input-end': {
      const { providerMetadata, ...rest } = part;
      return { ...rest, ...metadataV3ToV2(providerMetadata) };
    }
    case 'source':
      return sourceV3ToV2(part);
    case 'file':
      return fileV3ToV2(part);
    case 'tool-call':
      return toolCallV3ToV2(part);
    case 'tool-result':
      return toolResultV3ToV2(part);
    case 'tool-approval-request':
      return undefined;
    case 'response-metadata':
    case 'raw':
    case 'error':
      return part;
  }
}

export const streamPartV3ToV4 = (part: V3.LanguageModelV3StreamPart): V4.LanguageModelV4StreamPart =>
  part.type === 'file' ? fileV3ToV4(part) : part;

/**
 * Leaves out what V3 lacks: `ping`, custom parts, reasoning files and file URLs;
 * `text-end` citations become `source` parts right after it (once per source id).
 */
export function streamPartV4ToV3(
  part: V4.LanguageModelV4StreamPart,
  seen: SourceIds = newSourceIds(),
): V3.LanguageModelV3StreamPart[] {
  switch (part.type) {
    case 'stream-start':
      return [{ type: 'stream-start', warnings: part.warnings.map(warningV4ToV3) }];
    case 'finish': {
      const { providerMetadata, ...rest } = part;
      return [
        {
          ...rest,
          finishReason: finishReasonV4ToV3(part.finishReason),
          usage: usageV4ToV3(part.usage),
          ...metadataV4ToV3(providerMetadata),
        },
      ];
    }
    case 'text-end': {
      const { citations, providerMetadata, ...rest } = part;
      return [{ ...rest, ...metadataV4ToV3(providerMetadata) }, ...citedSources(citations, seen)];
    }
    case 'text-start':
    case 'text-delta':
    case 'reasoning-start':
    case 'reasoning-delta':
    case 'reasoning-end':
    case 'tool-input-start':
    case 'tool-input-delta':
    case 'tool-input-end': {
      const { providerMetadata, ...rest } = part;
      return [{ ...rest, ...metadataV4ToV3(providerMetadata) }];
    }
    case 'source':
      seen.sourceIds.add(part.id);
      return [sourceV4ToV3(part)];
    case 'file':
      return fileV4ToV3(part);
    case 'tool-result':
      return [toolResultV4ToV3(part)];
    case 'tool-call':
      return [partMetadataV4ToV3(part)];
    case 'tool-approval-request':
      return [partMetadataV4ToV3(part)];
    case 'reasoning-file':
    case 'custom':
    case 'ping':
      return [];
    case 'response-metadata':
    case 'raw':
    case 'error':
      return [part];
  }
}

// ---- streams ------------------------------------------------------------------------------

/**
 * Converts one stream part to zero or more. Made once per stream: it may keep state
 * across parts (the source ids already sent).
 */
export type StreamPartConverter<I, O> = (part: I) => readonly O[];

type V2Part = V2.LanguageModelV2StreamPart;
type V3Part = V3.LanguageModelV3StreamPart;
type V4Part = V4.LanguageModelV4StreamPart;

export const partsV2ToV3 = (): StreamPartConverter<V2Part, V3Part> => (part) => [streamPartV2ToV3(part)];
export const partsV3ToV2 = (): StreamPartConverter<V3Part, V2Part> => (part) => {
  const out = streamPartV3ToV2(part);
  return out === undefined ? [] : [out];
};
export const partsV3ToV4 = (): StreamPartConverter<V3Part, V4Part> => (part) => [streamPartV3ToV4(part)];
export function partsV4ToV3(): StreamPartConverter<V4Part, V3Part> {
  const seen = newSourceIds();
  return (part) => streamPartV4ToV3(part, seen);
}
export const partsV2ToV4 = (): StreamPartConverter<V2Part, V4Part> => (part) => [streamPartV3ToV4(streamPartV2ToV3(part))];
export function partsV4ToV2(): StreamPartConverter<V4Part, V2Part> {
  const seen = newSourceIds();
  return (part) => streamPartV4ToV3(part, seen).flatMap((v3) => streamPartV3ToV2(v3) ?? []);
}

/** A TransformStream over a part converter. */
export function partsStream<I, O>(convert: StreamPartConverter<I, O>): TransformStream<I, O> {
  return new TransformStream<I, O>({
    transform(part, controller) {
      for (const out of convert(part)) controller.enqueue(out);
    },
  });
}

export const streamV2ToV3 = () => partsStream(partsV2ToV3());
export const streamV3ToV2 = () => partsStream(partsV3ToV2());
export const streamV3ToV4 = () => partsStream(partsV3ToV4());
export const streamV4ToV3 = () => partsStream(partsV4ToV3());
export const streamV2ToV4 = () => partsStream(partsV2ToV4());
export const streamV4ToV2 = () => partsStream(partsV4ToV2());
