import { InvalidArgumentError } from '@ai-sdk/provider';

/** Per-token USD prices, as the catalog (`/config`) lists them: decimal strings or numbers. */
export interface ModelPricing {
  input?: string | number;
  output?: string | number;
  input_cache_read?: string | number;
  input_cache_write?: string | number;
  /** Per generated image, for image models. */
  image?: string | number;
}

/** An AI SDK provider instance: `createOpenAI({ apiKey })`, `anthropic`, `createOpenAICompatible(…)`. */
export interface UpstreamProviderInstance {
  readonly specificationVersion?: string;
  languageModel(modelId: string): unknown;
  embeddingModel?(modelId: string): unknown;
  textEmbeddingModel?(modelId: string): unknown;
  imageModel?(modelId: string): unknown;
  rerankingModel?(modelId: string): unknown;
  speechModel?(modelId: string): unknown;
  transcriptionModel?(modelId: string): unknown;
  videoModel?(modelId: string): unknown;
}

/**
 * A provider factory, for per-request credentials (BYOK): `create({ ...settings, ...byok(credential) })`
 * builds the provider for a request that brings its own key; `create(settings)` the server's own.
 */
export interface UpstreamProviderFactory {
  create(settings: Record<string, unknown>): UpstreamProviderInstance;
  /** Settings for the server's own credentials (system). */
  settings?: Record<string, unknown>;
  /** Maps one BYOK credential to provider settings. Default: the credential itself (`{ apiKey }`). */
  byok?(credential: Record<string, unknown>): Record<string, unknown>;
}

export type UpstreamProviderConfig = UpstreamProviderInstance | UpstreamProviderFactory;

export type GatewayModelType = 'language' | 'embedding' | 'image' | 'reranking' | 'speech' | 'transcription' | 'video';

/** One provider that serves a gateway model, under its own model id. */
export interface ModelEndpointConfig {
  /** A key of `providers`. */
  provider: string;
  /** The provider's own model id, e.g. `claude-sonnet-4-6`. */
  model: string;
  pricing?: ModelPricing;
}

export interface GatewayModelConfig {
  name?: string;
  description?: string;
  /** Default `'language'`. */
  type?: GatewayModelType;
  /** Providers in their default order. */
  providers: ModelEndpointConfig[];
}

export interface ApiKeyConfig {
  /** Shown in logs and the startup summary instead of the key. */
  name: string;
  /** The key in plain text; hashed at startup and then dropped. */
  key?: string;
  /** Or the key's SHA-256 as 64 hex characters, so the config never holds the key itself. */
  sha256?: string;
  /** Gateway model ids this key may call; every model when absent. */
  models?: string[];
}

export interface GatewayServerConfig {
  /** Upstream providers by slug (`openai`, `anthropic`, `vllm`, …). */
  providers: Record<string, UpstreamProviderConfig>;
  /** Gateway model ids (`anthropic/claude-sonnet-4.6`) and the providers that serve them. */
  models: Record<string, GatewayModelConfig>;
  /** API keys clients authenticate with. `MODELGATE_API_KEYS` (comma-separated) adds more. */
  keys?: ApiKeyConfig[];
  /** A stream that shows no content within this many ms moves to the next provider. Default 10,000. */
  firstTokenTimeoutMs?: number;
  /** A non-streaming attempt that has not answered within this many ms moves on. Default 120,000. */
  attemptTimeoutMs?: number;
  /** Starting credit balance in USD reported by `/v1/credits`. Default 0. */
  credits?: { balance: number };
  /** Environment to read `MODELGATE_API_KEYS` from. Default: `process.env` where it exists. */
  env?: Record<string, string | undefined>;
}

/** The config after validation, with defaults filled in. */
export interface ResolvedServerConfig {
  providers: Map<string, ResolvedProvider>;
  models: Map<string, ResolvedModel>;
  /** Names and model limits of the keys; the keys themselves are only ever held hashed. */
  keyNames: string[];
  firstTokenTimeoutMs: number;
  attemptTimeoutMs: number;
  creditBalance: number;
  /** Every provider's `secrets`: upstream errors may echo a key, and none may reach a client or a log. */
  secrets: readonly string[];
}

export interface ResolvedProvider {
  slug: string;
  /** Secret-looking values of the factory's settings (API keys, tokens), scrubbed from everything the server sends. */
  secrets: readonly string[];
  /** The provider with the server's own credentials. */
  system: UpstreamProviderInstance;
  /** Builds a provider from one BYOK credential; absent when the config gave only an instance. */
  withCredential?: (credential: Record<string, unknown>) => UpstreamProviderInstance;
}

export interface ResolvedModel {
  id: string;
  name: string;
  description?: string;
  type: GatewayModelType;
  endpoints: ModelEndpointConfig[];
}

const MODEL_TYPES: readonly GatewayModelType[] = ['language', 'embedding', 'image', 'reranking', 'speech', 'transcription', 'video'];

function configError(key: string, problem: string, fix: string): never {
  throw new InvalidArgumentError({
    argument: key,
    message: `Invalid gateway server config at \`${key}\`: ${problem}. ${fix}`,
  });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isProviderInstance(value: unknown): value is UpstreamProviderInstance {
  return (typeof value === 'function' || isObject(value)) && typeof (value as { languageModel?: unknown }).languageModel === 'function';
}

const SECRET_SETTING = /key|token|secret|password|authorization|credential/i;

/** String values under secret-looking setting names (`apiKey`, `headers.Authorization`, …), at any depth. */
export function secretSettingValues(settings: unknown, underSecretName = false): string[] {
  if (typeof settings === 'string') return underSecretName && settings.length > 0 ? [settings] : [];
  if (Array.isArray(settings)) return settings.flatMap((item) => secretSettingValues(item, underSecretName));
  if (!isObject(settings)) return [];
  return Object.entries(settings).flatMap(([name, item]) => secretSettingValues(item, underSecretName || SECRET_SETTING.test(name)));
}

function resolveProvider(slug: string, value: unknown): ResolvedProvider {
  const key = `providers.${slug}`;
  // An instance keeps its key to itself, so the server cannot scrub it from upstream errors.
  if (isProviderInstance(value)) return { slug, system: value, secrets: [] };
  if (isObject(value) && typeof value.create === 'function') {
    const factory = value as unknown as UpstreamProviderFactory;
    if (factory.settings !== undefined && !isObject(factory.settings)) {
      configError(`${key}.settings`, 'expected an object of provider settings', 'Pass the settings you would give the factory, e.g. { apiKey: process.env.OPENAI_API_KEY }.');
    }
    const settings = factory.settings ?? {};
    const build = (extra: Record<string, unknown>) => {
      const provider = factory.create({ ...settings, ...extra });
      if (!isProviderInstance(provider)) {
        configError(`${key}.create`, 'the factory did not return an AI SDK provider (no languageModel function)', 'Use a provider factory such as createOpenAI from @ai-sdk/openai.');
      }
      return provider;
    };
    return {
      slug,
      secrets: secretSettingValues(settings),
      system: build({}),
      withCredential: (credential) => build(factory.byok ? factory.byok(credential) : credential),
    };
  }
  return configError(
    key,
    'expected an AI SDK provider instance or { create, settings }',
    `Use e.g. createOpenAI({ apiKey }) from @ai-sdk/openai, or { create: createOpenAI, settings: { apiKey } } to allow per-request keys (BYOK).`,
  );
}

function isPrice(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0;
  return typeof value === 'string' && /^\d+(\.\d+)?(e-?\d+)?$/i.test(value);
}

function resolveModel(id: string, value: unknown, providers: Map<string, ResolvedProvider>): ResolvedModel {
  const key = `models["${id}"]`;
  if (!/^[^/\s]+\/[^\s]+$/.test(id)) {
    configError(key, 'a gateway model id is `creator/model` with no spaces', 'Rename it, e.g. "anthropic/claude-sonnet-4.6".');
  }
  if (!isObject(value)) configError(key, 'expected an object with a `providers` list', 'Write { providers: [{ provider: "openai", model: "gpt-5.4" }] }.');
  const type = value.type ?? 'language';
  if (!MODEL_TYPES.includes(type as GatewayModelType)) {
    configError(`${key}.type`, `unknown model type ${JSON.stringify(type)}`, `Use one of ${MODEL_TYPES.join(', ')}.`);
  }
  if (!Array.isArray(value.providers) || value.providers.length === 0) {
    configError(`${key}.providers`, 'expected a non-empty list of { provider, model }', 'List at least one provider that serves this model.');
  }
  const endpoints = value.providers.map((endpoint: unknown, index: number): ModelEndpointConfig => {
    const at = `${key}.providers[${index}]`;
    if (!isObject(endpoint) || typeof endpoint.provider !== 'string' || typeof endpoint.model !== 'string' || !endpoint.model) {
      configError(at, 'expected { provider: string, model: string, pricing? }', 'Name a key of `providers` and that provider\'s model id.');
    }
    if (!providers.has(endpoint.provider)) {
      configError(`${at}.provider`, `no provider named ${JSON.stringify(endpoint.provider)}`, `Add it under \`providers\` or use one of: ${[...providers.keys()].join(', ') || '(none configured)'}.`);
    }
    if (endpoint.pricing !== undefined) {
      if (!isObject(endpoint.pricing)) configError(`${at}.pricing`, 'expected an object of per-token USD prices', 'Write e.g. { input: "0.000003", output: "0.000015" }.');
      for (const [name, price] of Object.entries(endpoint.pricing)) {
        if (!isPrice(price)) configError(`${at}.pricing.${name}`, `${JSON.stringify(price)} is not a non-negative number`, 'Give USD per token as a number or decimal string, e.g. "0.000003".');
      }
    }
    return { provider: endpoint.provider, model: endpoint.model, pricing: endpoint.pricing as ModelPricing | undefined };
  });
  return {
    id,
    name: typeof value.name === 'string' ? value.name : id,
    description: typeof value.description === 'string' ? value.description : undefined,
    type: type as GatewayModelType,
    endpoints,
  };
}

function resolveKeys(config: GatewayServerConfig, models: Map<string, ResolvedModel>): ApiKeyConfig[] {
  if (config.keys !== undefined && !Array.isArray(config.keys)) {
    configError('keys', 'expected a list of { name, key } or { name, sha256 }', 'Write keys: [{ name: "app", key: process.env.GATEWAY_KEY }].');
  }
  const keys = (config.keys ?? []).map((entry, index): ApiKeyConfig => {
    const at = `keys[${index}]`;
    if (!isObject(entry) || typeof entry.name !== 'string' || !entry.name) configError(`${at}.name`, 'every key needs a name', 'Add name: "…" (it is what logs show instead of the key).');
    const hasKey = typeof entry.key === 'string' && entry.key.length > 0;
    const hasHash = typeof entry.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(entry.sha256);
    if (hasKey === hasHash) {
      configError(at, entry.key === undefined && entry.sha256 === undefined ? 'neither `key` nor `sha256` is set (an unset environment variable?)' : 'give exactly one of `key` (non-empty) or `sha256` (64 hex characters)', 'Set the key, or its SHA-256: `printf %s "$KEY" | sha256sum`.');
    }
    if (hasKey && entry.key!.length < 16) configError(`${at}.key`, 'the key is shorter than 16 characters', 'Use a long random key, e.g. `openssl rand -hex 24`.');
    for (const model of entry.models ?? []) {
      if (!models.has(model)) configError(`${at}.models`, `no model ${JSON.stringify(model)}`, `Use ids from \`models\`: ${[...models.keys()].join(', ')}.`);
    }
    return { ...entry };
  });
  const fromEnv = config.env?.MODELGATE_API_KEYS;
  if (fromEnv) {
    fromEnv
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean)
      .forEach((key, index) => keys.push({ name: `MODELGATE_API_KEYS[${index}]`, key }));
  }
  if (keys.length === 0) {
    configError('keys', 'no API keys are configured, so no client could authenticate', 'Add keys: [{ name: "app", key: process.env.GATEWAY_KEY }] or set MODELGATE_API_KEYS.');
  }
  return keys;
}

function positive(value: unknown, key: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) configError(key, `expected a positive number of milliseconds, received ${JSON.stringify(value)}`, 'Omit it for the default.');
  return value;
}

/** Validates the config once, at startup, with errors that name the key and the fix. */
export function resolveServerConfig(config: GatewayServerConfig): { config: ResolvedServerConfig; keys: ApiKeyConfig[] } {
  if (!isObject(config)) configError('(root)', 'expected a config object', 'Pass { providers, models, keys }.');
  if (!isObject(config.providers) || Object.keys(config.providers).length === 0) {
    configError('providers', 'expected at least one upstream provider', 'Add e.g. providers: { openai: createOpenAI({ apiKey: process.env.OPENAI_API_KEY }) }.');
  }
  const providers = new Map<string, ResolvedProvider>();
  for (const [slug, value] of Object.entries(config.providers)) providers.set(slug, resolveProvider(slug, value));

  if (!isObject(config.models) || Object.keys(config.models).length === 0) {
    configError('models', 'expected at least one model', 'Add e.g. models: { "openai/gpt-5.4": { providers: [{ provider: "openai", model: "gpt-5.4" }] } }.');
  }
  const models = new Map<string, ResolvedModel>();
  for (const [id, value] of Object.entries(config.models)) models.set(id, resolveModel(id, value, providers));

  const env = config.env ?? (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const credits = config.credits?.balance ?? 0;
  if (typeof credits !== 'number' || !Number.isFinite(credits)) configError('credits.balance', 'expected a number of USD', 'Write credits: { balance: 100 }.');
  const keys = resolveKeys({ ...config, env }, models);
  return {
    config: {
      providers,
      models,
      keyNames: keys.map((key) => key.name),
      firstTokenTimeoutMs: positive(config.firstTokenTimeoutMs, 'firstTokenTimeoutMs', 10_000),
      attemptTimeoutMs: positive(config.attemptTimeoutMs, 'attemptTimeoutMs', 120_000),
      creditBalance: credits,
      secrets: [...new Set([...providers.values()].flatMap((provider) => provider.secrets))],
    },
    keys,
  };
}
