import type { LanguageModelV4FinishReason, LanguageModelV4Usage } from '@ai-sdk/provider';
import {
  createBinaryStreamResponseHandler,
  createJsonResponseHandler,
  isRecord,
} from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { forwardedEndpoint, forwardedEventsSource, openAIModelEndpoint, openForwardedCall, postForwarded, primeEvents, SseJsonReader, type ForwardEndpoint, type PrimedEvents } from '../forwarding';
import { gatewayMetadata, UNKNOWN_USAGE, wireStreamError, type GenerateForwarder, type StreamForwarder } from '../language-model-route';
import type { RequestContext } from '../request-context';
import type { RouteExecution } from '../route-execution';
import type { BodySource } from '../response-body';
import { withServiceTierField } from '../service-tier';
import type { ChatCompletionRequest } from './chat-request';
import { usageFromOpenAICounts } from './openai-api';
import { CHAT_SSE_DONE, chatSseEvent, chatStreamError, gatewayUsage, type ChatResponseOptions } from './chat-response';

// When the client speaks OpenAI Chat Completions and the attempt's upstream is @ai-sdk/openai's chat model
// (or @ai-sdk/openai-compatible's, for vLLM, Ollama and the like), the call needs no conversion: the
// upstream's answer (or its chunks, as they come) goes to the client with the gateway's id, model name and metadata. Without this every streamed delta went through the provider's
// four stream stages and back into a chunk: twice the CPU per delta (bench/README.md, "Findings: forwarded
// chat calls").

/**
 * The endpoint of an upstream model that is @ai-sdk/openai's chat model (provider `openai.chat`, as
 * `createOpenAI(…).chat(id)` makes it), read from the `config` it calls with; undefined for any other
 * model, or a version of the package shaped differently, which then run converted as before.
 */
export const openAIChatEndpoint = (model: unknown): ForwardEndpoint | undefined => openAIModelEndpoint(model, 'openai.chat', '/chat/completions');

/** What a config of @ai-sdk/openai-compatible's chat model sets to change the body, usage, reasoning or errors (the packages built on it do). */
const COMPATIBLE_REWRITES = ['transformRequestBody', 'convertUsage', 'mapReasoning', 'metadataExtractor', 'errorStructure'] as const;

/**
 * The endpoint of an upstream model that is @ai-sdk/openai-compatible's chat model, as `createOpenAICompatible({
 * name, baseURL })(id)` makes it (vLLM, Ollama, LM Studio, a hosted OpenAI-compatible API), read as
 * @ai-sdk/openai's is, with the body adapted as the converted path would send it (`compatibleChatBody`);
 * undefined for any other model, or one whose config rewrites what it sends or reads (COMPATIBLE_REWRITES).
 */
export function openAICompatibleChatEndpoint(model: unknown): ForwardEndpoint | undefined {
  if (!isRecord(model) || typeof model.provider !== 'string' || !model.provider.endsWith('.chat') || model.provider === 'openai.chat') return undefined;
  const config = model.config;
  // createOpenAICompatible gives every chat model these keys, set or not.
  if (!isRecord(config) || !('includeUsage' in config) || !('supportsStructuredOutputs' in config)) return undefined;
  if (COMPATIBLE_REWRITES.some((key) => config[key] !== undefined)) return undefined;
  const endpoint = openAIModelEndpoint(model, model.provider, '/chat/completions');
  const includeUsage = config.includeUsage === true;
  const structuredOutputs = config.supportsStructuredOutputs === true;
  return endpoint && { ...endpoint, adapt: (body) => compatibleChatBody(body, includeUsage, structuredOutputs) };
}

/**
 * A forwarded chat body as @ai-sdk/openai-compatible would send the same call: `max_completion_tokens` as
 * `max_tokens`, stream usage asked for only when the provider asks for it (`includeUsage`), and undefined
 * (run converted, which asks for plain JSON) for a JSON schema the server does not take. Pure.
 */
export function compatibleChatBody(body: Record<string, unknown>, includeUsage: boolean, structuredOutputs: boolean): Record<string, unknown> | undefined {
  if (!structuredOutputs && isRecord(body.response_format) && body.response_format.type === 'json_schema') return undefined;
  const { max_completion_tokens: maxCompletionTokens, stream_options: streamOptions, ...fields } = body;
  return {
    ...fields,
    ...(maxCompletionTokens !== undefined && fields.max_tokens === undefined ? { max_tokens: maxCompletionTokens } : {}),
    ...(streamOptions !== undefined && includeUsage ? { stream_options: streamOptions } : {}),
  };
}

/** The endpoint of an OpenAI chat upstream of either package. */
const chatEndpoint = (model: unknown): ForwardEndpoint | undefined => openAIChatEndpoint(model) ?? openAICompatibleChatEndpoint(model);

/** The body one chat attempt posts: the client's fields, the tier for OpenAI, adapted for the endpoint; undefined to run it converted. */
function attemptBody(context: RequestContext, request: ChatCompletionRequest, upstream: unknown, endpoint: ForwardEndpoint, providerModelId: string, stream: boolean): Record<string, unknown> | undefined {
  const body = withServiceTierField(forwardedChatBody(request, providerModelId, stream), upstream, context.gatewayOptions.serviceTier);
  return endpoint.adapt ? endpoint.adapt(body) : body;
}

/** The request fields the converted path also carries to the upstream; any other field is left out on both paths. */
const FORWARDED_FIELDS = [
  'messages',
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'stop',
  'frequency_penalty',
  'presence_penalty',
  'seed',
  'tools',
  'tool_choice',
  'response_format',
  'reasoning_effort',
] as const;

/**
 * Whether a chat request can reach an OpenAI upstream as it is: nothing in it needs the gateway's
 * translation (the `reasoning` object, files in the gateway's shape, reasoning on assistant turns,
 * provider options for the upstream). Pure.
 */
export function isForwardableChat(request: ChatCompletionRequest): boolean {
  if (request.reasoning != null) return false;
  if (request.providerOptions && Object.keys(request.providerOptions).some((key) => key !== 'gateway')) return false;
  return request.messages.every((message) => {
    if (message.role === 'assistant') return message.reasoning == null;
    if (message.role !== 'user' || typeof message.content === 'string') return true;
    return message.content.every((part) => part.type !== 'file' || (part.data === undefined && part.media_type === undefined));
  });
}

/** Without `cache_control` markers, an Anthropic field OpenAI-style servers do not take (they cache prompts on their own). Pure. */
export function withoutCacheControl(messages: ChatCompletionRequest['messages']): ChatCompletionRequest['messages'] {
  const strip = <T extends { cache_control?: unknown }>(item: T): T => {
    if (item.cache_control === undefined) return item;
    const { cache_control: _marker, ...rest } = item;
    return rest as T;
  };
  const marked = (item: { cache_control?: unknown; content?: unknown }) =>
    item.cache_control !== undefined || (Array.isArray(item.content) && item.content.some((part: { cache_control?: unknown }) => part.cache_control !== undefined));
  if (!messages.some(marked)) return messages;
  return messages.map((message) => {
    const content = Array.isArray(message.content) ? message.content.map(strip) : message.content;
    return strip({ ...message, content } as typeof message);
  });
}

/** The upstream body of a forwarded chat call: the client's fields and the provider's model id; a stream asks for usage. Pure. */
export function forwardedChatBody(request: ChatCompletionRequest, providerModelId: string, stream: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { model: providerModelId };
  for (const field of FORWARDED_FIELDS) if (request[field] != null) body[field] = request[field];
  body.messages = withoutCacheControl(request.messages);
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

/** OpenAI's usage object → V4 usage (for cost, limits and the log). Pure. */
export function usageFromChat(usage: unknown): LanguageModelV4Usage {
  if (!isRecord(usage)) return UNKNOWN_USAGE;
  const count = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return usageFromOpenAICounts({
    input: count(usage.prompt_tokens),
    cached: isRecord(usage.prompt_tokens_details) ? count(usage.prompt_tokens_details.cached_tokens) : undefined,
    output: count(usage.completion_tokens),
    reasoning: isRecord(usage.completion_tokens_details) ? count(usage.completion_tokens_details.reasoning_tokens) : undefined,
  });
}

/** OpenAI's `finish_reason` → V4's. Pure. */
export function finishReasonFromChat(raw: string): LanguageModelV4FinishReason {
  switch (raw) {
    case 'stop':
      return { unified: 'stop', raw };
    case 'length':
      return { unified: 'length', raw };
    case 'tool_calls':
    case 'function_call':
      return { unified: 'tool-calls', raw };
    case 'content_filter':
      return { unified: 'content-filter', raw };
    default:
      return { unified: 'other', raw };
  }
}

type Chunk = Record<string, unknown>;
type Choice = { delta?: Record<string, unknown>; finish_reason?: string | null } & Record<string, unknown>;

const firstChoice = (chunk: Chunk): Choice | undefined => (Array.isArray(chunk.choices) && isRecord(chunk.choices[0]) ? (chunk.choices[0] as Choice) : undefined);

const hasText = (value: unknown) => typeof value === 'string' && value !== '';

/**
 * Whether a chunk is model output (the first one commits the stream to its provider): a delta with text,
 * reasoning (`reasoning_content` as vLLM and DeepSeek send it, `reasoning` / `reasoning_details` as others
 * do: a model thinking past the first-token timeout is working, not stalled), a tool call, a refusal, or the finish. Pure.
 */
export function isChatOutputChunk(chunk: Chunk): boolean {
  const choice = firstChoice(chunk);
  if (!choice) return false;
  if (choice.finish_reason != null) return true;
  const delta = choice.delta;
  if (!delta) return false;
  return (
    hasText(delta.content) ||
    hasText(delta.reasoning_content) ||
    hasText(delta.reasoning) ||
    (Array.isArray(delta.reasoning_details) && delta.reasoning_details.length > 0) ||
    (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0) ||
    hasText(delta.refusal)
  );
}



/**
 * The stream forwarder of one chat request (`streamRouted` asks it first for each attempt): an attempt whose
 * upstream is an OpenAI chat model (`chatEndpoint`) is posted there as the client's body and read up to its
 * first output chunk; any other attempt is left to the converted path.
 */
export function chatStreamForwarder(context: RequestContext, request: ChatCompletionRequest, options: ChatResponseOptions): StreamForwarder | undefined {
  if (!isForwardableChat(request)) return undefined;
  return async (upstream, attempt, signal, attemptStart) => {
    const endpoint = forwardedEndpoint(attempt, () => upstream, chatEndpoint);
    const sent = endpoint && attemptBody(context, request, upstream, endpoint, attempt.providerModelId, true);
    if (!endpoint || !sent) return undefined;
    const body = await postForwarded(endpoint, sent, signal, createBinaryStreamResponseHandler());
    if (!body) return undefined;
    const primed = await primeEvents(new SseJsonReader(body.getReader()), isChatOutputChunk, signal, attemptStart);
    return { open: (execution, startedAt) => forwardedChatSource(context, execution, primed, startedAt, options) };
  };
}

const chatCompletionSchema = z.looseObject({
  choices: z.array(z.looseObject({ message: z.looseObject({ content: z.string().nullish() }), finish_reason: z.string().nullish() })).min(1),
  usage: z.looseObject({}).nullish(),
});

/**
 * The generate forwarder of one chat request (`generateRouted` asks it first for each attempt): the upstream's
 * `chat.completion` comes back with the gateway's `id`, `generationId`, `model` and `created`, `usage` with
 * its cost, and `provider_metadata.gateway` in the message, as the converted path answers.
 */
export function chatGenerateForwarder(context: RequestContext, request: ChatCompletionRequest, options: ChatResponseOptions): GenerateForwarder | undefined {
  if (!isForwardableChat(request)) return undefined;
  return async (upstream, attempt, signal) => {
    const endpoint = forwardedEndpoint(attempt, () => upstream, chatEndpoint);
    const sent = endpoint && attemptBody(context, request, upstream, endpoint, attempt.providerModelId, false);
    if (!endpoint || !sent) return undefined;
    const completion = await postForwarded(endpoint, sent, signal, createJsonResponseHandler(chatCompletionSchema));
    if (!completion) return undefined;
    const choice = completion.choices[0]!;
    return {
      usage: usageFromChat(completion.usage),
      finishReason: finishReasonFromChat(choice.finish_reason ?? 'stop'),
      text: choice.message.content ?? '',
      body(execution, cost) {
        const gateway = gatewayMetadata(execution, cost, context.generationId);
        return {
          ...completion,
          id: context.generationId,
          generationId: context.generationId,
          created: options.created,
          model: options.model,
          choices: [{ ...choice, message: { ...choice.message, provider_metadata: { gateway } } }],
          usage: { ...completion.usage, ...gatewayUsage({ gateway }) },
        };
      },
    };
  };
}

/**
 * The client's SSE body of a forwarded stream: each upstream chunk with the generation id, the gateway
 * model id and the call's `created`; the finish chunk held until the usage chunk and sent as one, with
 * `usage` (and its cost), `generationId` and `provider_metadata.gateway`, as the converted path ends; then `[DONE]`.
 * Records the call at the finish.
 */
function forwardedChatSource(context: RequestContext, execution: RouteExecution, primed: PrimedEvents, startedAt: number, options: ChatResponseOptions): BodySource {
  const { generationId } = context;
  const ledger = openForwardedCall(context, execution, primed, startedAt);
  // The finish chunk, held until the usage chunk after it.
  let held: { chunk: Chunk; reason: LanguageModelV4FinishReason } | undefined;
  let usage: unknown;
  let sawError = false;
  let finished = false;

  const stamp = (chunk: Chunk): string => {
    chunk.id = generationId;
    chunk.created = options.created;
    chunk.model = options.model;
    return chatSseEvent(chunk);
  };
  const finish = (reason: LanguageModelV4FinishReason, last: Chunk): string => {
    finished = true;
    const cost = ledger.finish(reason.unified, usageFromChat(usage));
    const choice = firstChoice(last) ?? { index: 0, finish_reason: 'stop', logprobs: null };
    const gateway = gatewayMetadata(execution, cost, generationId);
    last.choices = [{ ...choice, delta: { ...choice.delta, provider_metadata: { gateway } } }];
    last.generationId = generationId;
    last.usage = { ...(isRecord(usage) ? usage : { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }), ...gatewayUsage({ gateway }) };
    return stamp(last);
  };
  // A break after content is reported in band and the stream still ends with a finish chunk, as the converted path does.
  const failAfterContent = (reason: string): string => {
    let text = '';
    if (!sawError) {
      const message = `The provider stream failed after content was sent: ${execution.scrub(reason)}`;
      text += chatSseEvent(chatStreamError(message, 'internal_server_error'));
    }
    return text + finish({ unified: 'error', raw: undefined }, { object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }] });
  };
  const forward = (chunk: Chunk): string => {
    if ('error' in chunk) {
      sawError = true;
      const { message, type } = wireStreamError(chunk.error, execution);
      return chatSseEvent(chatStreamError(message, type));
    }
    if (finished) return '';
    const choice = firstChoice(chunk);
    if ('usage' in chunk && chunk.usage != null) usage = chunk.usage;
    if (typeof choice?.delta?.content === 'string') ledger.addText(choice.delta.content);
    if (choice?.finish_reason != null) {
      held = { chunk, reason: finishReasonFromChat(choice.finish_reason) };
      // Some servers send usage on the finish chunk itself; OpenAI sends it on a chunk of its own, next.
      return usage !== undefined ? finish(held.reason, chunk) : '';
    }
    if (!choice) return held && usage !== undefined ? finish(held.reason, held.chunk) : '';
    return stamp(chunk);
  };

  return forwardedEventsSource(primed, {
    forward,
    finished: () => finished,
    failAfterContent,
    end: () => (finished ? '' : held ? finish(held.reason, held.chunk) : failAfterContent('the stream ended before its finish chunk')) + CHAT_SSE_DONE,
    // The client went away before the finish chunk: the call ends as cancelled.
    cancelled: () => context.call.cancelled(),
  });
}
