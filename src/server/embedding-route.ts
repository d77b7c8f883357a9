import type { EmbeddingModelV4CallOptions, EmbeddingModelV4Result, LanguageModelV4Usage } from '@ai-sdk/provider';
import { formatUsd } from './cost';
import { cachedAttempt, cachePlan, withoutGatewayMetadata } from './governance/cache-plan';
import { decodeCached, encodeCached } from './governance/response-cache';
import { wholeAnswerTimes, type RequestContext } from './request-context';
import { executionFor } from './route-execution';
import { embeddingCallFromWire, embeddingResultToWire, embeddingModelAsV4 } from './spec-bridge';
import { upstreamModel, upstreamProvider } from './upstream';
import { encodedJsonAnswer } from './response-body';

/** POST {base}/embedding-model: embeds `values` (or V2's `input`) with failover. */
export async function handleEmbeddingModel(context: RequestContext): Promise<Response> {
  const { value: call, warnings } = embeddingCallFromWire(context.version, context.body);
  const result = await embedThroughRoute(context, call);
  return encodedJsonAnswer(context.request, embeddingResultToWire(context.version, result, warnings));
}

/** What a cached embedding answer keeps: the vectors, usage and provider metadata, and who served them. */
interface CachedEmbedding {
  provider: string;
  providerModel: string;
  result: Pick<EmbeddingModelV4Result, 'embeddings' | 'usage' | 'providerMetadata' | 'warnings'>;
}

const embeddingUsage = (tokens: number): LanguageModelV4Usage => ({
  inputTokens: { total: tokens, noCache: tokens, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 0, text: 0, reasoning: undefined },
});

/**
 * A V4 embed call through the route plan with failover, recorded in the usage log, with
 * `providerMetadata.gateway`; answered from the response cache when `cacheControl` asks for it.
 */
export async function embedThroughRoute(context: RequestContext, call: EmbeddingModelV4CallOptions): Promise<EmbeddingModelV4Result> {
  const { config, generationId } = context;
  const startedAt = Date.now();
  const cache = cachePlan(context, 'embedding', call, false);
  const hit = cache && (await context.responseCache.lookup(cache.key, cache.directives));
  if (hit) {
    const entry = decodeCached<CachedEmbedding>(hit.body);
    context.recordGeneration({
      attempt: cachedAttempt(context, entry),
      usage: embeddingUsage(entry.result.usage?.tokens ?? 0),
      finishReason: 'stop',
      cost: 0,
      streamed: false,
      ...wholeAnswerTimes(startedAt),
      cacheHit: true,
    });
    return {
      ...entry.result,
      warnings: entry.result.warnings ?? [],
      providerMetadata: { ...entry.result.providerMetadata, gateway: { cache: context.responseCache.hitMetadata(hit), cost: '0', generationId } },
    };
  }
  const execution = executionFor(context);
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
    usage: embeddingUsage(tokens),
    finishReason: 'stop',
    cost,
    streamed: false,
    ...wholeAnswerTimes(startedAt),
  });
  if (cache) {
    const entry: CachedEmbedding = {
      provider: attempt.provider,
      providerModel: attempt.providerModelId,
      result: { embeddings: result.embeddings, usage: result.usage, providerMetadata: withoutGatewayMetadata(result.providerMetadata), warnings: result.warnings },
    };
    context.responseCache.store(cache.key, encodeCached(entry), cache.directives);
  }
  return {
    ...result,
    providerMetadata: {
      ...result.providerMetadata,
      gateway: { ...execution.routingMetadata(), cost: formatUsd(cost), generationId },
    },
  };
}
