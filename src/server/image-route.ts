import { formatUsd } from './cost';
import type { RequestContext } from './request-context';
import { RouteExecution } from './route-execution';
import { imageCallFromWire, imageModelAsV4, imageResultToWire } from './spec-bridge';
import { upstreamModel, upstreamProvider } from './upstream';

/** POST {base}/image-model: generates `n` images with failover; images go back as base64. */
export async function handleImageModel(context: RequestContext): Promise<Response> {
  const { request, config, version, plan, generationId } = context;
  const { value: call, warnings } = imageCallFromWire(version, context.body);
  const execution = new RouteExecution(plan, request.signal, config.secrets);
  const startedAt = Date.now();
  const result = await execution.run(config.attemptTimeoutMs, async ({ attempt, signal }) => {
    const model = imageModelAsV4(upstreamModel(upstreamProvider(config, attempt), 'image', attempt));
    return await model.doGenerate({ ...call, headers: undefined, abortSignal: signal });
  });
  const attempt = execution.finalAttempt!;
  const cost = result.images.length * Number(attempt.pricing?.image ?? 0);
  context.recordGeneration({
    attempt,
    execution,
    usage: undefined,
    finishReason: 'stop',
    cost,
    streamed: false,
    latencyMs: Date.now() - startedAt,
    generationMs: Date.now() - startedAt,
  });
  return new Response(
    imageResultToWire(version, {
      ...result,
      providerMetadata: {
        ...result.providerMetadata,
        gateway: { images: [], routing: execution.routingSummary(), cost: formatUsd(cost), generationId },
      },
    }, warnings),
    { headers: { 'content-type': 'application/json' } },
  );
}
