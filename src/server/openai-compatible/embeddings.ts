import { InvalidArgumentError, type EmbeddingModelV4CallOptions, type EmbeddingModelV4Result, type SharedV4ProviderOptions } from '@ai-sdk/provider';
import { z } from 'zod/v4';
import { embedThroughRoute } from '../embedding-route';
import type { RequestContext } from '../request-context';
import type { RoutingOptions } from '../routing';
import { jsonAnswer } from '../response-body';

export const embeddingRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).min(1)]),
  dimensions: z.number().int().positive().nullish(),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).nullish(),
  models: z.array(z.string()).nullish(),
});

export interface EmbeddingCall {
  modelId: string;
  callOptions: EmbeddingModelV4CallOptions;
  routing: RoutingOptions & Record<string, unknown>;
  base64: boolean;
}

/** An OpenAI embeddings body → the V4 embed call and routing options. Pure. */
export function embeddingRequestToCall(body: unknown): EmbeddingCall {
  const parsed = embeddingRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.') || 'body';
    throw new InvalidArgumentError({ argument: path, message: `Invalid embeddings request at \`${path}\`: ${issue.message}. Send { model, input: string | string[], dimensions? }.` });
  }
  const request = parsed.data;
  const { gateway = {}, ...upstreamOptions } = request.providerOptions ?? {};
  const routing = (request.models && !gateway.models ? { ...gateway, models: request.models } : gateway) as RoutingOptions & Record<string, unknown>;
  return {
    modelId: request.model,
    callOptions: {
      values: typeof request.input === 'string' ? [request.input] : request.input,
      ...(request.dimensions != null ? { dimensions: request.dimensions } : {}),
      ...(Object.keys(upstreamOptions).length ? { providerOptions: upstreamOptions as SharedV4ProviderOptions } : {}),
    },
    routing,
    base64: request.encoding_format === 'base64',
  };
}

/** Float32 little-endian bytes, base64, as OpenAI sends `encoding_format: 'base64'`. */
function base64Floats(values: number[]): string {
  const bytes = new Uint8Array(new Float32Array(values).buffer);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A V4 embed result → OpenAI's `{ object: 'list', data, model, usage }` plus `providerMetadata`. Pure. */
export function embeddingResponseFromResult(result: EmbeddingModelV4Result, model: string, base64: boolean) {
  const tokens = result.usage?.tokens ?? 0;
  return {
    object: 'list' as const,
    data: result.embeddings.map((embedding, index) => ({
      object: 'embedding' as const,
      index,
      embedding: base64 ? base64Floats(embedding) : embedding,
    })),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
    ...(result.providerMetadata ? { providerMetadata: result.providerMetadata } : {}),
  };
}

/** POST /v1/embeddings through the gateway's routing, failover and usage log. */
export async function handleOpenAIEmbeddings(context: RequestContext, call: EmbeddingCall): Promise<Response> {
  const result = await embedThroughRoute(context, call.callOptions);
  return jsonAnswer(context.request, embeddingResponseFromResult(result, call.modelId, call.base64));
}
