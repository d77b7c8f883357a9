import type {
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
  SharedV4ProviderMetadata,
} from '@ai-sdk/provider';
import { eventsSseEncoder, partsSseBody, type EventConverter, type PartSource } from '../sse-body';
import type { ResponsesEcho } from './responses-request';

type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations: [];
  logprobs: [];
}
export interface ResponsesMessageItem {
  type: 'message';
  id: string;
  role: 'assistant';
  status: ItemStatus;
  content: ResponsesOutputText[];
}
export interface ResponsesFunctionCallItem {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: ItemStatus;
}
export interface ResponsesReasoningText {
  type: 'reasoning_text';
  text: string;
}
export interface ResponsesReasoningItem {
  type: 'reasoning';
  id: string;
  summary: [];
  content: ResponsesReasoningText[];
  status: ItemStatus;
}
export type ResponsesOutputItem = ResponsesMessageItem | ResponsesFunctionCallItem | ResponsesReasoningItem;

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface ResponsesResponse extends ResponsesEcho {
  id: string;
  object: 'response';
  created_at: number;
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  model: string;
  output: ResponsesOutputItem[];
  error: { code: 'server_error'; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  usage: ResponsesUsage | null;
  /** The gateway's metadata (`providerMetadata.gateway`: routing, cost, generation id), as on the hosted gateway. */
  providerMetadata?: SharedV4ProviderMetadata;
}

export interface ResponsesResponseOptions {
  /** The generation id: the response id, and the stem of the item ids. */
  id: string;
  /** The gateway model id the client asked for. */
  model: string;
  /** Unix seconds. */
  createdAt: number;
  echo: ResponsesEcho;
}

export function responsesUsage(usage: LanguageModelV4Usage): ResponsesUsage {
  const input = usage.inputTokens.total ?? 0;
  const output = usage.outputTokens.total ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.inputTokens.cacheRead ?? 0, cache_write_tokens: usage.inputTokens.cacheWrite ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.outputTokens.reasoning ?? 0 },
    total_tokens: input + output,
  };
}

function incompleteDetails(reason: LanguageModelV4FinishReason): ResponsesResponse['incomplete_details'] {
  if (reason.unified === 'length') return { reason: 'max_output_tokens' };
  if (reason.unified === 'content-filter') return { reason: 'content_filter' };
  return null;
}

/** Item ids from the generation id, so they are unique and tell which response they came from. */
const itemId = (prefix: 'msg' | 'fc' | 'rs', id: string, index: number) => `${prefix}_${id.replace(/^gen_/, '')}_${index}`;

function envelope(options: ResponsesResponseOptions, status: ResponsesResponse['status']): ResponsesResponse {
  return {
    id: options.id,
    object: 'response',
    created_at: options.createdAt,
    status,
    model: options.model,
    output: [],
    error: null,
    incomplete_details: null,
    usage: null,
    ...options.echo,
  };
}

/** A V4 generate result → a Responses API `response`. Pure. */
export function responseFromResult(result: LanguageModelV4GenerateResult, options: ResponsesResponseOptions): ResponsesResponse {
  const incomplete = incompleteDetails(result.finishReason);
  const itemStatus: ItemStatus = incomplete ? 'incomplete' : 'completed';
  const output: ResponsesOutputItem[] = [];
  const last = () => output.at(-1);
  for (const part of result.content) {
    if (part.type === 'text') {
      const item = last();
      if (item?.type === 'message') item.content[0]!.text += part.text;
      else output.push({ type: 'message', id: itemId('msg', options.id, output.length), role: 'assistant', status: itemStatus, content: [{ type: 'output_text', text: part.text, annotations: [], logprobs: [] }] });
    } else if (part.type === 'reasoning') {
      // Encrypted-only reasoning has no text to show.
      if (!part.text) continue;
      const item = last();
      if (item?.type === 'reasoning') item.content[0]!.text += part.text;
      else output.push({ type: 'reasoning', id: itemId('rs', options.id, output.length), summary: [], content: [{ type: 'reasoning_text', text: part.text }], status: itemStatus });
    } else if (part.type === 'tool-call' && !part.providerExecuted) {
      output.push({ type: 'function_call', id: itemId('fc', options.id, output.length), call_id: part.toolCallId, name: part.toolName, arguments: part.input, status: 'completed' });
    }
  }
  return {
    ...envelope(options, incomplete ? 'incomplete' : 'completed'),
    output,
    incomplete_details: incomplete,
    usage: responsesUsage(result.usage),
    ...(result.providerMetadata ? { providerMetadata: result.providerMetadata } : {}),
  };
}

/** One server-sent event of a streamed response; `type` doubles as the SSE event name. */
export type ResponsesEvent = { type: string } & Record<string, unknown>;
/** One the gateway numbers itself. */
export type ResponsesStreamEvent = ResponsesEvent & { sequence_number: number };

/**
 * V4 stream parts → Responses API events: `response.created` and `response.in_progress` first; output items
 * (message, reasoning, function_call) are opened with
 * `output_item.added`, filled by deltas and closed with their `.done` events; `finish` closes what is open and
 * sends `response.completed` (or `response.incomplete`) with the whole response, usage and gateway metadata.
 * An `error` part becomes `response.failed` and an `error` event (`toStreamError` scrubs it). Stateful, one per stream.
 */
export function responsesEventConverter(
  options: ResponsesResponseOptions,
  toStreamError: (error: unknown) => { message: string; type: string },
): EventConverter<ResponsesStreamEvent> {
  let sequence = 0;
  const output: ResponsesOutputItem[] = [];
  // The message or reasoning item taking deltas now; function calls stay open by call id until their tool-call part.
  let open: { item: ResponsesMessageItem | ResponsesReasoningItem; index: number } | undefined;
  const calls = new Map<string, { item: ResponsesFunctionCallItem; index: number; streamed: boolean; done: boolean }>();
  let ended = false;

  const emit = (out: ResponsesStreamEvent[], type: string, fields: Record<string, unknown>) => out.push({ type, sequence_number: sequence++, ...fields });
  const snapshot = <T>(value: T): T => structuredClone(value);

  const closeOpen = (out: ResponsesStreamEvent[], status: ItemStatus) => {
    if (!open) return;
    const { item, index } = open;
    open = undefined;
    item.status = status;
    if (item.type === 'message') {
      const part = item.content[0]!;
      emit(out, 'response.output_text.done', { item_id: item.id, output_index: index, content_index: 0, text: part.text, logprobs: [] });
      emit(out, 'response.content_part.done', { item_id: item.id, output_index: index, content_index: 0, part: snapshot(part) });
    } else {
      const part = item.content[0]!;
      emit(out, 'response.reasoning_text.done', { item_id: item.id, output_index: index, content_index: 0, text: part.text });
      emit(out, 'response.content_part.done', { item_id: item.id, output_index: index, content_index: 0, part: snapshot(part) });
    }
    emit(out, 'response.output_item.done', { output_index: index, item: snapshot(item) });
  };

  const openItem = (out: ResponsesStreamEvent[], kind: 'message' | 'reasoning') => {
    if (open?.item.type === kind) return open;
    closeOpen(out, 'completed');
    const index = output.length;
    const item: ResponsesMessageItem | ResponsesReasoningItem =
      kind === 'message'
        ? { type: 'message', id: itemId('msg', options.id, index), role: 'assistant', status: 'in_progress', content: [] }
        : { type: 'reasoning', id: itemId('rs', options.id, index), summary: [], content: [], status: 'in_progress' };
    output.push(item);
    emit(out, 'response.output_item.added', { output_index: index, item: snapshot(item) });
    const partAdded = (part: ResponsesOutputText | ResponsesReasoningText) =>
      emit(out, 'response.content_part.added', { item_id: item.id, output_index: index, content_index: 0, part: snapshot(part) });
    if (item.type === 'message') {
      const part: ResponsesOutputText = { type: 'output_text', text: '', annotations: [], logprobs: [] };
      partAdded(part);
      item.content.push(part);
    } else {
      const part: ResponsesReasoningText = { type: 'reasoning_text', text: '' };
      partAdded(part);
      item.content.push(part);
    }
    return (open = { item, index });
  };

  const openCall = (out: ResponsesStreamEvent[], callId: string, name: string) => {
    let call = calls.get(callId);
    if (call) return call;
    closeOpen(out, 'completed');
    const index = output.length;
    const item: ResponsesFunctionCallItem = { type: 'function_call', id: itemId('fc', options.id, index), call_id: callId, name, arguments: '', status: 'in_progress' };
    output.push(item);
    calls.set(callId, (call = { item, index, streamed: false, done: false }));
    emit(out, 'response.output_item.added', { output_index: index, item: snapshot(item) });
    return call;
  };

  const closeCall = (out: ResponsesStreamEvent[], call: NonNullable<ReturnType<typeof calls.get>>, status: ItemStatus) => {
    if (call.done) return;
    call.done = true;
    call.item.status = status;
    const { item, index } = call;
    emit(out, 'response.function_call_arguments.done', { item_id: item.id, output_index: index, name: item.name, arguments: item.arguments });
    emit(out, 'response.output_item.done', { output_index: index, item: snapshot(item) });
  };

  const convert = (part: LanguageModelV4StreamPart, out: ResponsesStreamEvent[]): void => {
    if (ended) return;
    switch (part.type) {
      case 'text-delta': {
        if (!part.delta) return;
        const { item, index } = openItem(out, 'message');
        item.content[0]!.text += part.delta;
        emit(out, 'response.output_text.delta', { item_id: item.id, output_index: index, content_index: 0, delta: part.delta, logprobs: [] });
        return;
      }
      case 'reasoning-delta': {
        if (!part.delta) return;
        const { item, index } = openItem(out, 'reasoning');
        item.content[0]!.text += part.delta;
        emit(out, 'response.reasoning_text.delta', { item_id: item.id, output_index: index, content_index: 0, delta: part.delta });
        return;
      }
      case 'tool-input-start':
        if (!part.providerExecuted) openCall(out, part.id, part.toolName);
        return;
      case 'tool-input-delta': {
        const call = calls.get(part.id);
        if (!call || call.done || !part.delta) return;
        call.streamed = true;
        call.item.arguments += part.delta;
        emit(out, 'response.function_call_arguments.delta', { item_id: call.item.id, output_index: call.index, delta: part.delta });
        return;
      }
      case 'tool-call': {
        if (part.providerExecuted) return;
        const call = openCall(out, part.toolCallId, part.toolName);
        if (call.done) return;
        // Providers that send whole tool calls (no input deltas): one delta carries everything.
        if (!call.streamed && part.input) {
          emit(out, 'response.function_call_arguments.delta', { item_id: call.item.id, output_index: call.index, delta: part.input });
        }
        call.item.arguments = part.input;
        closeCall(out, call, 'completed');
        return;
      }
      case 'finish': {
        ended = true;
        const incomplete = incompleteDetails(part.finishReason);
        const status: ItemStatus = incomplete ? 'incomplete' : 'completed';
        closeOpen(out, status);
        for (const call of calls.values()) closeCall(out, call, 'incomplete');
        const response: ResponsesResponse = {
          ...envelope(options, incomplete ? 'incomplete' : 'completed'),
          output: snapshot(output),
          incomplete_details: incomplete,
          usage: responsesUsage(part.usage),
          ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}),
        };
        emit(out, incomplete ? 'response.incomplete' : 'response.completed', { response });
        return;
      }
      case 'error': {
        ended = true;
        const { message, type } = toStreamError(part.error);
        closeOpen(out, 'incomplete');
        for (const call of calls.values()) closeCall(out, call, 'incomplete');
        const response: ResponsesResponse = { ...envelope(options, 'failed'), output: snapshot(output), error: { code: 'server_error', message } };
        emit(out, 'response.failed', { response });
        // OpenAI's error event; the nested `error` makes the official clients raise it, as they do for chat.
        emit(out, 'error', { code: type, message, param: null, error: { type, code: type, message, param: null } });
        return;
      }
      default:
        return;
    }
  };

  return {
    first(out) {
      const response = envelope(options, 'in_progress');
      emit(out, 'response.created', { response });
      emit(out, 'response.in_progress', { response: snapshot(response) });
    },
    convert,
  };
}

/** One Responses API server-sent event: `event: <type>` and its JSON data. */
export const encodeResponsesEvent = (event: ResponsesEvent) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/** V4 stream parts → the SSE body of a streamed response (`event:` and `data:` lines; no `[DONE]`, as OpenAI sends it). */
export function responsesSseBody(
  parts: PartSource,
  options: ResponsesResponseOptions,
  toStreamError: (error: unknown) => { message: string; type: string },
): ReadableStream<Uint8Array> {
  return partsSseBody(parts, eventsSseEncoder(responsesEventConverter(options, toStreamError), encodeResponsesEvent));
}
