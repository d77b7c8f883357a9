import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
  SharedV4ProviderMetadata,
} from '@ai-sdk/provider';
import { GatewayServerError } from '../errors/gateway-server-error';
import { formatUsd, languageModelCost } from './cost';
import { wholeAnswerTimes, type RequestContext } from './request-context';
import type { RouteAttempt } from './routing';
import { executionFor, RouteExecution } from './route-execution';
import { generateResultToWire, languageCallFromWire, languageModelAsV4, streamPartsToClientSpec, streamPartToWire } from './spec-bridge';
import { encodeSseEvent, SSE_HEADERS } from '../protocol/sse';
import { LANGUAGE_MODEL_STREAMING_HEADER } from '../protocol/wire';
import { cacheHitMetadata, decodeCached, encodeCached, type CacheDirectives } from './governance/response-cache';
import { cachedAttempt, cachePlan, withoutGatewayMetadata } from './governance/cache-plan';
import { isAnthropicUpstream, withAnthropicCacheMarkers } from './governance/prompt-caching';
import { encodedJsonAnswer, type BodySource } from './response-body';
import { partsSseBody, type PartSource } from './sse-body';
import { withServiceTier } from './service-tier';
import { primeStream } from './stream-priming';
import { upstreamLanguageModel, upstreamProviderOptions } from './upstream';

type JsonObject = Record<string, unknown>;

export const UNKNOWN_USAGE: LanguageModelV4Usage = {
  inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
};

export function gatewayMetadata(execution: RouteExecution, cost: number, generationId: string) {
  const usd = formatUsd(cost);
  return { ...execution.routingMetadata(), cost: usd, marketCost: usd, generationId };
}

function withGatewayMetadata(
  metadata: SharedV4ProviderMetadata | undefined,
  gateway: JsonObject,
): SharedV4ProviderMetadata {
  return { ...metadata, gateway: { ...metadata?.gateway, ...gateway } } as SharedV4ProviderMetadata;
}

/** POST {base}/language-model: one generate or stream call, routed with failover. */
export async function handleLanguageModel(context: RequestContext): Promise<Response> {
  const { request, version } = context;
  const streaming = request.headers.get(LANGUAGE_MODEL_STREAMING_HEADER) === 'true';
  const { value: options, warnings } = languageCallFromWire(version, context.body);
  if (!streaming) {
    const body = generateResultToWire(version, await generateRouted(context, options), warnings);
    return encodedJsonAnswer(request, body);
  }
  const parts = await streamRouted(context, options);
  const toClientSpec = streamPartsToClientSpec(version, warnings);
  const encode = (part: Parameters<typeof streamPartToWire>[0]) => encodeSseEvent(streamPartToWire(part, wireStreamError));
  const body = partsSseBody(parts, {
    part: toClientSpec ? (part) => toClientSpec(part).map(encode).join('') : encode,
  });
  return new Response(body, { headers: SSE_HEADERS });
}

/**
 * The upstream call for one attempt: the upstream gets its own provider options and the call's signal, never
 * the gateway's options; with `serviceTier` an OpenAI upstream gets its tier, and with `caching: 'auto'` an
 * Anthropic upstream gets prompt-cache markers.
 */
function attemptCall(context: RequestContext, model: LanguageModelV4, options: LanguageModelV4CallOptions, signal: AbortSignal): LanguageModelV4CallOptions {
  const call = withServiceTier({ ...options, providerOptions: upstreamProviderOptions(options.providerOptions), headers: undefined, abortSignal: signal }, model, context.gatewayOptions.serviceTier);
  return context.gatewayOptions.caching === 'auto' && isAnthropicUpstream(model) ? withAnthropicCacheMarkers(call) : call;
}

/** What a cached generate answer keeps: the result without its request, headers or gateway metadata, and who served it. */
interface CachedGenerate {
  provider: string;
  providerModel: string;
  result: Pick<LanguageModelV4GenerateResult, 'content' | 'finishReason' | 'usage' | 'providerMetadata' | 'warnings'> & { response?: { modelId?: string; timestamp?: Date } };
}

/** What a cached stream keeps: the upstream parts from stream-start to finish. */
interface CachedStream {
  provider: string;
  providerModel: string;
  parts: LanguageModelV4StreamPart[];
}

const textOf = (content: LanguageModelV4GenerateResult['content']) =>
  content.map((part) => (part.type === 'text' ? part.text : '')).join('');

function promptForLog(context: RequestContext, options: LanguageModelV4CallOptions): void {
  if (context.call.storePrompts) context.call.setPrompt(options.prompt);
}

/** The model an attempt runs through when it is not forwarded. One on the client's own credential only forwards: converted, it would run on the gateway's key. */
function convertedModel(upstream: unknown, attempt: RouteAttempt): LanguageModelV4 {
  if (attempt.clientCredential) throw new GatewayServerError({ status: 500, type: 'internal_server_error', message: "an attempt on the client's own credential could not be forwarded" });
  return languageModelAsV4(upstream);
}

/** An attempt's stream that needs no conversion for its client API: the client's bytes once the route is decided. */
export interface ForwardedStream {
  open(execution: RouteExecution, startedAt: number): BodySource;
}

/**
 * Serves one stream attempt without the provider's part conversion when the client API and the upstream
 * model speak the same protocol (chat-forward.ts), read up to its first output; undefined runs it as parts.
 */
export type StreamForwarder = (upstream: unknown, attempt: RouteAttempt, signal: AbortSignal, attemptStart: number) => Promise<ForwardedStream | undefined>;

/** A whole answer that needs no conversion for its client API: what the log needs, and the client's body once the route is decided. */
export interface ForwardedAnswer {
  usage: LanguageModelV4Usage;
  finishReason: LanguageModelV4FinishReason;
  /** The answer's text, for the usage log. */
  text: string;
  body(execution: RouteExecution, cost: number): unknown;
}

/** Serves one generate attempt without the provider's conversion (chat-forward.ts); undefined runs it through the provider. */
export type GenerateForwarder = (upstream: unknown, attempt: RouteAttempt, signal: AbortSignal) => Promise<ForwardedAnswer | undefined>;

/**
 * Runs a V4 generate call through the route plan with failover, records it, and returns the result
 * with the generation id and `providerMetadata.gateway` (shared by the native and compatible APIs).
 * With `forward`, an attempt it serves comes back as the client's body instead (never with the response cache).
 */
export async function generateRouted(context: RequestContext, options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult>;
export async function generateRouted(context: RequestContext, options: LanguageModelV4CallOptions, forward: GenerateForwarder | undefined): Promise<LanguageModelV4GenerateResult | { forwarded: unknown }>;
export async function generateRouted(context: RequestContext, options: LanguageModelV4CallOptions, forward?: GenerateForwarder): Promise<LanguageModelV4GenerateResult | { forwarded: unknown }> {
  const { config, generationId } = context;
  const startedAt = Date.now();
  promptForLog(context, options);
  const cache = cachePlan(context, 'language', options, false);
  const hit = cache && (await context.responseCache.lookup(cache.key, cache.directives));
  if (hit) {
    const entry = decodeCached<CachedGenerate>(hit.body);
    context.recordGeneration({
      attempt: cachedAttempt(context, entry),
      usage: entry.result.usage,
      finishReason: entry.result.finishReason.unified,
      cost: 0,
      streamed: false,
      ...wholeAnswerTimes(startedAt),
      cacheHit: true,
      ...(context.call.storePrompts ? { completion: textOf(entry.result.content) } : {}),
    });
    const gateway = { cache: context.responseCache.hitMetadata(hit), cost: '0', marketCost: '0', generationId };
    return {
      ...entry.result,
      providerMetadata: withGatewayMetadata(entry.result.providerMetadata, gateway),
      response: { ...entry.result.response, id: generationId },
    };
  }
  const forwarder = cache ? undefined : forward;
  const execution = executionFor(context);
  const served = await execution.run(config.attemptTimeoutMs, async ({ attempt, signal }): Promise<LanguageModelV4GenerateResult | ForwardedAnswer> => {
    const upstream = upstreamLanguageModel(context.config, attempt);
    const forwarded = forwarder && (await forwarder(upstream, attempt, signal));
    if (forwarded) return forwarded;
    const model = convertedModel(upstream, attempt);
    return await model.doGenerate(attemptCall(context, model, options, signal));
  });
  const attempt = execution.finalAttempt!;
  const cost = languageModelCost(served.usage, attempt.pricing);
  context.recordGeneration({
    attempt,
    execution,
    usage: served.usage,
    finishReason: served.finishReason.unified,
    cost,
    streamed: false,
    ...wholeAnswerTimes(startedAt),
    ...(context.call.storePrompts ? { completion: 'body' in served ? served.text : textOf(served.content) } : {}),
  });
  if ('body' in served) return { forwarded: served.body(execution, cost) };
  const result = served;
  if (cache && result.finishReason.unified !== 'error') {
    const entry: CachedGenerate = {
      provider: attempt.provider,
      providerModel: attempt.providerModelId,
      result: {
        content: result.content,
        finishReason: result.finishReason,
        usage: result.usage,
        providerMetadata: withoutGatewayMetadata(result.providerMetadata),
        warnings: result.warnings,
        response: { modelId: result.response?.modelId, timestamp: result.response?.timestamp },
      },
    };
    context.responseCache.store(cache.key, encodeCached(entry), cache.directives);
  }
  return {
    ...result,
    providerMetadata: withGatewayMetadata(result.providerMetadata, gatewayMetadata(execution, cost, generationId)),
    response: { ...result.response, id: generationId },
  };
}

/**
 * Runs a V4 stream call through the route plan (failing over until the first token) and returns the
 * gateway's V4 parts: generation id, `providerMetadata.gateway` on finish, secrets scrubbed from errors.
 * They come one upstream part at a time, for a client API's encoder (sse-body.ts) to turn into its events.
 * With `forward`, an attempt it serves comes back as the client's body instead (never with the response cache,
 * which stores parts).
 */
export async function streamRouted(context: RequestContext, options: LanguageModelV4CallOptions): Promise<PartSource>;
export async function streamRouted(context: RequestContext, options: LanguageModelV4CallOptions, forward: StreamForwarder | undefined): Promise<PartSource | { forwarded: BodySource }>;
export async function streamRouted(context: RequestContext, options: LanguageModelV4CallOptions, forward?: StreamForwarder): Promise<PartSource | { forwarded: BodySource }> {
  const { config } = context;
  const startedAt = Date.now();
  promptForLog(context, options);
  const cache = cachePlan(context, 'language', options, true);
  const hit = cache && (await context.responseCache.lookup(cache.key, cache.directives));
  if (hit) return replayedPartSource(context, decodeCached<CachedStream>(hit.body), context.responseCache.hitMetadata(hit), startedAt);
  const forwarder = cache ? undefined : forward;
  const execution = executionFor(context);
  // The first-token timeout covers the whole wait: headers, then the first content part.
  const primed = await execution.run(config.firstTokenTimeoutMs, async ({ attempt, signal }) => {
    const attemptStart = Date.now();
    const upstream = upstreamLanguageModel(context.config, attempt);
    const forwarded = forwarder && (await forwarder(upstream, attempt, signal, attemptStart));
    if (forwarded) return forwarded;
    const model = convertedModel(upstream, attempt);
    const { stream } = await model.doStream(attemptCall(context, model, options, signal));
    return await primeStream(stream, signal, attemptStart);
  });
  if ('open' in primed) return { forwarded: primed.open(execution, startedAt) };
  return gatewayPartSource(context, execution, primed, startedAt, cache);
}

/** A cached stream played back as a new call: its own generation id, marked as a cache hit, costing nothing. */
function replayedPartSource(context: RequestContext, entry: CachedStream, cacheMetadata: ReturnType<typeof cacheHitMetadata>, startedAt: number): PartSource {
  const { generationId } = context;
  context.call.streamOpened(undefined);
  let index = 0;
  let completion = '';
  return {
    async read(emit) {
      const part = entry.parts[index++];
      if (!part) return true;
      if (part.type === 'text-delta') completion += part.delta;
      if (part.type === 'response-metadata') emit({ ...part, id: generationId });
      else if (part.type !== 'finish') emit(part);
      else {
        context.recordGeneration({
          attempt: cachedAttempt(context, entry),
          usage: part.usage,
          finishReason: part.finishReason.unified,
          cost: 0,
          streamed: true,
          ...wholeAnswerTimes(startedAt),
          cacheHit: true,
          ...(context.call.storePrompts ? { completion } : {}),
        });
        const gateway = { cache: cacheMetadata, cost: '0', marketCost: '0', generationId };
        emit({ ...part, providerMetadata: withGatewayMetadata(part.providerMetadata, gateway) });
      }
      return false;
    },
    async cancel() {
      context.call.cancelled();
    },
  };
}

function gatewayPartSource(
  context: RequestContext,
  execution: RouteExecution,
  primed: Awaited<ReturnType<typeof primeStream>>,
  startedAt: number,
  cache?: { key: string; directives: CacheDirectives },
): PartSource {
  const { generationId } = context;
  const attempt = execution.finalAttempt!;
  const { reader, head } = primed;
  const firstContentAt = Date.now();
  context.call.streamOpened(execution);
  // The upstream parts, kept for the response cache until the finish part (and only when caching).
  const captured: LanguageModelV4StreamPart[] | undefined = cache ? [] : undefined;
  const keepCompletion = context.call.storePrompts;
  let completion = '';
  let sawMetadata = false;
  let sawContent = false;
  let sawFinish = false;
  let sawError = false;
  let ended = false;

  const ensureMetadata = (emit: (part: LanguageModelV4StreamPart) => void) => {
    if (sawMetadata) return;
    sawMetadata = true;
    emit({ type: 'response-metadata', id: generationId });
  };
  const adapt = (part: LanguageModelV4StreamPart, emit: (part: LanguageModelV4StreamPart) => void): void => {
    captured?.push(part);
    if (keepCompletion && part.type === 'text-delta') completion += part.delta;
    switch (part.type) {
      // Most parts of a long stream: once content has started they pass as they are.
      case 'text-delta':
      case 'reasoning-delta':
      case 'tool-input-delta':
        if (sawContent) return emit(part);
        break;
      case 'stream-start':
      case 'raw':
      case 'ping':
        return emit(part);
      case 'response-metadata':
        sawMetadata = true;
        return emit({ ...part, id: generationId });
      case 'finish': {
        sawFinish = true;
        const cost = recordStreamFinish(context, execution, {
          usage: part.usage,
          finishReason: part.finishReason.unified,
          firstTokenMs: primed.firstTokenMs,
          firstContentAt,
          startedAt,
          completion: keepCompletion ? completion : undefined,
        });
        // Stored only now, with its finish part, and only when the stream went well.
        if (cache && captured && !sawError && part.finishReason.unified !== 'error') {
          context.responseCache.store(cache.key, encodeCached({ provider: attempt.provider, providerModel: attempt.providerModelId, parts: captured } satisfies CachedStream), cache.directives);
        }
        const metadata = withGatewayMetadata(part.providerMetadata, gatewayMetadata(execution, cost, generationId));
        ensureMetadata(emit);
        return emit({ ...part, providerMetadata: metadata });
      }
      case 'error':
        sawError = true;
        return emit({ type: 'error', error: wireStreamError(part.error, execution) });
    }
    // Custom parts are provider metadata (and V2/V3 clients never see them): the id waits for output.
    if (sawContent || part.type === 'custom') return emit(part);
    sawContent = true;
    // The generation id rides on the first content part, so clients can capture it early.
    const withId = 'providerMetadata' in part || part.type.endsWith('-delta') || part.type.endsWith('-start')
      ? { ...part, providerMetadata: withGatewayMetadata((part as { providerMetadata?: SharedV4ProviderMetadata }).providerMetadata, { generationId }) }
      : part;
    ensureMetadata(emit);
    emit(withId as LanguageModelV4StreamPart);
  };

  // Ends a stream whose upstream broke after content as providers end theirs: an error part, then a
  // finish part (reason 'error', usage unknown) that still carries providerMetadata.gateway.
  const failAfterContent = (emit: (part: LanguageModelV4StreamPart) => void, reason: string) => {
    // A provider that reported its own error part (Anthropic's) may end without finish: add only the finish.
    if (!sawError) {
      const message = execution.scrub(reason);
      emit({ type: 'error', error: { type: 'internal_server_error', message: `The provider stream failed after content was sent: ${message}` } });
    }
    adapt({ type: 'finish', finishReason: { unified: 'error', raw: undefined }, usage: UNKNOWN_USAGE }, emit);
  };

  // Upstream parts (V4) → gateway metadata added, handed on one by one.
  return {
    async read(emit) {
      if (ended) return true;
      if (head.length > 0) {
        for (const part of head.splice(0)) adapt(part, emit);
        return false;
      }
      try {
        const { done, value } = await reader.read();
        // Cancelled while waiting (the client left): nothing more to hand on or record.
        if (ended) return true;
        if (!done) {
          adapt(value, emit);
          return false;
        }
        if (!sawFinish) failAfterContent(emit, 'the stream ended before its finish part');
      } catch (error) {
        if (ended) return true;
        // Content already reached the client: report in band, never fail over.
        if (!sawFinish) failAfterContent(emit, error instanceof Error ? error.message : String(error));
      }
      ended = true;
      return true;
    },
    cancel(reason) {
      ended = true;
      // The client went away before the finish part: the call ends as cancelled.
      context.call.cancelled();
      return reader.cancel(reason);
    },
  };
}

/**
 * The end of a routed stream, converted or forwarded: the provider's speed measured (ttft, tokens per
 * second) and the call recorded in the usage log, limits and budgets. Returns what the call cost.
 */
export function recordStreamFinish(
  context: RequestContext,
  execution: RouteExecution,
  finish: { usage: LanguageModelV4Usage; finishReason: string; firstTokenMs: number; firstContentAt: number; startedAt: number; completion?: string },
): number {
  const attempt = execution.finalAttempt!;
  const cost = languageModelCost(finish.usage, attempt.pricing);
  context.stats.record(attempt.provider, { ttftMs: finish.firstTokenMs, outputTokens: finish.usage.outputTokens.total, streamMs: Date.now() - finish.firstContentAt });
  context.recordGeneration({
    attempt,
    execution,
    usage: finish.usage,
    finishReason: finish.finishReason,
    cost,
    streamed: true,
    latencyMs: finish.firstTokenMs,
    generationMs: Date.now() - finish.startedAt,
    ...(finish.completion !== undefined ? { completion: finish.completion } : {}),
  });
  return cost;
}

/** An in-band error as the protocol sends it: `{ message, type }`, scrubbed of request secrets. */
export function wireStreamError(error: unknown, execution?: RouteExecution): { message: string; type: string } {
  const record = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const message = typeof record.message === 'string' ? record.message : typeof error === 'string' ? error : 'The provider reported an error.';
  const type = typeof record.type === 'string' ? record.type : 'internal_server_error';
  return { message: execution ? execution.scrub(message) : message, type };
}
