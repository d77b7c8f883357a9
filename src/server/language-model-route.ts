import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
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
  const { request, config, version, plan, generationId } = context;
  const streaming = request.headers.get(LANGUAGE_MODEL_STREAMING_HEADER) === 'true';
  const { value: options, warnings } = languageCallFromWire(version, context.body);
  const execution = new RouteExecution(plan, request.signal);
  const callOptions = (attempt: RouteAttempt, signal: AbortSignal): LanguageModelV4CallOptions => ({
    ...options,
    // The upstream gets its own provider options and the call's signal, never the gateway's options.
    providerOptions: withoutGateway(options.providerOptions),
    headers: undefined,
    abortSignal: signal,
  });
  const modelFor = (attempt: RouteAttempt): LanguageModelV4 =>
    languageModelAsV4(upstreamModel(upstreamProvider(config, attempt), 'language', attempt));

  const startedAt = Date.now();
  if (!streaming) {
    const result: LanguageModelV4GenerateResult = await execution.run(async ({ attempt, signal, timeout }) => {
      const timer = timeout(config.attemptTimeoutMs);
      try {
        return await modelFor(attempt).doGenerate(callOptions(attempt, signal));
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
    const body = generateResultToWire(
      version,
      {
        ...result,
        providerMetadata: withGatewayMetadata(result.providerMetadata, gatewayMetadata(execution, cost, generationId)),
        response: { ...result.response, id: generationId },
      },
      warnings,
    );
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  }

  const primed = await execution.run(async ({ attempt, signal, timeout }) => {
    const attemptStart = Date.now();
    // The first-token timeout covers the whole wait: headers, then the first content part.
    const timer = timeout(config.firstTokenTimeoutMs);
    try {
      const { stream } = await modelFor(attempt).doStream(callOptions(attempt, signal));
      return await primeStream(stream, signal, attemptStart);
    } finally {
      timer.clear();
    }
  });
  return streamResponse(context, execution, primed, startedAt, warnings);
}

function withoutGateway(providerOptions: LanguageModelV4CallOptions['providerOptions']) {
  if (!providerOptions || !('gateway' in providerOptions)) return providerOptions;
  const { gateway: _gateway, ...rest } = providerOptions;
  return rest;
}

function streamResponse(
  context: RequestContext,
  execution: RouteExecution,
  primed: Awaited<ReturnType<typeof primeStream>>,
  startedAt: number,
  warnings: Parameters<typeof streamPartsToClientSpec>[1],
): Response {
  const { version, generationId } = context;
  const attempt = execution.finalAttempt!;
  const { reader, head } = primed;
  const firstContentAt = Date.now();
  let sawMetadata = false;
  let sawContent = false;
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
        if (sawContent || part.type === 'error') return [part];
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
            controller.close();
            return;
          }
          pending = [value];
        }
      } catch (error) {
        // Content already reached the client: report in band, never fail over.
        const message = execution.scrub(error instanceof Error ? error.message : String(error));
        controller.enqueue({ type: 'error', error: { type: 'internal_server_error', message: `The provider stream failed after content was sent: ${message}` } });
        controller.close();
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const encoder = new TextEncoder();
  const encodeError = (error: unknown) => wireStreamError(error, execution);
  const toClientSpec = streamPartsToClientSpec(version, warnings);
  const parts = gatewayParts.getReader();
  // Converted and encoded inside one pull: TransformStream stages cost several promises per part.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const { done, value } = await parts.read();
        if (done) return controller.close();
        let events = '';
        for (const part of toClientSpec(value)) events += encodeSseEvent(streamPartToWire(part, encodeError));
        if (events) return controller.enqueue(encoder.encode(events));
      }
    },
    cancel(reason) {
      return parts.cancel(reason);
    },
  });
  return new Response(body, { headers: SSE_HEADERS });
}

/** An in-band error as the protocol sends it: `{ message, type }`, scrubbed of request secrets. */
function wireStreamError(error: unknown, execution: RouteExecution): { message: string; type: string } {
  const record = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const message = typeof record.message === 'string' ? record.message : typeof error === 'string' ? error : 'The provider reported an error.';
  const type = typeof record.type === 'string' ? record.type : 'internal_server_error';
  return { message: execution.scrub(message), type };
}
