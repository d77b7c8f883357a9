import type { LanguageModelV4FinishReason, LanguageModelV4Usage } from '@ai-sdk/provider';
import { createBinaryStreamResponseHandler, createJsonResponseHandler, isRecord } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { attemptForwards, endpointFromConfig, forwardedEndpoint, forwardedEventsSource, forwardOnlyContext, forwardOnlyRefused, openForwardedCall, namesNoUpstreamOptions, postForwarded, primeEvents, SseJsonReader, type ForwardedEvent, type ForwardEndpoint, type PrimedEvents } from '../forwarding';
import { gatewayMetadata, wireStreamError, type GenerateForwarder, type StreamForwarder } from '../language-model-route';
import type { RequestContext } from '../request-context';
import type { RouteExecution } from '../route-execution';
import type { BodySource } from '../response-body';
import type { ClientCredential, RouteAttempt } from '../routing';
import { upstreamLanguageModel } from '../upstream';
import { withClientCredentialAttempts } from './client-credential';
import { encodeMessagesEvent, type MessagesEvent } from './messages-response';

// When the client speaks the Anthropic Messages API and the attempt's upstream is @ai-sdk/anthropic's
// messages model, the call needs no conversion: the client's body (every field, server tools included)
// and its `anthropic-beta` header go to Anthropic as they are, and the answer (or its events, as they come)
// comes back with the gateway's id, model name and metadata. Claude Code depends on betas and fields that
// the converted path has no V4 form for.

/** The client headers a forwarded call carries on: the Messages API's opt-in features. */
const FORWARDED_HEADERS = ['anthropic-beta'] as const;

/**
 * The endpoint of an upstream model that is @ai-sdk/anthropic's messages model (provider
 * `anthropic.messages`, as `createAnthropic(…)(id)` makes it), read from the `config` it calls with;
 * undefined for any other model, for one whose URL, body or headers the provider rewrites (Bedrock,
 * Vertex), or for a version of the package shaped differently: those run converted.
 */
export function anthropicMessagesEndpoint(model: unknown): ForwardEndpoint | undefined {
  if (!isRecord(model) || model.provider !== 'anthropic.messages' || typeof model.modelId !== 'string') return undefined;
  const config = model.config;
  if (!isRecord(config) || typeof config.baseURL !== 'string') return undefined;
  if (config.buildRequestUrl !== undefined || config.transformRequestBody !== undefined || config.transformRequestHeaders !== undefined) return undefined;
  return endpointFromConfig(config, `${config.baseURL}/messages`);
}

/**
 * Whether a Messages body can reach Anthropic as it is: it names no provider options for the upstream
 * (the gateway's own `providerOptions.gateway` is fine). Pure.
 */
export const isForwardableMessages = namesNoUpstreamOptions;

/** The upstream body of a forwarded call: the client's fields without the gateway's `providerOptions`, the provider's model id. Pure. */
export function forwardedMessagesBody(body: Record<string, unknown>, providerModelId: string, stream: boolean): Record<string, unknown> {
  const { providerOptions: _gatewayOptions, ...fields } = body;
  return { ...fields, model: providerModelId, stream };
}

const count = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** Anthropic's usage (uncached input apart from cache reads and writes) → V4 usage, for cost, limits and the log. Pure. */
export function usageFromMessages(usage: unknown): LanguageModelV4Usage {
  const fields = isRecord(usage) ? usage : {};
  const uncached = count(fields.input_tokens);
  const cacheRead = count(fields.cache_read_input_tokens);
  const cacheWrite = count(fields.cache_creation_input_tokens);
  const output = count(fields.output_tokens);
  const total = uncached === undefined ? undefined : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0);
  return {
    inputTokens: { total, noCache: uncached, cacheRead, cacheWrite },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

/** Anthropic's `stop_reason` → V4's. Pure. */
export function finishReasonFromMessages(raw: string | null | undefined): LanguageModelV4FinishReason {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return { unified: 'stop', raw };
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return { unified: 'length', raw };
    case 'tool_use':
      return { unified: 'tool-calls', raw };
    case 'refusal':
      return { unified: 'content-filter', raw };
    default:
      return { unified: 'other', raw: raw ?? undefined };
  }
}

const isMessagesEvent = (event: ForwardedEvent): event is MessagesEvent => typeof event.type === 'string';

/** Whether an event is model output (the first one commits the stream to its provider): a block's delta, or the message's end. Pure. */
export function isMessagesOutputEvent(event: ForwardedEvent): boolean {
  return event.type === 'content_block_delta' || event.type === 'message_delta' || event.type === 'message_stop';
}

const messageSchema = z.looseObject({ content: z.array(z.looseObject({ type: z.string() })), stop_reason: z.string().nullish(), usage: z.looseObject({}).nullish() });

/** The client's `anthropic-beta` (and nothing else of its headers: never its key). */
function forwardedHeaders(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers[name] = value;
  }
  return headers;
}

/** Forwarding is off when the gateway must change the body: upstream provider options, or `caching: 'auto'` (it adds cache markers). */
const forwards = (context: RequestContext, body: Record<string, unknown>) => isForwardableMessages(body) && context.gatewayOptions.caching !== 'auto';

const ANTHROPIC = 'Anthropic';

/** `forwardOnlyContext` for a Messages call, which also may not ask for `caching: 'auto'` (it changes the body). */
export function messagesForwardOnlyContext(context: RequestContext, body: Record<string, unknown>, what: string): RequestContext {
  if (context.gatewayOptions.caching === 'auto') throw forwardOnlyRefused(what, ANTHROPIC, "the call goes to it as sent, without caching: 'auto'; mark cache_control on the blocks yourself.");
  return forwardOnlyContext(context, body, what, ANTHROPIC, "@ai-sdk/anthropic's messages model", anthropicMessagesEndpoint);
}

/**
 * The context of a Messages call in Claude Max mode (`credential`: the client's own, see client-credential.ts):
 * each Anthropic provider that the call goes to as sent is tried on that credential first. A call the gateway
 * changes (upstream provider options, `caching: 'auto'`) or may answer from its response cache keeps the
 * gateway's own key, since it would not reach Anthropic as the client sent it; so does one asking for
 * `zeroDataRetention`, as BYOK calls do.
 */
export function messagesContextWithClientCredential(context: RequestContext, body: Record<string, unknown>, credential: ClientCredential | undefined): RequestContext {
  if (!credential || !forwards(context, body) || typeof context.gatewayOptions.cacheControl === 'string') return context;
  // The client's credential is a BYOK one, which zeroDataRetention rules out (its agreement is unknown here).
  if (context.gatewayOptions.zeroDataRetention === true) return context;
  const plan = withClientCredentialAttempts(context.plan, credential, (attempt) => attemptForwards(context, attempt, anthropicMessagesEndpoint));
  return plan === context.plan ? context : { ...context, plan };
}

const countSchema = z.looseObject({ input_tokens: z.number() });

/**
 * Counts a Messages body's input tokens at Anthropic, with its own tokenizer: the first attempt of the route
 * that forwards there (the client's own credential first in Claude Max mode) is asked, then the next such
 * attempt if it fails; undefined when the model has no Anthropic provider or none answers, and the caller
 * estimates instead. The body goes as the client sent it, less the gateway's `providerOptions`.
 */
export async function countAtAnthropic(context: RequestContext, body: Record<string, unknown>): Promise<{ input_tokens: number } | undefined> {
  const { providerOptions: _gatewayOptions, ...fields } = body;
  // Counting is advisory: a slow upstream gives way to the estimate rather than holding the client.
  // (A controller, not AbortSignal.any, which the first Node 20 releases lack.)
  const controller = new AbortController();
  const stop = () => controller.abort();
  const timer = setTimeout(stop, context.config.firstTokenTimeoutMs);
  context.request.signal.addEventListener('abort', stop, { once: true });
  try {
    for (const attempt of context.plan.models[0]!.attempts) {
      const endpoint = forwardedEndpoint(attempt, () => upstreamLanguageModel(context.config, attempt), anthropicMessagesEndpoint);
      if (!endpoint) continue;
      try {
        const counted = await postForwarded({ ...endpoint, url: `${endpoint.url}/count_tokens` }, { ...fields, model: attempt.providerModelId }, controller.signal, createJsonResponseHandler(countSchema), forwardedHeaders(context.request), false);
        if (counted) return { input_tokens: counted.input_tokens };
      } catch {
        if (controller.signal.aborted) return undefined;
      }
    }
    return undefined;
  } finally {
    clearTimeout(timer);
    context.request.signal.removeEventListener('abort', stop);
  }
}

const textOf = (content: ReadonlyArray<Record<string, unknown>>) => content.map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : '')).join('');

/** Whether a 400 to a forwarded attempt runs it converted: not on the client's own credential, which the converted path would not use. */
const convertsOn400 = (convertible: boolean, attempt: RouteAttempt) => convertible && !attempt.clientCredential;

/**
 * The generate forwarder of one Messages request: the upstream's `message` comes back with the gateway's
 * `id`, the gateway model id as `model`, and `provider_metadata.gateway`, as the converted path answers.
 */
export function messagesGenerateForwarder(context: RequestContext, body: Record<string, unknown>, model: string, convertible = true): GenerateForwarder | undefined {
  if (!forwards(context, body)) return undefined;
  return async (upstream, attempt, signal) => {
    const endpoint = forwardedEndpoint(attempt, () => upstream, anthropicMessagesEndpoint);
    if (!endpoint) return undefined;
    const message = await postForwarded(endpoint, forwardedMessagesBody(body, attempt.providerModelId, false), signal, createJsonResponseHandler(messageSchema), forwardedHeaders(context.request), convertsOn400(convertible, attempt));
    if (!message) return undefined;
    return {
      usage: usageFromMessages(message.usage),
      finishReason: finishReasonFromMessages(message.stop_reason),
      text: textOf(message.content),
      body(execution, cost) {
        return { ...message, id: context.generationId, model, provider_metadata: { gateway: gatewayMetadata(execution, cost, context.generationId) } };
      },
    };
  };
}

/**
 * The stream forwarder of one Messages request: an attempt whose upstream is @ai-sdk/anthropic's messages
 * model is posted there as the client's body and read up to its first output event; any other runs converted.
 */
export function messagesStreamForwarder(context: RequestContext, body: Record<string, unknown>, model: string, convertible = true): StreamForwarder | undefined {
  if (!forwards(context, body)) return undefined;
  return async (upstream, attempt, signal, attemptStart) => {
    const endpoint = forwardedEndpoint(attempt, () => upstream, anthropicMessagesEndpoint);
    if (!endpoint) return undefined;
    const stream = await postForwarded(endpoint, forwardedMessagesBody(body, attempt.providerModelId, true), signal, createBinaryStreamResponseHandler(), forwardedHeaders(context.request), convertsOn400(convertible, attempt));
    if (!stream) return undefined;
    const primed = await primeEvents(new SseJsonReader(stream.getReader()), isMessagesOutputEvent, signal, attemptStart);
    return { open: (execution, startedAt) => forwardedMessagesSource(context, execution, primed, startedAt, model) };
  };
}

/**
 * The client's SSE body of a forwarded stream: each upstream event as it came, `message_start` with the
 * generation id and the gateway model id, `message_delta` with `provider_metadata.gateway` (and the call
 * recorded there, with input usage from `message_start` and output usage from `message_delta`). A break
 * after content is an `error` event, then `message_delta` and `message_stop`, as the converted path ends.
 */
function forwardedMessagesSource(context: RequestContext, execution: RouteExecution, primed: PrimedEvents, startedAt: number, model: string): BodySource {
  const { generationId } = context;
  const ledger = openForwardedCall(context, execution, primed, startedAt);
  let usage: Record<string, unknown> = {};
  let sawError = false;
  let finished = false;
  let stopped = false;

  const finish = (delta: MessagesEvent, unifiedOverride?: 'error'): string => {
    finished = true;
    if (isRecord(delta.usage)) usage = { ...usage, ...delta.usage };
    const stopReason = isRecord(delta.delta) && typeof delta.delta.stop_reason === 'string' ? delta.delta.stop_reason : undefined;
    const cost = ledger.finish(unifiedOverride ?? finishReasonFromMessages(stopReason).unified, usageFromMessages(usage));
    return encodeMessagesEvent({ ...delta, provider_metadata: { gateway: gatewayMetadata(execution, cost, generationId) } });
  };
  const failAfterContent = (reason: string): string => {
    let text = '';
    if (!sawError) {
      const message = `The provider stream failed after content was sent: ${execution.scrub(reason)}`;
      text += encodeMessagesEvent({ type: 'error', error: { type: 'api_error', message } });
    }
    text += finish({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: {} }, 'error');
    stopped = true;
    return text + encodeMessagesEvent({ type: 'message_stop' });
  };
  const forward = (event: ForwardedEvent): string => {
    if (event.type === 'error' || 'error' in event) {
      sawError = true;
      const { message } = wireStreamError(event.error, execution);
      const type = isRecord(event.error) && typeof event.error.type === 'string' ? event.error.type : 'api_error';
      return encodeMessagesEvent({ type: 'error', error: { type, message } });
    }
    // Not a Messages event (no type): nothing a client could read.
    if (!isMessagesEvent(event) || (finished && event.type !== 'message_stop')) return '';
    if (event.type === 'message_start' && isRecord(event.message)) {
      if (isRecord(event.message.usage)) usage = { ...event.message.usage };
      return encodeMessagesEvent({ ...event, message: { ...event.message, id: generationId, model } });
    }
    if (event.type === 'message_delta') return finish(event);
    if (event.type === 'message_stop') stopped = true;
    if (event.type === 'content_block_delta' && isRecord(event.delta) && typeof event.delta.text === 'string') ledger.addText(event.delta.text);
    return encodeMessagesEvent(event);
  };

  return forwardedEventsSource(primed, {
    forward,
    finished: () => finished,
    failAfterContent,
    // A message always ends with message_stop, as the converted path ends it.
    end: () => (!finished ? failAfterContent('the stream ended before its message_delta') : stopped ? '' : encodeMessagesEvent({ type: 'message_stop' })),
    // The client went away before the end of the message: the call ends as cancelled.
    cancelled: () => context.call.cancelled(),
  });
}
