import type { LanguageModelV4FinishReason, LanguageModelV4Usage } from '@ai-sdk/provider';
import { createBinaryStreamResponseHandler, createJsonResponseHandler, isRecord } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { forwardedEndpoint, forwardedEventsSource, forwardOnlyContext, namesNoUpstreamOptions, openAIModelEndpoint, openForwardedCall, postForwarded, primeEvents, SseJsonReader, type ForwardedEvent, type ForwardEndpoint, type PrimedEvents } from '../forwarding';
import { gatewayMetadata, UNKNOWN_USAGE, wireStreamError, type GenerateForwarder, type StreamForwarder } from '../language-model-route';
import type { RequestContext } from '../request-context';
import type { RouteExecution } from '../route-execution';
import type { BodySource } from '../response-body';
import { withServiceTierField } from '../service-tier';
import { usageFromOpenAICounts } from './openai-api';
import { encodeResponsesEvent, type ResponsesEvent } from './responses-response';

// When the client speaks the OpenAI Responses API and the attempt's upstream is @ai-sdk/openai's Responses
// model, the call needs no conversion: the client's body goes to OpenAI as it is, and the answer (or its
// events, as they come) comes back with the gateway's id, model name and metadata. Codex-style clients
// depend on what the converted path has no V4 form for: encrypted reasoning items sent back turn after
// turn (`include: ['reasoning.encrypted_content']`), OpenAI's own tools, `prompt_cache_key`, verbosity.

/**
 * The endpoint of an upstream model that is @ai-sdk/openai's Responses model (provider `openai.responses`, as
 * `createOpenAI(…)(id)` makes it), read from the `config` it calls with; undefined for any other model, or a
 * version of the package shaped differently, which then run converted.
 */
export const openAIResponsesEndpoint = (model: unknown): ForwardEndpoint | undefined => openAIModelEndpoint(model, 'openai.responses', '/responses');

/** The body fields only the gateway reads: its routing options and its top-level fallback list. */
const GATEWAY_FIELDS = ['providerOptions', 'models'] as const;

/** Whether a Responses body can reach OpenAI as it is: it names no provider options for the upstream (`providerOptions.gateway` is fine). Pure. */
export const isForwardableResponses = namesNoUpstreamOptions;

/** The upstream body of a forwarded call: the client's fields without the gateway's own, the provider's model id. Pure. */
export function forwardedResponsesBody(body: Record<string, unknown>, providerModelId: string, stream: boolean): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!(GATEWAY_FIELDS as readonly string[]).includes(key)) fields[key] = value;
  return { ...fields, model: providerModelId, stream };
}

const count = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** A Responses API `usage` → V4 usage (cached and reasoning tokens are inside input and output). Pure. */
export function usageFromResponses(usage: unknown): LanguageModelV4Usage {
  if (!isRecord(usage)) return UNKNOWN_USAGE;
  return usageFromOpenAICounts({
    input: count(usage.input_tokens),
    cached: isRecord(usage.input_tokens_details) ? count(usage.input_tokens_details.cached_tokens) : undefined,
    output: count(usage.output_tokens),
    reasoning: isRecord(usage.output_tokens_details) ? count(usage.output_tokens_details.reasoning_tokens) : undefined,
  });
}

/** How a `response` object ended, as a V4 finish reason. Pure. */
export function finishReasonFromResponse(response: Record<string, unknown>): LanguageModelV4FinishReason {
  const status = typeof response.status === 'string' ? response.status : undefined;
  if (status === 'incomplete') {
    const reason = isRecord(response.incomplete_details) ? response.incomplete_details.reason : undefined;
    if (reason === 'max_output_tokens') return { unified: 'length', raw: reason };
    if (reason === 'content_filter') return { unified: 'content-filter', raw: reason };
    return { unified: 'other', raw: typeof reason === 'string' ? reason : status };
  }
  if (status === 'failed') return { unified: 'error', raw: status };
  const output = Array.isArray(response.output) ? response.output : [];
  return output.some((item) => isRecord(item) && item.type === 'function_call') ? { unified: 'tool-calls', raw: status } : { unified: 'stop', raw: status };
}

/** Whether an event is model output (the first one commits the stream to its provider): any delta, a finished item, or the response's end. Pure. */
export function isResponsesOutputEvent(event: ForwardedEvent): boolean {
  const type = typeof event.type === 'string' ? event.type : '';
  return type.endsWith('.delta') || type === 'response.output_item.done' || type === 'response.completed' || type === 'response.incomplete';
}

/** The error a Responses event reports: an `error` event (flat, or with a nested `error`) or `response.failed`. Pure. */
export function responsesEventError(event: ForwardedEvent): unknown {
  if (event.type === 'error') return isRecord(event.error) ? event.error : { message: event.message, type: event.code };
  if (event.type === 'response.failed') return isRecord(event.response) && event.response.error != null ? event.response.error : { message: 'the response failed' };
  return undefined;
}

const responseSchema = z.looseObject({ status: z.string().nullish(), output: z.array(z.looseObject({ type: z.string() })), usage: z.looseObject({}).nullish() });


/** `forwardOnlyContext` for a Responses call with what only OpenAI takes. */
export function responsesForwardOnlyContext(context: RequestContext, body: Record<string, unknown>, what: string): RequestContext {
  return forwardOnlyContext(context, body, what, "OpenAI's Responses API", "@ai-sdk/openai's Responses model", openAIResponsesEndpoint);
}

/** The output text of a `response` (for the usage log when prompts are kept). */
function outputText(output: ReadonlyArray<Record<string, unknown>>): string {
  return output
    .flatMap((item) => (item.type === 'message' && Array.isArray(item.content) ? item.content : []))
    .map((part) => (isRecord(part) && part.type === 'output_text' && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

/** The client's view of a `response` object: the gateway's id and model name. */
const stamped = (response: Record<string, unknown>, id: string, model: string) => ({ ...response, id, model });

/**
 * The generate forwarder of one Responses request: the upstream's `response` comes back with the gateway's
 * `id`, the gateway model id as `model`, and `providerMetadata.gateway`, as the converted path answers.
 */
export function responsesGenerateForwarder(context: RequestContext, body: Record<string, unknown>, model: string, convertible = true): GenerateForwarder | undefined {
  if (!isForwardableResponses(body)) return undefined;
  return async (upstream, attempt, signal) => {
    const endpoint = forwardedEndpoint(attempt, () => upstream, openAIResponsesEndpoint);
    if (!endpoint) return undefined;
    const response = await postForwarded(endpoint, withServiceTierField(forwardedResponsesBody(body, attempt.providerModelId, false), upstream, context.gatewayOptions.serviceTier), signal, createJsonResponseHandler(responseSchema), {}, convertible);
    if (!response) return undefined;
    return {
      usage: usageFromResponses(response.usage),
      finishReason: finishReasonFromResponse(response),
      text: outputText(response.output),
      body(execution, cost) {
        return { ...stamped(response, context.generationId, model), providerMetadata: { gateway: gatewayMetadata(execution, cost, context.generationId) } };
      },
    };
  };
}

/**
 * The stream forwarder of one Responses request: an attempt whose upstream is @ai-sdk/openai's Responses
 * model is posted there as the client's body and read up to its first output event; any other runs converted.
 */
export function responsesStreamForwarder(context: RequestContext, body: Record<string, unknown>, model: string, convertible = true): StreamForwarder | undefined {
  if (!isForwardableResponses(body)) return undefined;
  return async (upstream, attempt, signal, attemptStart) => {
    const endpoint = forwardedEndpoint(attempt, () => upstream, openAIResponsesEndpoint);
    if (!endpoint) return undefined;
    const stream = await postForwarded(endpoint, withServiceTierField(forwardedResponsesBody(body, attempt.providerModelId, true), upstream, context.gatewayOptions.serviceTier), signal, createBinaryStreamResponseHandler(), {}, convertible);
    if (!stream) return undefined;
    const primed = await primeEvents(new SseJsonReader(stream.getReader()), isResponsesOutputEvent, signal, attemptStart, responsesEventError);
    return { open: (execution, startedAt) => forwardedResponsesSource(context, execution, primed, startedAt, model) };
  };
}

/** An `error` event's fields as OpenAI sends them, with the nested `error` the official clients raise from (as the converted path sends it). */
const errorEventFields = (type: string, message: string) => ({ code: type, message, param: null, error: { type, code: type, message, param: null } });

const isResponsesEvent = (event: ForwardedEvent): event is ResponsesEvent => typeof event.type === 'string';

/**
 * The client's SSE body of a forwarded stream: each upstream event as it came, the `response` objects of
 * `response.created`, `…in_progress`, `…completed`, `…incomplete` and `…failed` with the gateway's id and
 * model name, and the final one with `providerMetadata.gateway` (the call recorded there). A break after
 * content is `response.failed` and an `error` event, as the converted path ends.
 */
function forwardedResponsesSource(context: RequestContext, execution: RouteExecution, primed: PrimedEvents, startedAt: number, model: string): BodySource {
  const { generationId } = context;
  const ledger = openForwardedCall(context, execution, primed, startedAt);
  /** The next number, once the upstream numbers its events. */
  let sequence: number | undefined;
  let lastResponse: Record<string, unknown> = {};
  let finished = false;

  const next = (type: string, fields: Record<string, unknown>): string => encodeResponsesEvent({ type, ...(sequence === undefined ? {} : { sequence_number: sequence++ }), ...fields });
  const failAfterContent = (reason: string): string => {
    finished = true;
    const cost = ledger.finish('error', UNKNOWN_USAGE);
    const message = `The provider stream failed after content was sent: ${execution.scrub(reason)}`;
    const response = { ...stamped(lastResponse, generationId, model), status: 'failed', error: { code: 'server_error', message }, providerMetadata: { gateway: gatewayMetadata(execution, cost, generationId) } };
    return next('response.failed', { response }) + next('error', errorEventFields('server_error', message));
  };
  const forward = (event: ForwardedEvent): string => {
    if (!isResponsesEvent(event)) return '';
    // Events the gateway adds continue the upstream's numbering (a server without it gets none from the upstream's events).
    const numbered = typeof event.sequence_number === 'number' ? { sequence_number: event.sequence_number } : {};
    if (numbered.sequence_number !== undefined) sequence = numbered.sequence_number + 1;
    if (event.type === 'error') {
      // Always passed on (it is what makes the official clients raise); the call ends here unless it already did.
      const { message, type } = wireStreamError(responsesEventError(event), execution);
      if (!finished) ledger.finish('error', UNKNOWN_USAGE);
      finished = true;
      return encodeResponsesEvent({ type: 'error', ...numbered, ...errorEventFields(type, message) });
    }
    const terminal = event.type === 'response.completed' || event.type === 'response.incomplete' || event.type === 'response.failed';
    if (finished && !terminal) return '';
    if (!isRecord(event.response)) {
      if (event.type === 'response.output_text.delta' && typeof event.delta === 'string') ledger.addText(event.delta);
      return encodeResponsesEvent(event);
    }
    lastResponse = event.response;
    const response = stamped(event.response, generationId, model);
    if (!terminal) return encodeResponsesEvent({ ...event, response });
    const upstreamError = event.response.error;
    const error = isRecord(upstreamError) ? { error: { ...upstreamError, message: wireStreamError(upstreamError, execution).message } } : {};
    if (finished) return encodeResponsesEvent({ ...event, response: { ...response, ...error } });
    finished = true;
    const cost = ledger.finish(finishReasonFromResponse(event.response).unified, usageFromResponses(event.response.usage));
    return encodeResponsesEvent({ ...event, response: { ...response, ...error, providerMetadata: { gateway: gatewayMetadata(execution, cost, generationId) } } });
  };

  return forwardedEventsSource(primed, {
    forward,
    finished: () => finished,
    failAfterContent,
    end: () => (finished ? '' : failAfterContent('the stream ended before response.completed')),
    // The client went away before the response ended: the call ends as cancelled.
    cancelled: () => context.call.cancelled(),
  });
}
