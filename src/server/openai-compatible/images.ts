import { type ImageModelV4CallOptions, type ImageModelV4Result, type JSONObject, type JSONValue, type SharedV4ProviderOptions } from '@ai-sdk/provider';
import { convertUint8ArrayToBase64 } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { GatewayServerError } from '../../errors/gateway-server-error';
import { generateImagesThroughRoute } from '../image-route';
import type { RequestContext } from '../request-context';
import type { RoutingOptions } from '../routing';
import { jsonResponse } from '../response-body';

// Loose: OpenAI clients may send fields this gateway does not use; they are ignored.
export const imageGenerationRequestSchema = z.looseObject({
  model: z.string().min(1),
  prompt: z.string().min(1),
  n: z.number().int().min(1).max(10).nullish(),
  size: z.union([z.literal('auto'), z.string().regex(/^\d+x\d+$/, 'must be `auto` or `<width>x<height>`, e.g. 1024x1024')]).nullish(),
  response_format: z.enum(['url', 'b64_json']).nullish(),
  stream: z.boolean().nullish(),
  quality: z.string().nullish(),
  style: z.string().nullish(),
  background: z.string().nullish(),
  moderation: z.string().nullish(),
  output_format: z.string().nullish(),
  output_compression: z.number().nullish(),
  user: z.string().nullish(),
  providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).nullish(),
  models: z.array(z.string()).nullish(),
});

export interface ImageGenerationCall {
  modelId: string;
  callOptions: ImageModelV4CallOptions;
  routing: RoutingOptions & Record<string, unknown>;
}

// A server error rather than InvalidArgumentError, so the 400 names the field in OpenAI's `param`.
const invalid = (param: string, message: string) => new GatewayServerError({ status: 400, type: 'invalid_request_error', message, param });

/** OpenAI's image options that @ai-sdk/openai reads from `providerOptions.openai`, by their wire names. */
const OPENAI_IMAGE_OPTIONS = {
  quality: 'quality',
  style: 'style',
  background: 'background',
  moderation: 'moderation',
  output_format: 'outputFormat',
  output_compression: 'outputCompression',
  user: 'user',
} as const;

/** An OpenAI images/generations body → the V4 image call and routing options. Pure. */
export function imageGenerationRequestToCall(body: unknown): ImageGenerationCall {
  const parsed = imageGenerationRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.') || 'body';
    throw invalid(path, `Invalid images request at \`${path}\`: ${issue.message}. Send { model, prompt, n?, size? }.`);
  }
  const request = parsed.data;
  if (request.response_format === 'url') {
    throw invalid(
      'response_format',
      'This gateway returns generated images inline only: `response_format: "url"` is not supported. Send `response_format: "b64_json"` or leave it out, and read `data[].b64_json`.',
    );
  }
  if (request.stream) {
    throw invalid('stream', 'Streaming image generation (`stream: true`) is not supported by this gateway; leave `stream` out to get all images in one response.');
  }
  const { gateway = {}, ...upstreamOptions } = request.providerOptions ?? {};
  const routing = (request.models && !gateway.models ? { ...gateway, models: request.models } : gateway) as RoutingOptions & Record<string, unknown>;
  // OpenAI's own fields go where the OpenAI image model reads them; explicit providerOptions.openai wins.
  const openaiFields = Object.fromEntries(
    Object.entries(OPENAI_IMAGE_OPTIONS).flatMap(([wire, option]) => {
      const value = request[wire as keyof typeof OPENAI_IMAGE_OPTIONS];
      return value == null ? [] : [[option, value]];
    }),
  );
  const providerOptions: Record<string, Record<string, unknown>> = { ...upstreamOptions };
  if (Object.keys(openaiFields).length) providerOptions.openai = { ...openaiFields, ...upstreamOptions.openai };
  return {
    modelId: request.model,
    callOptions: {
      prompt: request.prompt,
      n: request.n ?? 1,
      size: request.size == null || request.size === 'auto' ? undefined : (request.size as `${number}x${number}`),
      aspectRatio: undefined,
      seed: undefined,
      files: undefined,
      mask: undefined,
      providerOptions: providerOptions as SharedV4ProviderOptions,
    },
    routing,
  };
}

const isJsonObject = (value: JSONValue | undefined): value is JSONObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The per-image metadata an upstream put under `providerMetadata.<provider>.images[i]`, if any. */
function imageMetadata(result: ImageModelV4Result, index: number): Readonly<JSONObject> {
  for (const [provider, metadata] of Object.entries(result.providerMetadata ?? {})) {
    if (provider === 'gateway') continue;
    const entry = metadata.images[index];
    if (isJsonObject(entry)) return entry;
  }
  return {};
}

/** A V4 image result → OpenAI's `{ created, data: [{ b64_json }], usage? }` plus `providerMetadata`. Pure. */
export function imageGenerationResponseFromResult(result: ImageModelV4Result, created: number) {
  const usage = result.usage;
  const first = imageMetadata(result, 0);
  return {
    created,
    data: result.images.map((image, index) => {
      const revisedPrompt = imageMetadata(result, index).revisedPrompt;
      return {
        b64_json: typeof image === 'string' ? image : convertUint8ArrayToBase64(image),
        ...(typeof revisedPrompt === 'string' ? { revised_prompt: revisedPrompt } : {}),
      };
    }),
    ...(typeof first.size === 'string' ? { size: first.size } : {}),
    ...(typeof first.quality === 'string' ? { quality: first.quality } : {}),
    ...(typeof first.background === 'string' ? { background: first.background } : {}),
    ...(typeof first.outputFormat === 'string' ? { output_format: first.outputFormat } : {}),
    ...(usage && (usage.inputTokens !== undefined || usage.outputTokens !== undefined)
      ? {
          usage: {
            input_tokens: usage.inputTokens ?? 0,
            output_tokens: usage.outputTokens ?? 0,
            total_tokens: usage.totalTokens ?? (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0),
          },
        }
      : {}),
    ...(result.providerMetadata ? { providerMetadata: result.providerMetadata } : {}),
  };
}

/** POST /v1/images/generations through the gateway's image routing, failover and usage log. */
export async function handleOpenAIImageGeneration(context: RequestContext, call: ImageGenerationCall): Promise<Response> {
  const result = await generateImagesThroughRoute(context, call.callOptions);
  return jsonResponse(imageGenerationResponseFromResult(result, Math.floor(Date.now() / 1000)));
}
