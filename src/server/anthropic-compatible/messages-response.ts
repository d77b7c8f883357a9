import type { LanguageModelV4FinishReason, LanguageModelV4GenerateResult, LanguageModelV4Usage, SharedV4ProviderMetadata } from '@ai-sdk/provider';
import { eventsSseEncoder, partsSseBody, type EventConverter, type PartSource } from '../sse-body';

type JsonObject = Record<string, unknown>;

export type MessagesStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal' | 'pause_turn';

/** Anthropic's stop reason for a V4 finish reason; the raw reason wins when the upstream was Anthropic-shaped. */
export function messagesStopReason(finishReason: LanguageModelV4FinishReason, sawToolCall: boolean): MessagesStopReason {
  const raw = finishReason.raw;
  if (raw === 'stop_sequence' || raw === 'pause_turn' || raw === 'refusal') return raw;
  switch (finishReason.unified) {
    case 'length':
      return 'max_tokens';
    case 'tool-calls':
      return 'tool_use';
    case 'content-filter':
      return 'refusal';
    default:
      return sawToolCall ? 'tool_use' : 'end_turn';
  }
}

/** Anthropic's usage: `input_tokens` excludes cached tokens, which have their own fields when known. */
export function messagesUsage(usage: LanguageModelV4Usage | undefined): { input_tokens: number; output_tokens: number; cache_read_input_tokens?: number; cache_creation_input_tokens?: number } {
  const input = usage?.inputTokens;
  const cacheRead = input?.cacheRead;
  const cacheWrite = input?.cacheWrite;
  const uncached = input?.noCache ?? Math.max(0, (input?.total ?? 0) - (cacheRead ?? 0) - (cacheWrite ?? 0));
  return {
    input_tokens: uncached,
    output_tokens: usage?.outputTokens.total ?? 0,
    ...(cacheRead !== undefined ? { cache_read_input_tokens: cacheRead } : {}),
    ...(cacheWrite !== undefined ? { cache_creation_input_tokens: cacheWrite } : {}),
  };
}

function signatureOf(metadata: SharedV4ProviderMetadata | undefined): string {
  const signature = metadata?.anthropic?.signature;
  return typeof signature === 'string' ? signature : '';
}

function parseToolInput(input: string): unknown {
  try {
    return input.trim() === '' ? {} : JSON.parse(input);
  } catch {
    return {};
  }
}

/** A V4 generate result as an Anthropic `message` object; `id` is the gateway's generation id. */
export function messagesResponse(result: LanguageModelV4GenerateResult, model: string, id: string): JsonObject {
  const content: JsonObject[] = [];
  let sawToolCall = false;
  for (const part of result.content) {
    if (part.type === 'text') content.push({ type: 'text', text: part.text });
    else if (part.type === 'reasoning') content.push({ type: 'thinking', thinking: part.text, signature: signatureOf(part.providerMetadata) });
    else if (part.type === 'tool-call' && !part.providerExecuted) {
      sawToolCall = true;
      content.push({ type: 'tool_use', id: part.toolCallId, name: part.toolName, input: parseToolInput(part.input) });
    }
  }
  const gateway = result.providerMetadata?.gateway;
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: messagesStopReason(result.finishReason, sawToolCall),
    stop_sequence: null,
    usage: messagesUsage(result.usage),
    ...(gateway ? { provider_metadata: { gateway } } : {}),
  };
}

/** One Anthropic server-sent event: `event: <type>` and its JSON data. */
export function encodeMessagesEvent(event: { type: string } & JsonObject): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export type MessagesEvent = { type: string } & JsonObject;

/**
 * V4 stream parts → Anthropic Messages events: message_start and a ping first, one content block per
 * text, reasoning or tool call (opened and closed in order), then message_delta and message_stop.
 */
export function messagesEventConverter(model: string, id: string): EventConverter<MessagesEvent> {
  let nextIndex = 0;
  const open = new Map<string, number>();
  const streamedToolCalls = new Set<string>();
  let sawToolCall = false;
  type Event = MessagesEvent;

  const start = (key: string, block: JsonObject, out: Event[]): number => {
    const index = nextIndex++;
    open.set(key, index);
    out.push({ type: 'content_block_start', index, content_block: block });
    return index;
  };
  const stop = (key: string, out: Event[]) => {
    const index = open.get(key);
    if (index === undefined) return;
    open.delete(key);
    out.push({ type: 'content_block_stop', index });
  };

  return {
    first(out) {
      out.push({
        type: 'message_start',
        message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } },
      });
      out.push({ type: 'ping' });
    },
    convert(part, out) {
      switch (part.type) {
        case 'text-start':
          start(`text:${part.id}`, { type: 'text', text: '' }, out);
          return;
        case 'text-delta': {
          if (part.delta === '') return;
          const index = open.get(`text:${part.id}`) ?? start(`text:${part.id}`, { type: 'text', text: '' }, out);
          out.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: part.delta } });
          return;
        }
        case 'text-end':
          stop(`text:${part.id}`, out);
          return;
        case 'reasoning-start':
          start(`reasoning:${part.id}`, { type: 'thinking', thinking: '', signature: '' }, out);
          return;
        case 'reasoning-delta': {
          if (part.delta === '') return;
          const index = open.get(`reasoning:${part.id}`) ?? start(`reasoning:${part.id}`, { type: 'thinking', thinking: '', signature: '' }, out);
          out.push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: part.delta } });
          return;
        }
        case 'reasoning-end': {
          const index = open.get(`reasoning:${part.id}`);
          const signature = signatureOf(part.providerMetadata);
          if (index !== undefined && signature) out.push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } });
          stop(`reasoning:${part.id}`, out);
          return;
        }
        case 'tool-input-start':
          if (part.providerExecuted) return;
          sawToolCall = true;
          streamedToolCalls.add(part.id);
          start(`tool:${part.id}`, { type: 'tool_use', id: part.id, name: part.toolName, input: {} }, out);
          return;
        case 'tool-input-delta': {
          const index = open.get(`tool:${part.id}`);
          if (index !== undefined && part.delta !== '') out.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part.delta } });
          return;
        }
        case 'tool-input-end':
          stop(`tool:${part.id}`, out);
          return;
        case 'tool-call': {
          if (part.providerExecuted || streamedToolCalls.has(part.toolCallId)) return;
          // A provider that sends whole tool calls: one block with the whole input as a single delta.
          sawToolCall = true;
          const key = `tool:${part.toolCallId}`;
          const index = start(key, { type: 'tool_use', id: part.toolCallId, name: part.toolName, input: {} }, out);
          if (part.input.trim() !== '') out.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part.input } });
          stop(key, out);
          return;
        }
        case 'error': {
          const error = part.error as { message?: unknown };
          out.push({ type: 'error', error: { type: 'api_error', message: typeof error?.message === 'string' ? error.message : 'The provider stream failed.' } });
          return;
        }
        case 'finish': {
          for (const key of [...open.keys()]) stop(key, out);
          const gateway = part.providerMetadata?.gateway;
          out.push({
            type: 'message_delta',
            delta: { stop_reason: messagesStopReason(part.finishReason, sawToolCall), stop_sequence: null },
            usage: messagesUsage(part.usage),
            ...(gateway ? { provider_metadata: { gateway } } : {}),
          });
          out.push({ type: 'message_stop' });
          return;
        }
        default:
          return;
      }
    },
  };
}

/** V4 stream parts → the SSE body of a streamed message (`event:` and `data:` lines). */
export function messagesSseBody(parts: PartSource, model: string, id: string): ReadableStream<Uint8Array> {
  return partsSseBody(parts, eventsSseEncoder(messagesEventConverter(model, id), encodeMessagesEvent));
}
