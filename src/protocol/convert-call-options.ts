import { UnsupportedFunctionalityError } from '@ai-sdk/provider';
import type * as V2 from '@ai-sdk/provider-v2';
import type * as V3 from '@ai-sdk/provider-v3';
import type * as V4 from '@ai-sdk/provider';
import { convertUint8ArrayToBase64, getTopLevelMediaType, isUint8Array } from '@ai-sdk/provider-utils';
import {
  jsonObjectV4ToV3,
  jsonV3ToV2,
  jsonV4ToV3,
  optionsV3ToV2,
  optionsV4ToV3,
  partOptionsV3ToV2,
  partOptionsV4ToV3,
} from './convert-shared';

/**
 * Language model call options between spec versions, one step at a time
 * (V2 ⇄ V3 ⇄ V4). Upgrades are lossless. Downgrades return, beside the options,
 * a warning (in V4 form) for everything the older spec cannot carry.
 */
export interface Downgraded<T> {
  value: T;
  warnings: V4.SharedV4Warning[];
}

/** Context an upgrade may need: the upstream provider's name keys V3 string file ids. */
export interface UpgradeContext {
  /** e.g. `'openai'` (the part of the model's `provider` before the first dot). */
  provider?: string;
}

type V3ContentItem = Extract<V3.LanguageModelV3ToolResultOutput, { type: 'content' }>['value'][number];
type V4ContentItem = Extract<V4.LanguageModelV4ToolResultOutput, { type: 'content' }>['value'][number];
type V3FileData = V3.LanguageModelV3FilePart['data'];

const isImage = (mediaType: string) => getTopLevelMediaType(mediaType) === 'image';
const base64Of = (data: string | Uint8Array) => (typeof data === 'string' ? data : convertUint8ArrayToBase64(data));
const unsupported = (feature: string, details: string): V4.SharedV4Warning => ({
  type: 'unsupported',
  feature,
  details,
});

// ---- V2 → V3 ----------------------------------------------------------------------------

export function callOptionsV2ToV3(options: V2.LanguageModelV2CallOptions): V3.LanguageModelV3CallOptions {
  const { prompt, tools, ...rest } = options;
  return {
    ...rest,
    prompt: prompt.map(messageV2ToV3),
    ...(tools === undefined ? {} : { tools: tools.map(toolV2ToV3) }),
  };
}

const toolV2ToV3 = (
  tool: NonNullable<V2.LanguageModelV2CallOptions['tools']>[number],
): NonNullable<V3.LanguageModelV3CallOptions['tools']>[number] =>
  tool.type === 'function' ? tool : { type: 'provider', id: tool.id, name: tool.name, args: tool.args };

function messageV2ToV3(message: V2.LanguageModelV2Message): V3.LanguageModelV3Message {
  switch (message.role) {
    case 'system':
    case 'user':
      return message;
    case 'assistant':
      return {
        ...message,
        content: message.content.map((part) => (part.type === 'tool-result' ? toolResultV2ToV3(part) : part)),
      };
    case 'tool':
      return { ...message, content: message.content.map(toolResultV2ToV3) };
  }
}

const toolResultV2ToV3 = (part: V2.LanguageModelV2ToolResultPart): V3.LanguageModelV3ToolResultPart => ({
  ...part,
  output: outputV2ToV3(part.output),
});

function outputV2ToV3(output: V2.LanguageModelV2ToolResultOutput): V3.LanguageModelV3ToolResultOutput {
  if (output.type !== 'content') return output;
  return {
    type: 'content',
    value: output.value.map((item): V3ContentItem =>
      item.type === 'text'
        ? item
        : { type: isImage(item.mediaType) ? 'image-data' : 'file-data', data: item.data, mediaType: item.mediaType },
    ),
  };
}

// ---- V3 → V4 ----------------------------------------------------------------------------

export function callOptionsV3ToV4(
  options: V3.LanguageModelV3CallOptions,
  context: UpgradeContext = {},
): V4.LanguageModelV4CallOptions {
  const { prompt, ...rest } = options;
  return { ...rest, prompt: prompt.map((message) => messageV3ToV4(message, context)) };
}

function messageV3ToV4(message: V3.LanguageModelV3Message, context: UpgradeContext): V4.LanguageModelV4Message {
  switch (message.role) {
    case 'system':
      return message;
    case 'user':
      return {
        ...message,
        content: message.content.map((part) => (part.type === 'file' ? filePartV3ToV4(part) : part)),
      };
    case 'assistant':
      return {
        ...message,
        content: message.content.map((part) =>
          part.type === 'file'
            ? filePartV3ToV4(part)
            : part.type === 'tool-result'
              ? toolResultV3ToV4(part, context)
              : part,
        ),
      };
    case 'tool':
      return {
        ...message,
        content: message.content.map((part) => (part.type === 'tool-result' ? toolResultV3ToV4(part, context) : part)),
      };
  }
}

function filePartV3ToV4({ data, originalUrl, ...rest }: V3.LanguageModelV3FilePart): V4.LanguageModelV4FilePart {
  return { ...rest, data: fileDataV3ToV4(data, originalUrl) };
}

/** A V3 string is base64 data; a URL keeps its `originalUrl` (meaningless for inline data, so dropped there). */
function fileDataV3ToV4(data: V3FileData, originalUrl: string | undefined): V4.SharedV4FileData {
  if (typeof data === 'string' || isUint8Array(data)) return { type: 'data', data };
  return { type: 'url', url: data, ...(originalUrl === undefined ? {} : { originalUrl }) };
}

const toolResultV3ToV4 = (
  part: V3.LanguageModelV3ToolResultPart,
  context: UpgradeContext,
): V4.LanguageModelV4ToolResultPart => ({
  ...part,
  output:
    part.output.type === 'content'
      ? { ...part.output, value: part.output.value.map((item) => contentItemV3ToV4(item, context)) }
      : part.output,
});

/** V3's file and image items become V4 `file` items; image ones without a media type get the top-level `image`. */
function contentItemV3ToV4(item: V3ContentItem, context: UpgradeContext): V4ContentItem {
  const options = item.providerOptions === undefined ? {} : { providerOptions: item.providerOptions };
  switch (item.type) {
    case 'text':
    case 'custom':
      return item;
    case 'file-data':
      return {
        type: 'file',
        data: { type: 'data', data: item.data },
        mediaType: item.mediaType,
        ...(item.filename === undefined ? {} : { filename: item.filename }),
        ...options,
      };
    case 'image-data':
      return { type: 'file', data: { type: 'data', data: item.data }, mediaType: item.mediaType, ...options };
    case 'file-url':
      // V4 requires a media type; an unknown one is declared as generic binary.
      return {
        type: 'file',
        data: urlData(item.url),
        mediaType: item.mediaType ?? 'application/octet-stream',
        ...options,
      };
    case 'image-url':
      return { type: 'file', data: urlData(item.url), mediaType: 'image', ...options };
    case 'file-id':
    case 'image-file-id':
      return {
        type: 'file',
        data: { type: 'reference', reference: referenceOf(item.fileId, context) },
        mediaType: item.type === 'image-file-id' ? 'image' : 'application',
        ...options,
      };
  }
}

/** Keeps the exact string in `originalUrl` when parsing changes it, so the way back is exact. */
function urlData(text: string): V4.SharedV4FileDataUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UnsupportedFunctionalityError({
      functionality: 'tool-result file URL',
      message:
        'A tool result holds a file URL that is not a valid absolute URL. Send an absolute URL, or the file data.',
    });
  }
  return { type: 'url', url, ...(url.href === text ? {} : { originalUrl: text }) };
}

function referenceOf(
  fileId: string | Record<string, string>,
  { provider }: UpgradeContext,
): V4.SharedV4ProviderReference {
  if (typeof fileId !== 'string') return { ...fileId };
  if (provider === undefined) {
    throw new UnsupportedFunctionalityError({
      functionality: 'tool-result file id without a provider',
      message: `A tool result names file id ${JSON.stringify(fileId)} without saying which provider it belongs to. Pass the id as { [provider]: id }.`,
    });
  }
  return { [provider]: fileId };
}

// ---- V4 → V3 ----------------------------------------------------------------------------

export function callOptionsV4ToV3(options: V4.LanguageModelV4CallOptions): Downgraded<V3.LanguageModelV3CallOptions> {
  const warnings: V4.SharedV4Warning[] = [];
  const { prompt, tools, reasoning, providerOptions, ...rest } = options;
  if (reasoning !== undefined && reasoning !== 'provider-default') {
    warnings.push(
      unsupported(
        'reasoning',
        `Specs before v4 have no \`reasoning\` call option, so '${reasoning}' was not applied to the upstream model. Set the effort in its providerOptions instead.`,
      ),
    );
  }
  const value: V3.LanguageModelV3CallOptions = {
    ...rest,
    prompt: withoutEmptied(prompt, (message) => messageV4ToV3(message, warnings)),
    ...(tools === undefined ? {} : { tools: tools.map(toolV4ToV3) }),
    ...optionsV4ToV3(providerOptions),
  };
  return { value, warnings };
}

/** Maps messages and leaves out those whose every part was dropped (providers reject empty ones). */
function withoutEmptied<M extends { content: unknown }, N extends { content: unknown }>(
  messages: readonly M[],
  map: (message: M) => N,
): N[] {
  const out: N[] = [];
  for (const message of messages) {
    const mapped = map(message);
    const emptied =
      Array.isArray(mapped.content) &&
      mapped.content.length === 0 &&
      Array.isArray(message.content) &&
      message.content.length > 0;
    if (!emptied) out.push(mapped);
  }
  return out;
}

const toolV4ToV3 = (
  tool: NonNullable<V4.LanguageModelV4CallOptions['tools']>[number],
): NonNullable<V3.LanguageModelV3CallOptions['tools']>[number] => {
  if (tool.type === 'provider') return tool;
  const { inputExamples, providerOptions, ...rest } = tool;
  return {
    ...rest,
    ...(inputExamples === undefined
      ? {}
      : { inputExamples: inputExamples.map(({ input }) => ({ input: jsonObjectV4ToV3(input) })) }),
    ...optionsV4ToV3(providerOptions),
  };
};

function messageV4ToV3(message: V4.LanguageModelV4Message, warnings: V4.SharedV4Warning[]): V3.LanguageModelV3Message {
  const options = optionsV4ToV3(message.providerOptions);
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content, ...options };
    case 'user':
      return {
        role: 'user',
        content: message.content.map((part) => (part.type === 'file' ? filePartV4ToV3(part) : partOptionsV4ToV3(part))),
        ...options,
      };
    case 'assistant': {
      const content: Extract<V3.LanguageModelV3Message, { role: 'assistant' }>['content'] = [];
      for (const part of message.content) {
        const converted = assistantPartV4ToV3(part, warnings);
        if (converted) content.push(converted);
      }
      return { role: 'assistant', content, ...options };
    }
    case 'tool':
      return {
        role: 'tool',
        content: message.content.map((part) =>
          part.type === 'tool-result' ? toolResultV4ToV3(part) : partOptionsV4ToV3(part),
        ),
        ...options,
      };
  }
}

function assistantPartV4ToV3(
  part: Extract<V4.LanguageModelV4Message, { role: 'assistant' }>['content'][number],
  warnings: V4.SharedV4Warning[],
): Extract<V3.LanguageModelV3Message, { role: 'assistant' }>['content'][number] | undefined {
  switch (part.type) {
    case 'text':
      return partOptionsV4ToV3(part);
    case 'reasoning':
      return partOptionsV4ToV3(part);
    case 'tool-call':
      return partOptionsV4ToV3(part);
    case 'file':
      return filePartV4ToV3(part);
    case 'tool-result':
      return toolResultV4ToV3(part);
    case 'reasoning-file':
    case 'custom':
      warnings.push(
        unsupported(
          `${part.type} parts in the prompt`,
          `Specs before v4 have no ${part.type} prompt parts, so the part was not sent to the upstream model.`,
        ),
      );
      return undefined;
  }
}

function filePartV4ToV3(part: V4.LanguageModelV4FilePart): V3.LanguageModelV3FilePart {
  const { data, providerOptions, ...rest } = part;
  return { ...rest, ...fileDataV4ToV3(data), ...optionsV4ToV3(providerOptions) };
}

/**
 * Inline text becomes its UTF-8 bytes (same content, same media type). A provider
 * reference cannot be expressed before V4, so it is refused with a clear error.
 */
function fileDataV4ToV3(data: V4.SharedV4FileData): { data: V3FileData; originalUrl?: string } {
  switch (data.type) {
    case 'data':
      return { data: data.data };
    case 'url':
      return { data: data.url, ...(data.originalUrl === undefined ? {} : { originalUrl: data.originalUrl }) };
    case 'text':
      return { data: new TextEncoder().encode(data.text) };
    case 'reference':
      throw referenceUnsupported(Object.keys(data.reference));
  }
}

const referenceUnsupported = (providers: string[]) =>
  new UnsupportedFunctionalityError({
    functionality: 'provider file reference',
    message: `The upstream model implements an older spec that cannot take a file by provider reference${providers.length ? ` (${providers.join(', ')})` : ''}. Send the file data or its URL instead.`,
  });

function toolResultV4ToV3(part: V4.LanguageModelV4ToolResultPart): V3.LanguageModelV3ToolResultPart {
  const { output, providerOptions, ...rest } = part;
  return { ...rest, output: outputV4ToV3(output), ...optionsV4ToV3(providerOptions) };
}

function outputV4ToV3(output: V4.LanguageModelV4ToolResultOutput): V3.LanguageModelV3ToolResultOutput {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return { type: output.type, value: output.value, ...optionsV4ToV3(output.providerOptions) };
    case 'json':
    case 'error-json':
      return { type: output.type, value: jsonV4ToV3(output.value), ...optionsV4ToV3(output.providerOptions) };
    case 'execution-denied':
      return {
        type: 'execution-denied',
        ...(output.reason === undefined ? {} : { reason: output.reason }),
        ...optionsV4ToV3(output.providerOptions),
      };
    case 'content':
      return { type: 'content', value: output.value.map(contentItemV4ToV3) };
  }
}

/** Image media types choose V3's image-* items, the rest file-*; inline text becomes a text item. */
function contentItemV4ToV3(item: V4ContentItem): V3ContentItem {
  const options = optionsV4ToV3(item.providerOptions);
  if (item.type === 'text') return { type: 'text', text: item.text, ...options };
  if (item.type === 'custom') return { type: 'custom', ...options };
  const { data, mediaType } = item;
  const image = isImage(mediaType);
  switch (data.type) {
    case 'data':
      return image
        ? { type: 'image-data', data: base64Of(data.data), mediaType, ...options }
        : {
            type: 'file-data',
            data: base64Of(data.data),
            mediaType,
            ...(item.filename === undefined ? {} : { filename: item.filename }),
            ...options,
          };
    case 'url': {
      const url = data.originalUrl ?? data.url.href;
      return image ? { type: 'image-url', url, ...options } : { type: 'file-url', url, mediaType, ...options };
    }
    case 'reference':
      return { type: image ? 'image-file-id' : 'file-id', fileId: { ...data.reference }, ...options };
    case 'text':
      return { type: 'text', text: data.text, ...options };
  }
}

// ---- V3 → V2 ----------------------------------------------------------------------------

export function callOptionsV3ToV2(options: V3.LanguageModelV3CallOptions): Downgraded<V2.LanguageModelV2CallOptions> {
  const warnings: V4.SharedV4Warning[] = [];
  const { prompt, tools, providerOptions, ...rest } = options;
  const value: V2.LanguageModelV2CallOptions = {
    ...rest,
    prompt: withoutEmptied(prompt, (message) => messageV3ToV2(message, warnings)),
    ...(tools === undefined ? {} : { tools: tools.map((tool) => toolV3ToV2(tool, warnings)) }),
    ...optionsV3ToV2(providerOptions),
  };
  return { value, warnings };
}

function toolV3ToV2(
  tool: NonNullable<V3.LanguageModelV3CallOptions['tools']>[number],
  warnings: V4.SharedV4Warning[],
): NonNullable<V2.LanguageModelV2CallOptions['tools']>[number] {
  if (tool.type === 'provider') return { type: 'provider-defined', id: tool.id, name: tool.name, args: tool.args };
  const { inputExamples, strict, providerOptions, ...rest } = tool;
  if (inputExamples !== undefined) warnings.push(toolSettingDropped('inputExamples', tool.name));
  if (strict !== undefined) warnings.push(toolSettingDropped('strict', tool.name));
  return { ...rest, ...optionsV3ToV2(providerOptions) };
}

const toolSettingDropped = (setting: string, toolName: string) =>
  unsupported(
    `tool ${setting}`,
    `The upstream model implements spec v2, which has no tool \`${setting}\`; it was not applied to tool '${toolName}'.`,
  );

function messageV3ToV2(message: V3.LanguageModelV3Message, warnings: V4.SharedV4Warning[]): V2.LanguageModelV2Message {
  const options = optionsV3ToV2(message.providerOptions);
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content, ...options };
    case 'user':
      return {
        role: 'user',
        content: message.content.map((part) =>
          part.type === 'file' ? partOptionsV3ToV2(part) : partOptionsV3ToV2(part),
        ),
        ...options,
      };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content.map((part) => assistantPartV3ToV2(part, warnings)),
        ...options,
      };
    case 'tool': {
      const content: V2.LanguageModelV2ToolResultPart[] = [];
      for (const part of message.content) {
        if (part.type === 'tool-result') content.push(toolResultV3ToV2(part, warnings));
        else
          warnings.push(
            unsupported(
              'tool approval responses',
              'The upstream model implements spec v2, which has no tool approvals; the approval response was left out.',
            ),
          );
      }
      return { role: 'tool', content, ...options };
    }
  }
}

function assistantPartV3ToV2(
  part: Extract<V3.LanguageModelV3Message, { role: 'assistant' }>['content'][number],
  warnings: V4.SharedV4Warning[],
): Extract<V2.LanguageModelV2Message, { role: 'assistant' }>['content'][number] {
  switch (part.type) {
    case 'text':
      return partOptionsV3ToV2(part);
    case 'file':
      return partOptionsV3ToV2(part);
    case 'reasoning':
      return partOptionsV3ToV2(part);
    case 'tool-call':
      return partOptionsV3ToV2(part);
    case 'tool-result':
      return toolResultV3ToV2(part, warnings);
  }
}

function toolResultV3ToV2(
  part: V3.LanguageModelV3ToolResultPart,
  warnings: V4.SharedV4Warning[],
): V2.LanguageModelV2ToolResultPart {
  const { output, providerOptions, ...rest } = part;
  return { ...rest, output: outputV3ToV2(output, warnings), ...optionsV3ToV2(providerOptions) };
}

/** V2 outputs carry no provider options; a denial becomes text, the way providers word it to the model. */
function outputV3ToV2(
  output: V3.LanguageModelV3ToolResultOutput,
  warnings: V4.SharedV4Warning[],
): V2.LanguageModelV2ToolResultOutput {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return { type: output.type, value: output.value };
    case 'json':
    case 'error-json':
      return { type: output.type, value: jsonV3ToV2(output.value) };
    case 'execution-denied':
      return { type: 'text', value: output.reason ?? 'The tool execution was denied.' };
    case 'content': {
      const value: Extract<V2.LanguageModelV2ToolResultOutput, { type: 'content' }>['value'] = [];
      for (const item of output.value) {
        const converted = contentItemV3ToV2(item, warnings);
        if (converted) value.push(converted);
      }
      return { type: 'content', value };
    }
  }
}

function contentItemV3ToV2(
  item: V3ContentItem,
  warnings: V4.SharedV4Warning[],
): Extract<V2.LanguageModelV2ToolResultOutput, { type: 'content' }>['value'][number] | undefined {
  switch (item.type) {
    case 'text':
      return { type: 'text', text: item.text };
    case 'file-data':
    case 'image-data':
      return { type: 'media', data: item.data, mediaType: item.mediaType };
    case 'file-url':
    case 'image-url':
      // V2 tool results hold no URLs: the model is given the URL as text.
      warnings.push(
        unsupported(
          'file URLs in tool results',
          'The upstream model implements spec v2, which has no file URLs in tool results; the URL was passed as text.',
        ),
      );
      return { type: 'text', text: item.url };
    case 'file-id':
    case 'image-file-id':
      throw referenceUnsupported(typeof item.fileId === 'string' ? [] : Object.keys(item.fileId));
    case 'custom':
      warnings.push(
        unsupported(
          'custom tool-result content',
          'The upstream model implements spec v2, which has no custom content; the item was left out.',
        ),
      );
      return undefined;
  }
}

// ---- compositions -----------------------------------------------------------------------

export const callOptionsV2ToV4 = (options: V2.LanguageModelV2CallOptions, context?: UpgradeContext) =>
  callOptionsV3ToV4(callOptionsV2ToV3(options), context);

export function callOptionsV4ToV2(options: V4.LanguageModelV4CallOptions): Downgraded<V2.LanguageModelV2CallOptions> {
  const v3 = callOptionsV4ToV3(options);
  const v2 = callOptionsV3ToV2(v3.value);
  return { value: v2.value, warnings: [...v3.warnings, ...v2.warnings] };
}
