import type { ImageModelV4CallOptions, ImageModelV4Result } from '@ai-sdk/provider';
import { formatUsd } from './cost';
import { wholeAnswerTimes, type RequestContext } from './request-context';
import { executionFor } from './route-execution';
import { imageCallFromWire, imageModelAsV4, imageResultToWire } from './spec-bridge';
import { upstreamModel, upstreamProvider } from './upstream';
import { encodedJsonResponse } from './response-body';

/** POST {base}/image-model: generates `n` images with failover; images go back as base64. */
export async function handleImageModel(context: RequestContext): Promise<Response> {
  const { value: call, warnings } = imageCallFromWire(context.version, context.body);
  const result = await generateImagesThroughRoute(context, call);
  return encodedJsonResponse(imageResultToWire(context.version, result, warnings));
}

/** A V4 image call through the route plan with failover, recorded in the usage log, with `providerMetadata.gateway`. */
export async function generateImagesThroughRoute(context: RequestContext, call: ImageModelV4CallOptions): Promise<ImageModelV4Result> {
  const { config, generationId } = context;
  const execution = executionFor(context);
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
    ...wholeAnswerTimes(startedAt),
  });
  return {
    ...result,
    providerMetadata: {
      ...result.providerMetadata,
      gateway: { images: [], ...execution.routingMetadata(), cost: formatUsd(cost), generationId },
    },
  };
}
