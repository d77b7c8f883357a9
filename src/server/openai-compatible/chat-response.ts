import type {
  LanguageModelV4File,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
  SharedV4ProviderMetadata,
} from '@ai-sdk/provider';
import { convertUint8ArrayToBase64 } from '@ai-sdk/provider-utils';
import { encodeSseEvent } from '../../protocol/sse';
import { eventsSseEncoder, partsSseBody, type EventConverter, type PartSource } from '../sse-body';

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

/** A generated image, as the hosted gateway returns one on chat (`message.images`, streamed as `delta.images`). */
export interface ChatImage {
  type: 'image_url';
  image_url: { url: string };
}

/** A generated file part → a chat image: a data URL (or the file's own URL); undefined for files that are not images. Pure. */
export function chatImageOf(file: LanguageModelV4File): ChatImage | undefined {
  if (!file.mediaType.startsWith('image')) return undefined;
  if (file.data.type === 'url') return { type: 'image_url', image_url: { url: file.data.url.toString() } };
  const base64 = typeof file.data.data === 'string' ? file.data.data : convertUint8ArrayToBase64(file.data.data);
  const mediaType = file.mediaType.includes('/') ? file.mediaType : 'image/png';
  return { type: 'image_url', image_url: { url: `data:${mediaType};base64,${base64}` } };
}

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** `usage` as the hosted gateway extends it: what the call cost, in USD, beside the token counts. */
export type GatewayChatUsage = ChatUsage & { cost?: number; market_cost?: number; is_byok?: boolean };

export interface ChatCompletion {
  id: string;
  /** The same as `id`, as the hosted gateway also sends it. */
  generationId: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: 0;
    message: {
      role: 'assistant';
      content: string | null;
      refusal: null;
      reasoning?: string;
      tool_calls?: ChatToolCall[];
      images?: ChatImage[];
      provider_metadata?: SharedV4ProviderMetadata;
    };
    finish_reason: ChatFinishReason;
    logprobs: null;
  }>;
  usage: GatewayChatUsage;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{
    index: 0;
    delta: {
      role?: 'assistant';
      content?: string;
      reasoning?: string;
      tool_calls?: Array<{ index: number; id?: string; type?: 'function'; function: { name?: string; arguments: string } }>;
      images?: ChatImage[];
      provider_metadata?: SharedV4ProviderMetadata;
    };
    finish_reason: ChatFinishReason | null;
    logprobs: null;
  }>;
  /** On the final chunk only, with `usage`. */
  generationId?: string;
  usage?: GatewayChatUsage;
}

/** An error after the stream started: OpenAI clients raise a chunk with a top-level `error`. */
export interface ChatStreamError {
  error: { message: string; type: string; param: null; code: null };
}

export function chatFinishReason(reason: LanguageModelV4FinishReason): ChatFinishReason {
  switch (reason.unified) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}

export function chatUsage(usage: LanguageModelV4Usage): ChatUsage {
  const prompt = usage.inputTokens.total ?? 0;
  const completion = usage.outputTokens.total ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: usage.inputTokens.cacheRead ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.outputTokens.reasoning ?? 0 },
  };
}

/**
 * What the hosted gateway adds to `usage`, from `providerMetadata.gateway`: `cost` and `market_cost` (decimal strings
 * there), and `is_byok`, whether the request's own key served it; each only when the metadata says. Pure.
 */
export function gatewayUsage(metadata: SharedV4ProviderMetadata | undefined): Pick<GatewayChatUsage, 'cost' | 'market_cost' | 'is_byok'> {
  const gateway = metadata?.gateway;
  const amount = (value: unknown) => (typeof value === 'string' && value !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined);
  const cost = amount(gateway?.cost);
  const market = amount(gateway?.marketCost);
  const routing = gateway?.routing as { attempts?: Array<{ success?: boolean; credentialType?: string }> } | undefined;
  const served = Array.isArray(routing?.attempts) ? [...routing.attempts].reverse().find((attempt) => attempt?.success === true) : undefined;
  return {
    ...(cost === undefined ? {} : { cost }),
    ...(market === undefined ? {} : { market_cost: market }),
    ...(served?.credentialType ? { is_byok: served.credentialType === 'byok' } : {}),
  };
}

export interface ChatResponseOptions {
  /** The gateway model id the client asked for. */
  model: string;
  /** Unix seconds. */
  created: number;
  excludeReasoning?: boolean;
}

/** A V4 generate result (with `providerMetadata.gateway` and the generation id as response id) → a `chat.completion`. Pure. */
export function chatCompletionFromResult(result: LanguageModelV4GenerateResult, options: ChatResponseOptions): ChatCompletion {
  let text = '';
  let reasoning = '';
  const toolCalls: ChatToolCall[] = [];
  const images: ChatImage[] = [];
  for (const part of result.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'reasoning') reasoning += part.text;
    else if (part.type === 'file') {
      const image = chatImageOf(part);
      if (image) images.push(image);
    }
    else if (part.type === 'tool-call' && !part.providerExecuted) {
      toolCalls.push({ id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: part.input } });
    }
  }
  const id = result.response?.id ?? '';
  return {
    id,
    generationId: id,
    object: 'chat.completion',
    created: options.created,
    model: options.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text || (toolCalls.length ? null : ''),
          refusal: null,
          ...(reasoning && !options.excludeReasoning ? { reasoning } : {}),
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
          ...(images.length ? { images } : {}),
          ...(result.providerMetadata ? { provider_metadata: result.providerMetadata } : {}),
        },
        finish_reason: chatFinishReason(result.finishReason),
        logprobs: null,
      },
    ],
    usage: { ...chatUsage(result.usage), ...gatewayUsage(result.providerMetadata) },
  };
}

/**
 * V4 stream parts → `chat.completion.chunk`s: a `{role:'assistant'}` chunk first, then content,
 * reasoning and tool-call deltas, and one final chunk with `finish_reason`, `usage` and
 * `provider_metadata`. An `error` part becomes an error chunk (`toStreamError` scrubs it). Stateful, one per stream.
 */
export function chatChunkConverter(
  id: string,
  options: ChatResponseOptions,
  toStreamError: (error: unknown) => { message: string; type: string },
): EventConverter<ChatCompletionChunk | ChatStreamError> {
  const chunk = (delta: ChatCompletionChunk['choices'][0]['delta'], finishReason: ChatFinishReason | null = null): ChatCompletionChunk => ({
    id,
    object: 'chat.completion.chunk',
    created: options.created,
    model: options.model,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  });
  // Tool calls by upstream id: their index in tool_calls, and whether arguments were streamed.
  const tools = new Map<string, { index: number; streamedArguments: boolean }>();
  const toolEntry = (toolId: string) => {
    let entry = tools.get(toolId);
    if (!entry) tools.set(toolId, (entry = { index: tools.size, streamedArguments: false }));
    return entry;
  };
  const convert = (part: LanguageModelV4StreamPart, out: Array<ChatCompletionChunk | ChatStreamError>): void => {
    switch (part.type) {
      case 'text-delta':
        if (part.delta) out.push(chunk({ content: part.delta }));
        return;
      case 'reasoning-delta':
        if (part.delta && !options.excludeReasoning) out.push(chunk({ reasoning: part.delta }));
        return;
      case 'file': {
        const image = chatImageOf(part);
        if (image) out.push(chunk({ images: [image] }));
        return;
      }
      case 'tool-input-start': {
        if (part.providerExecuted) return;
        const { index } = toolEntry(part.id);
        out.push(chunk({ tool_calls: [{ index, id: part.id, type: 'function', function: { name: part.toolName, arguments: '' } }] }));
        return;
      }
      case 'tool-input-delta': {
        const entry = tools.get(part.id);
        if (!entry || !part.delta) return;
        entry.streamedArguments = true;
        out.push(chunk({ tool_calls: [{ index: entry.index, function: { arguments: part.delta } }] }));
        return;
      }
      case 'tool-call': {
        if (part.providerExecuted) return;
        const started = tools.has(part.toolCallId);
        const entry = toolEntry(part.toolCallId);
        if (entry.streamedArguments) return;
        // Providers that send whole tool calls (no input deltas): one delta carries everything.
        out.push(
          chunk({
            tool_calls: [
              started
                ? { index: entry.index, function: { arguments: part.input } }
                : { index: entry.index, id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: part.input } },
            ],
          }),
        );
        entry.streamedArguments = true;
        return;
      }
      case 'finish': {
        const last = chunk(part.providerMetadata ? { provider_metadata: part.providerMetadata } : {}, chatFinishReason(part.finishReason));
        out.push({ ...last, generationId: id, usage: { ...chatUsage(part.usage), ...gatewayUsage(part.providerMetadata) } });
        return;
      }
      case 'error': {
        const { message, type } = toStreamError(part.error);
        out.push(chatStreamError(message, type));
        return;
      }
      default:
        return;
    }
  };
  return {
    first(out) {
      out.push(chunk({ role: 'assistant', content: '' }));
    },
    convert,
  };
}

/** One chat stream event on the wire (a chunk, or an error; forwarded upstream chunks too). */
export const chatSseEvent = (chunk: ChatCompletionChunk | ChatStreamError | Record<string, unknown>) => encodeSseEvent(JSON.stringify(chunk));
/** What ends every chat stream. */
export const CHAT_SSE_DONE = 'data: [DONE]\n\n';

/** The in-band error of a chat stream that already started. */
export const chatStreamError = (message: string, type: string): ChatStreamError => ({ error: { message, type, param: null, code: null } });

/** V4 stream parts → the SSE body of a streamed chat completion, ending with `data: [DONE]`. */
export function chatSseBody(
  parts: PartSource,
  id: string,
  options: ChatResponseOptions,
  toStreamError: (error: unknown) => { message: string; type: string },
): ReadableStream<Uint8Array> {
  return partsSseBody(parts, eventsSseEncoder(chatChunkConverter(id, options, toStreamError), chatSseEvent, CHAT_SSE_DONE));
}
