import { GatewayServerError } from '../errors/gateway-server-error';
import type { ModelPricing, ResolvedModel, ResolvedServerConfig } from './config';
import type { ProviderStats } from './provider-stats';

/** The routing options of `providerOptions.gateway` that the planner reads. */
export interface RoutingOptions {
  only?: string[];
  order?: string[];
  models?: string[];
  sort?: 'cost' | 'ttft' | 'tps';
  byok?: Record<string, Array<Record<string, unknown>>>;
}

/** A client's own upstream credential from its request headers (Claude Max mode), with the header it came in. */
export interface ClientCredential {
  header: 'authorization' | 'x-api-key';
  token: string;
}

/** One planned call to one provider, with one credential. */
export interface RouteAttempt {
  /** The gateway model id this attempt serves (the primary or a `models` fallback). */
  modelId: string;
  provider: string;
  providerModelId: string;
  pricing?: ModelPricing;
  credentialType: 'system' | 'byok';
  /** The BYOK credential; never logged or echoed. */
  credential?: Record<string, unknown>;
  /**
   * Claude Max mode: the client's own credential, sent to the provider in place of its key (credential type
   * `byok`); never logged or echoed. Such an attempt is only ever forwarded (forwarding.ts).
   */
  clientCredential?: ClientCredential;
}

export interface RoutePlan {
  originalModelId: string;
  /** The primary model, then each `models` fallback, each with its provider attempts in order. */
  models: Array<{ model: ResolvedModel; attempts: RouteAttempt[] }>;
  /** Providers after the first one for the primary model. */
  fallbacksAvailable: string[];
  planningReasoning: string;
}

const price = (value: string | number | undefined) => (value === undefined ? Number.POSITIVE_INFINITY : Number(value));

/** Ranks a model's providers: `only` filters, then `order` promotes, then `sort` ranks the rest. */
export function rankProviders(
  model: ResolvedModel,
  options: RoutingOptions,
  stats: ProviderStats,
): ResolvedModel['endpoints'] {
  let endpoints = model.endpoints;
  if (options.only) endpoints = endpoints.filter((endpoint) => options.only!.includes(endpoint.provider));
  if (options.sort) {
    const key =
      options.sort === 'cost'
        ? (endpoint: ResolvedModel['endpoints'][number]) => price(endpoint.pricing?.input)
        : options.sort === 'ttft'
          ? (endpoint: ResolvedModel['endpoints'][number]) => stats.medianTtft(endpoint.provider) ?? Number.POSITIVE_INFINITY
          : (endpoint: ResolvedModel['endpoints'][number]) => -(stats.medianTps(endpoint.provider) ?? Number.NEGATIVE_INFINITY);
    // Stable sort: ties (and providers with no measurement yet) keep their configured order.
    endpoints = [...endpoints].sort((a, b) => key(a) - key(b));
  }
  if (options.order) {
    const rank = (provider: string) => {
      const index = options.order!.indexOf(provider);
      return index === -1 ? options.order!.length : index;
    };
    endpoints = [...endpoints].sort((a, b) => rank(a.provider) - rank(b.provider));
  }
  return endpoints;
}

function attemptsFor(
  model: ResolvedModel,
  options: RoutingOptions,
  config: ResolvedServerConfig,
  stats: ProviderStats,
): RouteAttempt[] {
  const attempts: RouteAttempt[] = [];
  for (const endpoint of rankProviders(model, options, stats)) {
    const base = { modelId: model.id, provider: endpoint.provider, providerModelId: endpoint.model, pricing: endpoint.pricing };
    // Request-scoped keys come first, each in turn, then the server's own credentials.
    const credentials = options.byok?.[endpoint.provider] ?? [];
    if (config.providers.get(endpoint.provider)?.withCredential) {
      for (const credential of credentials) attempts.push({ ...base, credentialType: 'byok', credential });
    }
    attempts.push({ ...base, credentialType: 'system' });
  }
  return attempts;
}

function describe(attempts: readonly RouteAttempt[]): string {
  return attempts.map((attempt) => `${attempt.provider}(${attempt.credentialType})`).join(' → ');
}

/**
 * Plans every attempt for a call, before any is made. Throws the protocol's
 * errors for an unknown model (404), a model of the wrong kind or an `only`
 * list that leaves no provider (400), and a key not allowed the model (403).
 */
export function planRoute(
  modelId: string,
  kind: ResolvedModel['type'],
  options: RoutingOptions,
  config: ResolvedServerConfig,
  stats: ProviderStats,
  allowedModels?: ReadonlySet<string>,
): RoutePlan {
  const primary = config.models.get(modelId);
  if (!primary) {
    throw new GatewayServerError({
      status: 404,
      type: 'model_not_found',
      message: `Model '${modelId}' not found.`,
      param: { modelId },
    });
  }
  if (primary.type !== kind) {
    throw new GatewayServerError({
      status: 400,
      type: 'invalid_request_error',
      message: `Model '${modelId}' is a ${primary.type} model; it cannot serve a ${kind} call.`,
      param: { modelId },
    });
  }
  if (allowedModels && !allowedModels.has(modelId)) {
    throw new GatewayServerError({
      status: 403,
      type: 'forbidden',
      message: `This API key may not use model '${modelId}'. Ask the gateway's operator to add it to the key's models.`,
    });
  }

  const models: RoutePlan['models'] = [];
  const skipped: string[] = [];
  for (const id of [modelId, ...(options.models ?? [])]) {
    if (models.some((entry) => entry.model.id === id)) continue;
    const model = config.models.get(id);
    if (!model || model.type !== kind) {
      throw new GatewayServerError({
        status: 400,
        type: 'invalid_request_error',
        message: `Fallback model '${id}' in providerOptions.gateway.models is not a ${kind} model this gateway serves.`,
        param: { modelId: id },
      });
    }
    if (allowedModels && !allowedModels.has(id)) {
      skipped.push(id);
      continue;
    }
    const attempts = attemptsFor(model, options, config, stats);
    if (attempts.length > 0) models.push({ model, attempts });
  }

  if (models.length === 0 || models[0]!.model.id !== modelId) {
    const served = primary.endpoints.map((endpoint) => endpoint.provider).join(', ');
    throw new GatewayServerError({
      status: 400,
      type: 'no_providers_available',
      message: `No provider allowed by providerOptions.gateway.only (${(options.only ?? []).join(', ')}) serves '${modelId}'; it is served by: ${served}.`,
      param: { modelId },
    });
  }

  const first = models[0]!.attempts;
  const providers = [...new Set(first.map((attempt) => attempt.provider))];
  return {
    originalModelId: modelId,
    models,
    fallbacksAvailable: providers.slice(1),
    planningReasoning:
      `Execution order: ${models.map((entry) => `${entry.model.id}: ${describe(entry.attempts)}`).join('; ')}` +
      (skipped.length ? `. Fallback models not allowed for this key: ${skipped.join(', ')}` : ''),
  };
}
