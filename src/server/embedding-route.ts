import type { EmbeddingModelV4CallOptions, EmbeddingModelV4Result } from '@ai-sdk/provider';
import { formatUsd } from './cost';
import type { RequestContext } from './request-context';
import { RouteExecution } from './route-execution';
import { embeddingCallFromWire, embeddingResultToWire, embeddingModelAsV4 } from './spec-bridge';
import { upstreamModel, upstreamProvider } from './upstream';

/** POST {base}/embedding-model: embeds `values` (or V2's `input`) with failover. */
export async function handleEmbeddingModel(context: RequestContext): Promise<Response> {
  const { value: call, warnings } = embeddingCallFromWire(context.version, context.body);
  const result = await embedThroughRoute(context, call);
  return new Response(embeddingResultToWire(context.version, result, warnings), { headers: { 'content-type': 'application/json' } });
}

/** A V4 embed call through the route plan with failover, recorded in the usage log, with `providerMetadata.gateway`. */
export async function embedThroughRoute(context: RequestContext, call: EmbeddingModelV4CallOptions): Promise<EmbeddingModelV4Result> {
  const { request, config, plan, generationId } = context;
  const execution = new RouteExecution(plan, request.signal, config.secrets);
  const startedAt = Date.now();
  const result = await execution.run(config.attemptTimeoutMs, async ({ attempt, signal }) => {
    const model = embeddingModelAsV4(upstreamModel(upstreamProvider(config, attempt), 'embedding', attempt));
    return await model.doEmbed({ ...call, headers: undefined, abortSignal: signal });
  });
  const attempt = execution.finalAttempt!;
  const tokens = result.usage?.tokens ?? 0;
  const cost = tokens * Number(attempt.pricing?.input ?? 0);
  context.recordGeneration({
    attempt,
    execution,
    usage: { inputTokens: { total: tokens, noCache: tokens, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 0, text: 0, reasoning: undefined } },
    finishReason: 'stop',
    cost,
    streamed: false,
    latencyMs: Date.now() - startedAt,
    generationMs: Date.now() - startedAt,
  });
  return {
    ...result,
    providerMetadata: {
      ...result.providerMetadata,
      gateway: { routing: execution.routingSummary(), cost: formatUsd(cost), generationId },
    },
  };
}
