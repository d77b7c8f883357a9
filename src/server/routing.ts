import { GatewayServerError } from '../errors/gateway-server-error';
import { byokCredentialFor, checkByokCredential } from './byok-credential';
import type { ModelPricing, ResolvedModel, ResolvedServerConfig } from './config';
import type { ProviderStats } from './provider-stats';
import { byokExclusions, describeFilters, endpointExclusions, filtersProviders, routingFilters, systemCredentialExclusions, type Exclusion, type RoutingFilterOptions, type RoutingFilters } from './routing-filters';

/** The routing options of `providerOptions.gateway` that the planner reads (the filters: routing-filters.ts). */
export interface RoutingOptions extends RoutingFilterOptions {
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
  /** This attempt's own timeout, ms (`providerTimeouts.byok`); else the server's. */
  timeoutMs?: number;
  /**
   * Claude Max mode: the client's own credential, sent to the provider in place of its key (credential type
   * `byok`); never logged or echoed. Such an attempt is only ever forwarded (forwarding.ts).
   */
  clientCredential?: ClientCredential;
}

/**
 * A provider credential left out, as `routing.skippedProviderAttempts` reports it: by a filter, or a request's
 * key for a provider the config gave as an instance (`byok_not_configured`: the server cannot build it with another key).
 */
export interface SkippedAttempt {
  provider: string;
  credentialType: 'system' | 'byok';
  reason: Exclusion['reason'] | 'byok_not_configured';
}

export interface RoutePlan {
  originalModelId: string;
  /** The primary model, then each `models` fallback, each with its provider attempts in order. */
  models: Array<{ model: ResolvedModel; attempts: RouteAttempt[] }>;
  /** Providers after the first one for the primary model. */
  fallbacksAvailable: string[];
  planningReasoning: string;
  /** What the filters left out, in plan order (none without filters). */
  skippedAttempts?: SkippedAttempt[];
  /** The compliance filters applied, which `providerMetadata.gateway` confirms (`enabledZeroDataRetention`, …). */
  enabledFilters?: { zeroDataRetention: boolean; disallowPromptTraining: boolean };
  /** With `sort`: the option and the providers of the requested model in the order it gave (`routing.sort`). */
  sort?: { option: NonNullable<RoutingOptions['sort']>; executionOrder: string[] };
}

const price = (value: string | number | undefined) => (value === undefined ? Number.POSITIVE_INFINITY : Number(value));

/**
 * Ranks a model's providers: `only` filters, `sort` ranks, providers failing right now (`stats.demoted`) move
 * to the back, keeping their order, and `order` promotes the providers it lists, healthy or not (the caller's word).
 */
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
  if (stats.anyFailing && endpoints.some((endpoint) => stats.demoted(endpoint.provider))) {
    const demoted = (endpoint: ResolvedModel['endpoints'][number]) => (stats.demoted(endpoint.provider) ? 1 : 0);
    endpoints = [...endpoints].sort((a, b) => demoted(a) - demoted(b));
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

/** A model's attempts under the request's options; what the filters left out, and why each provider left out entirely was. */
function attemptsFor(
  model: ResolvedModel,
  options: RoutingOptions,
  filters: RoutingFilters,
  config: ResolvedServerConfig,
  stats: ProviderStats,
): { attempts: RouteAttempt[]; skipped: SkippedAttempt[]; excluded: string[] } {
  const attempts: RouteAttempt[] = [];
  const skipped: SkippedAttempt[] = [];
  const excluded: string[] = [];
  for (const endpoint of rankProviders(model, options, stats)) {
    const compliance = config.compliance.get(endpoint.provider);
    const forEndpoint = endpointExclusions(filters, endpoint, compliance);
    const forSystem = [...forEndpoint, ...systemCredentialExclusions(filters, compliance)];
    const base = { modelId: model.id, provider: endpoint.provider, providerModelId: endpoint.model, pricing: endpoint.pricing };
    const before = attempts.length;
    // Request-scoped keys come first, each in turn, then the server's own credentials.
    const provider = config.providers.get(endpoint.provider);
    const requested = options.byok?.[endpoint.provider] ?? [];
    const credentials = provider?.withCredential ? requested : [];
    if (!provider?.withCredential) for (const _credential of requested) skipped.push({ provider: endpoint.provider, credentialType: 'byok', reason: 'byok_not_configured' });
    if (!provider?.mapsCredentials) credentials.forEach((credential, index) => checkByokCredential(credential, endpoint.provider, index));
    const forByok = [...forEndpoint, ...byokExclusions(filters)];
    const timeoutMs = filters.byokTimeoutsMs.get(endpoint.provider);
    for (const credential of credentials) {
      if (forByok.length > 0) {
        skipped.push({ provider: endpoint.provider, credentialType: 'byok', reason: forByok[0]!.reason });
        continue;
      }
      // A credential's modelMappings name its own model id for this gateway model (an Azure deployment, say).
      const { settings, modelId } = byokCredentialFor(credential, model.id);
      attempts.push({ ...base, ...(modelId ? { providerModelId: modelId } : {}), credentialType: 'byok', credential: settings, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
    }
    if (forSystem.length === 0) attempts.push({ ...base, credentialType: 'system' });
    else skipped.push({ provider: endpoint.provider, credentialType: 'system', reason: forSystem[0]!.reason });
    if (attempts.length === before) excluded.push(`${endpoint.provider} (${forSystem.map((exclusion) => exclusion.detail).join('; ')})`);
  }
  return { attempts, skipped, excluded };
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

  const filters = routingFilters(options);
  const models: RoutePlan['models'] = [];
  const skipped: string[] = [];
  const skippedAttempts: SkippedAttempt[] = [];
  let primaryExcluded: string[] = [];
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
    const { attempts, skipped: skippedHere, excluded } = attemptsFor(model, options, filters, config, stats);
    skippedAttempts.push(...skippedHere);
    if (id === modelId) primaryExcluded = excluded;
    if (attempts.length > 0) models.push({ model, attempts });
  }

  if ((models.length === 0 || models[0]!.model.id !== modelId) && primaryExcluded.length > 0) {
    throw new GatewayServerError({
      status: 400,
      type: 'no_providers_available',
      message: `No provider of '${modelId}' meets providerOptions.gateway ${describeFilters(filters)}: ${primaryExcluded.join(', ')}. State what each provider offers in the server config (compliance, and each model provider's capabilities and quantization), or drop the filter.`,
      param: { modelId },
    });
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
  const demoted = !stats.anyFailing
    ? []
    : [...new Set(models.flatMap((entry) => entry.attempts.map((attempt) => attempt.provider)))].flatMap((provider) => {
        const demotion = stats.demoted(provider);
        return demotion ? [`${provider} (${demotion.failures} failures in a row, the last ${Math.round(demotion.sinceMs / 1000)} s ago)`] : [];
      });
  return {
    originalModelId: modelId,
    models,
    fallbacksAvailable: providers.slice(1),
    planningReasoning:
      `Execution order: ${models.map((entry) => `${entry.model.id}: ${describe(entry.attempts)}`).join('; ')}` +
      (skipped.length ? `. Fallback models not allowed for this key: ${skipped.join(', ')}` : '') +
      (demoted.length ? `. Deprioritized while failing: ${demoted.join(', ')}` : '') +
      (filtersProviders(filters) ? `. Filtered by ${describeFilters(filters)}` : ''),
    ...(skippedAttempts.length > 0 ? { skippedAttempts } : {}),
    ...(filters.zeroDataRetention || filters.disallowPromptTraining ? { enabledFilters: { zeroDataRetention: filters.zeroDataRetention, disallowPromptTraining: filters.disallowPromptTraining } } : {}),
    ...(options.sort ? { sort: { option: options.sort, executionOrder: providers } } : {}),
  };
}

/** Whether an object has no own enumerable keys (without making their list). */
function isEmpty(record: object): boolean {
  for (const _key in record) return false;
  return true;
}

/** The plan, frozen with every list and attempt `planRoute` made for it (the models and pricing it points to are the config's). */
function frozenPlan(plan: RoutePlan): RoutePlan {
  for (const entry of plan.models) {
    for (const attempt of entry.attempts) Object.freeze(attempt);
    Object.freeze(entry.attempts);
    Object.freeze(entry);
  }
  Object.freeze(plan.models);
  Object.freeze(plan.fallbacksAvailable);
  return Object.freeze(plan);
}

/** A key's allowed models; every model for a key with no list. */
const ANY_MODEL: ReadonlySet<string> = new Set();

/**
 * `planRoute` for one server, remembering the plans of calls that name no gateway options: such a plan follows
 * from the config, the model, the call's kind and the key's models alone while no provider is failing, and
 * planning it again took ~10 µs of each call's path. Remembered plans are frozen: every such call shares them.
 */
export class RoutePlanner {
  readonly #plain = new WeakMap<ReadonlySet<string>, Map<string, RoutePlan>>();

  constructor(
    private readonly config: ResolvedServerConfig,
    private readonly stats: ProviderStats,
  ) {}

  plan(modelId: string, kind: ResolvedModel['type'], options: RoutingOptions, allowedModels?: ReadonlySet<string>): RoutePlan {
    // A failing provider moves to the back (rankProviders) and is named in the reasoning: plan afresh.
    if (!isEmpty(options) || this.stats.anyFailing) return planRoute(modelId, kind, options, this.config, this.stats, allowedModels);
    const scope = allowedModels ?? ANY_MODEL;
    let plans = this.#plain.get(scope);
    if (!plans) this.#plain.set(scope, (plans = new Map()));
    const key = `${kind} ${modelId}`;
    let plan = plans.get(key);
    if (!plan) plans.set(key, (plan = frozenPlan(planRoute(modelId, kind, options, this.config, this.stats, allowedModels))));
    return plan;
  }
}

