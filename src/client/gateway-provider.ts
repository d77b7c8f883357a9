import { InvalidArgumentError } from '@ai-sdk/provider';
import { isPromiseLike, type ApiKeySetting } from './auth';
import { appendToMessage } from '../errors/create-gateway-error';
import { GatewayModelNotFoundError } from '../errors/gateway-error-classes';
import type {
  GatewayCredits,
  GatewayGenerationInfo,
  GatewayGenerationInfoParams,
  GatewaySpendReportOptions,
  GatewaySpendReportResponse,
} from './gateway-account';
import { CatalogCache, type GatewayCatalog } from './gateway-catalog';
import { assertHttpUrl, GatewayClient, type FetchFunction } from './gateway-client';
import { GatewayEmbeddingModel } from './gateway-embedding-model';
import { GatewayImageModel } from './gateway-image-model';
import { GatewayLanguageModel } from './gateway-language-model';
import type { GatewayModelConfig } from './gateway-model-config';
import { suggestModelId } from './model-id-suggestion';
import { specVersions, type SpecificationVersion } from '../protocol/spec-versions';
import { costFromPricing, flattenUsage, UsageReporter, type OnUsage } from './usage';

export interface GatewayProviderSettings<V extends SpecificationVersion = 'v2'> {
  /** Default: `AI_GATEWAY_BASE_URL` when set, else `https://ai-gateway.vercel.sh/v1/ai` (`/v3/ai`, `/v4/ai` for v3, v4). */
  baseURL?: string;
  /** API key, a promise of one, or a function resolved before each request. Default: `AI_GATEWAY_API_KEY`, then the Vercel OIDC token. */
  apiKey?: ApiKeySetting;
  /** Headers sent with every request. */
  headers?: Record<string, string | undefined>;
  /** A fetch implementation, e.g. for proxies or tests. */
  fetch?: FetchFunction;
  /** Scope an access token to a team (`team_…` id or slug). */
  teamIdOrSlug?: string;
  /** The AI SDK model interface to serve: `'v2'` for ai 5 (default), `'v3'` for ai 6, `'v4'` for ai 7. */
  specificationVersion?: V;
  /** How long `getAvailableModels()` results are cached, in ms. Default: 5 minutes. */
  metadataCacheRefreshMillis?: number;
  /** Called once per finished call (generate, stream, embed, image; on v3/v4 also rerank, speech, transcription, video) with its usage and cost. */
  onUsage?: OnUsage;
}

/** A `provider/model` id such as `openai/gpt-5.4`; any string the gateway knows works. */
export type GatewayModelId =
  | 'openai/gpt-5.4'
  | 'anthropic/claude-sonnet-4.6'
  | 'google/gemini-3-pro'
  | 'xai/grok-4'
  | (string & {});

/**
 * The gateway provider. Its models implement the spec version `V` with the types of
 * that version's own @ai-sdk/provider major (see spec-types.ts), so `ai` 5, 6 and 7
 * each accept the models of their own entry.
 */
export interface GatewayProvider<V extends SpecificationVersion = 'v2'> {
  (modelId: GatewayModelId): GatewayLanguageModel<V>;
  readonly specificationVersion: V;
  languageModel(modelId: GatewayModelId): GatewayLanguageModel<V>;
  chat(modelId: GatewayModelId): GatewayLanguageModel<V>;
  embeddingModel(modelId: GatewayModelId): GatewayEmbeddingModel<V>;
  textEmbeddingModel(modelId: GatewayModelId): GatewayEmbeddingModel<V>;
  embedding(modelId: GatewayModelId): GatewayEmbeddingModel<V>;
  imageModel(modelId: GatewayModelId): GatewayImageModel<V>;
  image(modelId: GatewayModelId): GatewayImageModel<V>;
  /** The gateway's model catalog, cached for `metadataCacheRefreshMillis`. */
  getAvailableModels(): Promise<GatewayCatalog>;
  getCredits(): Promise<GatewayCredits>;
  getGenerationInfo(options: GatewayGenerationInfoParams): Promise<GatewayGenerationInfo>;
  getSpendReport(options: GatewaySpendReportOptions): Promise<GatewaySpendReportResponse>;
  /** USD cost of `usage` at the cached catalog's prices; undefined until the catalog is cached. */
  estimateCost(modelId: string, usage: unknown): number | undefined;
}

function invalidSetting(argument: string, expected: string, received: unknown): never {
  throw new InvalidArgumentError({
    argument,
    message: `Invalid createGateway setting \`${argument}\`: expected ${expected}, received ${
      received === null ? 'null' : Array.isArray(received) ? 'array' : typeof received
    }.`,
  });
}

function validateSettings(settings: GatewayProviderSettings<SpecificationVersion>): void {
  if (typeof settings !== 'object' || settings === null) invalidSetting('settings', 'an object', settings);
  const { baseURL, apiKey, headers, fetch, teamIdOrSlug, specificationVersion, metadataCacheRefreshMillis, onUsage } =
    settings;
  if (baseURL !== undefined) {
    if (typeof baseURL !== 'string') invalidSetting('baseURL', 'a URL string such as https://ai-gateway.vercel.sh/v1/ai', baseURL);
    assertHttpUrl(baseURL, 'baseURL');
  }
  if (apiKey !== undefined && typeof apiKey !== 'string' && typeof apiKey !== 'function' && !isPromiseLike(apiKey)) {
    invalidSetting('apiKey', 'a string, a promise of one, or a function returning either', apiKey);
  }
  if (headers !== undefined && (typeof headers !== 'object' || headers === null || Array.isArray(headers))) {
    invalidSetting('headers', 'an object of header names to values', headers);
  }
  if (fetch !== undefined && typeof fetch !== 'function') {
    invalidSetting('fetch', 'a fetch function (e.g. globalThis.fetch); omit it to use the global fetch', fetch);
  }
  if (teamIdOrSlug !== undefined && typeof teamIdOrSlug !== 'string') {
    invalidSetting('teamIdOrSlug', 'a team id (team_…) or slug', teamIdOrSlug);
  }
  if (specificationVersion !== undefined && !Object.hasOwn(specVersions, specificationVersion)) {
    throw new InvalidArgumentError({
      argument: 'specificationVersion',
      message: `Invalid createGateway setting \`specificationVersion\`: expected 'v2' (ai 5), 'v3' (ai 6) or 'v4' (ai 7), received ${JSON.stringify(specificationVersion)}.`,
    });
  }
  if (
    metadataCacheRefreshMillis !== undefined &&
    (typeof metadataCacheRefreshMillis !== 'number' || !(metadataCacheRefreshMillis >= 0))
  ) {
    invalidSetting('metadataCacheRefreshMillis', 'a number of milliseconds ≥ 0', metadataCacheRefreshMillis);
  }
  if (onUsage !== undefined && typeof onUsage !== 'function') invalidSetting('onUsage', 'a function', onUsage);
}

export function assertModelId(modelId: unknown): asserts modelId is string {
  if (typeof modelId !== 'string' || modelId.trim() === '' || /\s/.test(modelId) || /^\/|\/$/.test(modelId)) {
    throw new InvalidArgumentError({
      argument: 'modelId',
      message: `Invalid model id ${JSON.stringify(modelId)}: expected 'provider/model' with no spaces, e.g. gateway('openai/gpt-5.4'). gateway.getAvailableModels() lists the ids the gateway serves.`,
    });
  }
}

/** Creates a gateway provider whose models speak `settings.specificationVersion`: `'v3'` for ai 6, `'v4'` for ai 7. */
export function createGateway<V extends SpecificationVersion>(
  settings: GatewayProviderSettings<V> & { specificationVersion: V },
): GatewayProvider<V>;
/** Creates a gateway provider whose models speak spec `v2`, for ai 5. */
export function createGateway(settings?: GatewayProviderSettings<'v2'>): GatewayProvider<'v2'>;
export function createGateway(
  settings: GatewayProviderSettings<SpecificationVersion> = {},
): GatewayProvider<SpecificationVersion> {
  return buildGateway(settings);
}

/** What a model-kind module builds its provider members from: the model config every kind shares. */
export interface ProviderContext<V extends SpecificationVersion = SpecificationVersion, S extends object = {}> {
  config: GatewayModelConfig<V>;
  /** The settings `createGateway` got, with the entry's own keys `S` (the common keys are already checked). */
  settings: Readonly<GatewayProviderSettings<V> & Partial<S>>;
}

/**
 * Provider members a versioned entry adds (e.g. reranking and speech models for v3/v4).
 * Entries pass them to `versionedEntry`, so an entry that does not import a kind's module
 * does not bundle it. `S` is the settings those kinds add (read from `settings`, validated by the kinds).
 */
export type ProviderKinds<M extends object, V extends SpecificationVersion = SpecificationVersion, S extends object = {}> = (
  context: ProviderContext<V, S>,
) => M;

function buildGateway<M extends object, S extends object = {}>(
  settings: GatewayProviderSettings<SpecificationVersion> & Partial<S>,
  kinds?: ProviderKinds<M, SpecificationVersion, S>,
): GatewayProvider<SpecificationVersion> & M {
  validateSettings(settings);
  const spec = specVersions[settings.specificationVersion ?? 'v2'];
  const client = new GatewayClient(settings, spec);
  const catalog = new CatalogCache(client, settings.metadataCacheRefreshMillis ?? 5 * 60 * 1000);
  // Loaded on the first account call (credits, generation info, spend report): most apps make none.
  const account = () => import('./gateway-account').then(({ GatewayAccount }) => new GatewayAccount(client));

  const config: GatewayModelConfig = {
    client,
    usage: settings.onUsage ? new UsageReporter(settings.onUsage, (id) => catalog.pricingOf(id)) : undefined,
    async explainError(error, modelId) {
      if (!GatewayModelNotFoundError.isInstance(error)) return error;
      try {
        // Cached catalog, or one fetch, on this failure path only.
        const { models } = catalog.fresh ?? (await catalog.get());
        const suggestion = suggestModelId(error.modelId ?? modelId, models.map((model) => model.id));
        if (suggestion) appendToMessage(error, ` Did you mean \`${suggestion}\`?`);
      } catch {
        // No catalog, no suggestion: the original error is still the right one to throw.
      }
      return error;
    },
  };

  const languageModel = (modelId: string) => {
    assertModelId(modelId);
    return new GatewayLanguageModel(modelId, config);
  };
  const embeddingModel = (modelId: string) => {
    assertModelId(modelId);
    return new GatewayEmbeddingModel(modelId, config);
  };
  const imageModel = (modelId: string) => {
    assertModelId(modelId);
    return new GatewayImageModel(modelId, config);
  };

  const provider = function (this: unknown, modelId: string) {
    if (new.target) {
      throw new Error(
        'The gateway provider is a function, not a class: call gateway("openai/gpt-5.4") without `new`.',
      );
    }
    return languageModel(modelId);
  };

  return Object.assign(provider, kinds?.({ config, settings }) as M, {
    specificationVersion: spec.version,
    languageModel,
    chat: languageModel,
    embeddingModel,
    textEmbeddingModel: embeddingModel,
    embedding: embeddingModel,
    imageModel,
    image: imageModel,
    getAvailableModels: () => catalog.get(),
    getCredits: async () => (await account()).credits(),
    getGenerationInfo: async (options: GatewayGenerationInfoParams) => (await account()).generation(options),
    getSpendReport: async (options: GatewaySpendReportOptions) => (await account()).spendReport(options),
    estimateCost: (modelId: string, usage: unknown) =>
      costFromPricing(catalog.pricingOf(modelId), flattenUsage(usage)),
  });
}

/**
 * Makes `provider` the AI SDK's global default, so plain `'provider/model'`
 * strings (`generateText({ model: 'openai/gpt-5.4' })`) go through it.
 */
export function registerGateway<P extends GatewayProvider<SpecificationVersion>>(provider: P): P {
  (globalThis as { AI_SDK_DEFAULT_PROVIDER?: unknown }).AI_SDK_DEFAULT_PROVIDER = provider;
  return provider;
}

/**
 * `createGateway` of an entry whose providers may speak any spec version (`modelgate`'s:
 * v2 by default), with the members `kinds` adds, typed per version by `M[V]`.
 */
export function anyVersionEntry<M extends { [V in SpecificationVersion]: object }>(
  kinds: ProviderKinds<M[SpecificationVersion]>,
) {
  /** Creates a gateway provider whose models speak `settings.specificationVersion`: `'v3'` for ai 6, `'v4'` for ai 7. */
  function create<V extends SpecificationVersion>(
    settings: GatewayProviderSettings<V> & { specificationVersion: V },
  ): GatewayProvider<V> & M[V];
  /** Creates a gateway provider whose models speak spec `v2`, for ai 5. */
  function create(settings?: GatewayProviderSettings<'v2'>): GatewayProvider<'v2'> & M['v2'];
  function create(settings: GatewayProviderSettings<SpecificationVersion> = {}) {
    return buildGateway(settings, kinds);
  }
  return create;
}

/**
 * `createGateway` and a default `gateway` pinned to one spec version, for the versioned
 * entry points, with the model kinds that entry adds.
 */
export function versionedEntry<V extends SpecificationVersion, M extends object = {}, S extends object = {}>(
  version: V,
  kinds?: ProviderKinds<M, V, S>,
) {
  // The settings type pins the version to V, so the model config the kinds get is V's.
  const kindsOfV = kinds as ProviderKinds<M, SpecificationVersion, S> | undefined;
  const create = (settings: GatewayProviderSettings<V> & Partial<S> = {}) =>
    buildGateway<M, S>({ ...settings, specificationVersion: settings.specificationVersion ?? version }, kindsOfV) as GatewayProvider<V> & M;
  return { createGateway: create, gateway: create() };
}
