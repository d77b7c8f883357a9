import type { LanguageModelV4Usage } from '@ai-sdk/provider';
import { GatewayServerError } from '../../errors/gateway-server-error';
import type { ResolvedModel, ResolvedServerConfig } from '../config';
import type { RoutingOptions } from '../routing';
import { catalogPricing } from '../catalog-route';
import { jsonResponse } from '../response-body';

/** The OpenAI-compatible endpoints, beside the native /v1/ai protocol. */
export const OPENAI_PATHS = {
  chat: '/v1/chat/completions',
  embeddings: '/v1/embeddings',
  models: '/v1/models',
  images: '/v1/images/generations',
  responses: '/v1/responses',
} as const;

/** `/v1/responses/{id}` and below (retrieve, delete, input items): the gateway keeps no responses to serve there. */
export const isStoredResponsePath = (pathname: string) => pathname.startsWith(`${OPENAI_PATHS.responses}/`);

/** OpenAI's error body `{ error: { message, type, param, code } }`: param a field name, code a short reason. */
export function openAIErrorResponse(error: GatewayServerError, generationId?: string): Response {
  const param = typeof error.param === 'string' ? error.param : error.type === 'model_not_found' ? 'model' : null;
  const code = error.code ?? (error.type === 'model_not_found' ? 'model_not_found' : null);
  const headers: Record<string, string> = {};
  if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
  return jsonResponse(
    { error: { message: error.message, type: error.type, param, code }, ...(generationId ? { generationId } : {}) },
    { status: error.status, headers },
  );
}

/**
 * The routing options of an OpenAI-API body: its `providerOptions.gateway`, and where those leave them unset,
 * the body's top-level `models` (fallback models) and its `service_tier` when it is a tier the gateway
 * translates (`'flex'`, `'priority'`: the gateway's `serviceTier`). Pure.
 */
export function openAIRouting(
  gateway: RoutingOptions & Record<string, unknown>,
  body: { models?: string[] | null; service_tier?: string | null },
): RoutingOptions & Record<string, unknown> {
  const models = !gateway.models ? body.models : undefined;
  const serviceTier = gateway.serviceTier === undefined && (body.service_tier === 'flex' || body.service_tier === 'priority') ? body.service_tier : undefined;
  if (!models && !serviceTier) return gateway;
  return { ...gateway, ...(models ? { models } : {}), ...(serviceTier ? { serviceTier } : {}) };
}

/** How many of a model's providers something holds for, as the hosted list says it. */
const share = (count: number, total: number) => (count === 0 ? 'none' : count === total ? 'all' : 'some');

/**
 * GET /v1/models: every configured model in OpenAI's list shape, with what the hosted gateway's list adds
 * and the config states: description, the first provider's pricing (as the catalog shows it), tags (the
 * capabilities its providers state) and `zdr` / `no_training` (whether all, some or none of its providers
 * have a stated zero-data-retention agreement, or do not train on prompts). Public, as on the hosted gateway.
 */
export function openAIModelList(config: ResolvedServerConfig): Response {
  return jsonResponse({ object: 'list', data: [...config.models.values()].map((model) => openAIModelEntry(config, model)) });
}

/** One model as the OpenAI-format list and `GET /v1/models/{id}` show it. Pure. */
function openAIModelEntry(config: ResolvedServerConfig, model: ResolvedModel) {
  const pricing = catalogPricing(model.endpoints[0]!.pricing);
  const tags = [...new Set(model.endpoints.flatMap((endpoint) => endpoint.capabilities ?? []))];
  const terms = model.endpoints.map((endpoint) => config.compliance.get(endpoint.provider));
  return {
    id: model.id,
    object: 'model' as const,
    // The config has no release dates; 0 says "unknown" in OpenAI's Unix-seconds field.
    created: 0,
    owned_by: model.id.split('/')[0]!,
    name: model.name,
    type: model.type,
    ...(model.description ? { description: model.description } : {}),
    ...(pricing ? { pricing } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    zdr: share(terms.filter((term) => term?.zeroDataRetention === true).length, terms.length),
    no_training: share(terms.filter((term) => term?.trainsOnPrompts === false).length, terms.length),
  };
}

/** `/v1/models/{creator}/{model}` and `…/endpoints`: the model id and which of the two, or undefined for other paths. Pure. */
function decodedModelPath(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new GatewayServerError({
      status: 400,
      type: 'invalid_request_error',
      message: `The model id in the path '${encoded}' has a malformed percent escape; encode it with encodeURIComponent (a '%' is '%25').`,
      param: 'model',
    });
  }
}

export function modelDetailPath(pathname: string, models: ReadonlyMap<string, unknown>): { modelId: string; endpoints: boolean } | undefined {
  const prefix = `${OPENAI_PATHS.models}/`;
  if (!pathname.startsWith(prefix)) return undefined;
  const rest = decodedModelPath(pathname.slice(prefix.length));
  // A model id may itself end in "/endpoints"; a configured id wins.
  if (rest.endsWith('/endpoints') && !models.has(rest)) return { modelId: rest.slice(0, -'/endpoints'.length), endpoints: true };
  return { modelId: rest, endpoints: false };
}

/**
 * GET /v1/models/{creator}/{model}: the model as the list shows it. With `/endpoints`, as the hosted gateway
 * answers: `{ data: { id, name, description?, endpoints } }`, one endpoint per provider in routing order with
 * its `provider_name`, `pricing` (`prompt`, `completion`, cache reads and writes, per token) and `tags`
 * (its stated capabilities); live uptime and latency figures are not kept. 404 `model_not_found` otherwise.
 */
export function openAIModelDetail(config: ResolvedServerConfig, modelId: string, endpoints: boolean): Response {
  const model = config.models.get(modelId);
  if (!model) throw new GatewayServerError({ status: 404, type: 'model_not_found', message: `Model '${modelId}' not found.`, param: { modelId } });
  if (!endpoints) return jsonResponse(openAIModelEntry(config, model));
  return jsonResponse({
    data: {
      id: model.id,
      name: model.name,
      ...(model.description ? { description: model.description } : {}),
      endpoints: model.endpoints.map((endpoint) => {
        const price = endpoint.pricing;
        const pricing = Object.fromEntries(
          (
            [
              ['prompt', price?.input],
              ['completion', price?.output],
              ['input_cache_read', price?.input_cache_read],
              ['input_cache_write', price?.input_cache_write],
              ['image', price?.image],
            ] as const
          ).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])),
        );
        return {
          provider_name: endpoint.provider,
          pricing,
          tags: [...(endpoint.capabilities ?? []), ...(endpoint.quantization ? [`quantization:${endpoint.quantization}`] : [])],
        };
      }),
    },
  });
}

/** OpenAI's token counts (cached tokens inside input, reasoning tokens inside output; Chat and Responses alike) → V4 usage. Pure. */
export function usageFromOpenAICounts(counts: { input?: number; cached?: number; output?: number; reasoning?: number }): LanguageModelV4Usage {
  const { input, cached, output, reasoning } = counts;
  return {
    inputTokens: { total: input, noCache: input === undefined ? undefined : input - (cached ?? 0), cacheRead: cached, cacheWrite: undefined },
    outputTokens: { total: output, text: output === undefined ? undefined : output - (reasoning ?? 0), reasoning },
  };
}
