import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
  SharedV4ProviderMetadata,
} from '@ai-sdk/provider';
import { formatUsd, languageModelCost } from './cost';
import type { RequestContext } from './request-context';
import type { RouteAttempt } from './routing';
import { RouteExecution } from './route-execution';
import { generateResultToWire, languageCallFromWire, languageModelAsV4, streamPartsToClientSpec, streamPartToWire } from './spec-bridge';
import { encodeSseEvent, SSE_HEADERS } from '../protocol/sse';
import { LANGUAGE_MODEL_STREAMING_HEADER } from '../protocol/wire';
import { primeStream } from './stream-priming';
import { upstreamModel, upstreamProvider } from './upstream';

type JsonObject = Record<string, unknown>;

const UNKNOWN_USAGE: LanguageModelV4Usage = {
  inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
};

function gatewayMetadata(execution: RouteExecution, cost: number, generationId: string) {
  return {
    routing: execution.routingSummary(),
    cost: formatUsd(cost),
    marketCost: formatUsd(cost),
    generationId,
  };
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
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  }
  const parts = (await streamRouted(context, options)).getReader();
  const encoder = new TextEncoder();
  const toClientSpec = streamPartsToClientSpec(version, warnings);
  // Converted and encoded inside one pull: TransformStream stages cost several promises per part.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const { done, value } = await parts.read();
        if (done) return controller.close();
        let events = '';
        for (const part of toClientSpec(value)) events += encodeSseEvent(streamPartToWire(part, wireStreamError));
        if (events) return controller.enqueue(encoder.encode(events));
      }
    },
    cancel(reason) {
      return parts.cancel(reason);
    },
  });
  return new Response(body, { headers: SSE_HEADERS });
}

/** The upstream call for one attempt: the upstream gets its own provider options and the call's signal, never the gateway's options. */
function attemptCall(options: LanguageModelV4CallOptions, signal: AbortSignal): LanguageModelV4CallOptions {
  return { ...options, providerOptions: withoutGateway(options.providerOptions), headers: undefined, abortSignal: signal };
}

const modelFor = (context: RequestContext, attempt: RouteAttempt): LanguageModelV4 =>
  languageModelAsV4(upstreamModel(upstreamProvider(context.config, attempt), 'language', attempt));

/**
 * Runs a V4 generate call through the route plan with failover, records it, and returns the result
 * with the generation id and `providerMetadata.gateway` (shared by the native and compatible APIs).
 */
export async function generateRouted(context: RequestContext, options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
  const { request, config, plan, generationId } = context;
  const execution = new RouteExecution(plan, request.signal, config.secrets);
  const startedAt = Date.now();
  const result: LanguageModelV4GenerateResult = await execution.run(async ({ attempt, signal, timeout }) => {
    const timer = timeout(config.attemptTimeoutMs);
    try {
      return await modelFor(context, attempt).doGenerate(attemptCall(options, signal));
    } finally {
      timer.clear();
    }
  });
  const attempt = execution.finalAttempt!;
  const cost = languageModelCost(result.usage, attempt.pricing);
  context.recordGeneration({
    attempt,
    execution,
    usage: result.usage,
    finishReason: result.finishReason.unified,
    cost,
    streamed: false,
    latencyMs: Date.now() - startedAt,
    generationMs: Date.now() - startedAt,
  });
  return {
    ...result,
    providerMetadata: withGatewayMetadata(result.providerMetadata, gatewayMetadata(execution, cost, generationId)),
    response: { ...result.response, id: generationId },
  };
}

/**
 * Runs a V4 stream call through the route plan (failing over until the first token) and returns the
 * gateway's V4 parts: generation id, `providerMetadata.gateway` on finish, secrets scrubbed from errors.
 */
export async function streamRouted(context: RequestContext, options: LanguageModelV4CallOptions): Promise<ReadableStream<LanguageModelV4StreamPart>> {
  const { request, config, plan } = context;
  const execution = new RouteExecution(plan, request.signal, config.secrets);
  const startedAt = Date.now();
  const primed = await execution.run(async ({ attempt, signal, timeout }) => {
    const attemptStart = Date.now();
    // The first-token timeout covers the whole wait: headers, then the first content part.
    const timer = timeout(config.firstTokenTimeoutMs);
    try {
      const { stream } = await modelFor(context, attempt).doStream(attemptCall(options, signal));
      return await primeStream(stream, signal, attemptStart);
    } finally {
      timer.clear();
    }
  });
  return gatewayPartStream(context, execution, primed, startedAt);
}

function withoutGateway(providerOptions: LanguageModelV4CallOptions['providerOptions']) {
  if (!providerOptions || !('gateway' in providerOptions)) return providerOptions;
  const { gateway: _gateway, ...rest } = providerOptions;
  return rest;
}

function gatewayPartStream(
  context: RequestContext,
  execution: RouteExecution,
  primed: Awaited<ReturnType<typeof primeStream>>,
  startedAt: number,
): ReadableStream<LanguageModelV4StreamPart> {
  const { generationId } = context;
  const attempt = execution.finalAttempt!;
  const { reader, head } = primed;
  const firstContentAt = Date.now();
  context.call.streamOpened(execution);
  let sawMetadata = false;
  let sawContent = false;
  let sawFinish = false;
  let sawError = false;
  let pending = [...head];

  const adapt = (part: LanguageModelV4StreamPart): LanguageModelV4StreamPart[] => {
    switch (part.type) {
      case 'stream-start':
      case 'raw':
      case 'ping':
        return [part];
      case 'response-metadata':
        sawMetadata = true;
        return [{ ...part, id: generationId }];
      case 'finish': {
        sawFinish = true;
        const cost = languageModelCost(part.usage, attempt.pricing);
        context.stats.record(attempt.provider, {
          ttftMs: primed.firstTokenMs,
          outputTokens: part.usage.outputTokens.total,
          streamMs: Date.now() - firstContentAt,
        });
        context.recordGeneration({
          attempt,
          execution,
          usage: part.usage,
          finishReason: part.finishReason.unified,
          cost,
          streamed: true,
          latencyMs: primed.firstTokenMs,
          generationMs: Date.now() - startedAt,
        });
        const metadata = withGatewayMetadata(part.providerMetadata, gatewayMetadata(execution, cost, generationId));
        return [...ensureMetadata(), { ...part, providerMetadata: metadata }];
      }
      default: {
        if (part.type === 'error') {
          sawError = true;
          return [{ type: 'error', error: wireStreamError(part.error, execution) }];
        }
        // Custom parts are provider metadata (and V2/V3 clients never see them): the id waits for output.
        if (sawContent || part.type === 'custom') return [part];
        sawContent = true;
        // The generation id rides on the first content part, so clients can capture it early.
        const withId = 'providerMetadata' in part || part.type.endsWith('-delta') || part.type.endsWith('-start')
          ? { ...part, providerMetadata: withGatewayMetadata((part as { providerMetadata?: SharedV4ProviderMetadata }).providerMetadata, { generationId }) }
          : part;
        return [...ensureMetadata(), withId as LanguageModelV4StreamPart];
      }
    }
  };
  const ensureMetadata = (): LanguageModelV4StreamPart[] => {
    if (sawMetadata) return [];
    sawMetadata = true;
    return [{ type: 'response-metadata', id: generationId }];
  };

  // Ends a stream whose upstream broke after content as providers end theirs: an error part, then a
  // finish part (reason 'error', usage unknown) that still carries providerMetadata.gateway.
  const failAfterContent = (controller: ReadableStreamDefaultController<LanguageModelV4StreamPart>, reason: string) => {
    // A provider that reported its own error part (Anthropic's) may end without finish: add only the finish.
    if (!sawError) {
      const message = execution.scrub(reason);
      controller.enqueue({ type: 'error', error: { type: 'internal_server_error', message: `The provider stream failed after content was sent: ${message}` } });
    }
    for (const out of adapt({ type: 'finish', finishReason: { unified: 'error', raw: undefined }, usage: UNKNOWN_USAGE })) controller.enqueue(out);
  };

  // Upstream parts (V4) → gateway metadata added → the client's spec version → SSE bytes.
  const gatewayParts = new ReadableStream<LanguageModelV4StreamPart>({
    async pull(controller) {
      try {
        for (;;) {
          if (pending.length > 0) {
            for (const part of pending.splice(0)) for (const out of adapt(part)) controller.enqueue(out);
            return;
          }
          const { done, value } = await reader.read();
          if (done) {
            if (!sawFinish) failAfterContent(controller, 'the stream ended before its finish part');
            controller.close();
            return;
          }
          pending = [value];
        }
      } catch (error) {
        // Content already reached the client: report in band, never fail over.
        if (!sawFinish) failAfterContent(controller, error instanceof Error ? error.message : String(error));
        controller.close();
      }
    },
    cancel(reason) {
      // The client went away before the finish part: the call ends as cancelled.
      context.call.cancelled();
      return reader.cancel(reason);
    },
  });
  return gatewayParts;
}

/** An in-band error as the protocol sends it: `{ message, type }`, scrubbed of request secrets. */
export function wireStreamError(error: unknown, execution?: RouteExecution): { message: string; type: string } {
  const record = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const message = typeof record.message === 'string' ? record.message : typeof error === 'string' ? error : 'The provider reported an error.';
  const type = typeof record.type === 'string' ? record.type : 'internal_server_error';
  return { message: execution ? execution.scrub(message) : message, type };
}
