import { InvalidArgumentError } from '@ai-sdk/provider';
import { SECRET_SETTING, settingsWithoutSecrets } from './byok-credential';
import type { DemotionSettings } from './provider-stats';
import { CAPABILITIES, COUNTRY_CODE, WEIGHT_FORMAT, type Capability, type ProviderCompliance } from './routing-filters';

/** Per-token USD prices, as the catalog (`/config`) lists them: decimal strings or numbers. */
export interface ModelPricing {
  input?: string | number;
  output?: string | number;
  input_cache_read?: string | number;
  input_cache_write?: string | number;
  /** Per generated image, for image models. */
  image?: string | number;
  /** Per call, for the kinds not priced per token: reranking, speech, transcription and video models. */
  request?: string | number;
}

const PRICING_FIELDS: ReadonlySet<string> = new Set(['input', 'output', 'input_cache_read', 'input_cache_write', 'image', 'request'] satisfies Array<keyof ModelPricing>);

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
  decisionModel?(modelId: string): unknown;
  /** Realtime models (spec v4), as `@ai-sdk/openai` 4 names its factory. */
  experimental_realtime?(modelId: string): unknown;
}

/**
 * A provider factory, for per-request credentials (BYOK): `create(settings)` builds the server's own
 * provider. For a request that brings its own key, `create({ ...settings, ...byok(credential) })`, or
 * without `byok`, the settings less their secrets plus the credential, which may only hold the documented
 * credential fields (`apiKey`, `resourceName`, …; src/server/byok-credential.ts).
 */
export interface UpstreamProviderFactory {
  create(settings: Record<string, unknown>): UpstreamProviderInstance;
  /** Settings for the server's own credentials (system). */
  settings?: Record<string, unknown>;
  /** Maps one BYOK credential to provider settings, as you trust it. Default: the credential itself, checked, in place of the settings' secrets. */
  byok?(credential: Record<string, unknown>): Record<string, unknown>;
}

export type UpstreamProviderConfig = UpstreamProviderInstance | UpstreamProviderFactory;

export type GatewayModelType = 'language' | 'embedding' | 'image' | 'reranking' | 'speech' | 'transcription' | 'video' | 'decision' | 'realtime';

/** One provider that serves a gateway model, under its own model id. */
export interface ModelEndpointConfig {
  /** A key of `providers`. */
  provider: string;
  /** The provider's own model id, e.g. `claude-sonnet-4-6`. */
  model: string;
  pricing?: ModelPricing;
  /** What this provider's model can do, for `has` routing: `vision`, `tool-use`, `reasoning`, `structured-output`, `implicit-caching`. */
  capabilities?: Capability[];
  /** The weight format it serves (`fp8`, `bf16`, …), for `has: ['quantization:fp8']` routing. */
  quantization?: string;
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
  /** The team this key's spend counts towards (budgets, reports). */
  team?: string;
  /** Admin keys see every record in `/v1/report` and may open `/dashboard`. */
  admin?: boolean;
  /** This key's own rate limits, replacing `limits.perKey`. */
  limits?: RateLimitConfig;
  /** This key's own monthly budget, replacing `budgets.keys[name]`. */
  budget?: BudgetConfig;
}

/** Rate limits of one key or one end user. Unset: unlimited. */
export interface RateLimitConfig {
  /** Requests per minute (fixed windows on the minute). */
  requestsPerMinute?: number;
  /** Input + output tokens per UTC day. */
  tokensPerDay?: number;
  /** Calls in flight at once (a stream counts until it ends). */
  concurrentRequests?: number;
}

/** A monthly (UTC) budget in USD. */
export interface BudgetConfig {
  /** Hard limit: once spent, calls answer 402 until the month ends. */
  monthlyUsd: number;
  /** Soft threshold: crossing it logs a line and posts `budgetWebhook`, once per month. */
  softUsd?: number;
}

export interface BudgetsConfig {
  /** By key name (a key's own `budget` wins). */
  keys?: Record<string, BudgetConfig>;
  /** By team name. */
  teams?: Record<string, BudgetConfig>;
  /** By end user (`providerOptions.gateway.user`); `default` applies to every user not listed. */
  users?: Record<string, BudgetConfig>;
  /** By tag (`providerOptions.gateway.tags`). */
  tags?: Record<string, BudgetConfig>;
  /** By quota entity (`providerOptions.gateway.quotaEntityId`: a tenant of yours); `default` applies to every entity not listed. */
  quotaEntities?: Record<string, BudgetConfig>;
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
  /**
   * A provider whose last `afterFailures` attempts on the server's own credentials failed (timeouts, network
   * errors, 408, 429, 5xx) goes to the back of the default order for `forMs` after the last failure, so calls
   * do not wait on it first. Default `{ afterFailures: 3, forMs: 30_000 }`; `false` keeps the configured order.
   */
  demoteUnhealthy?: { afterFailures?: number; forMs?: number } | false;
  /**
   * Credit balance in USD reported by `/v1/credits` (default 0). With `enforce: true`, calls answer
   * 402 `insufficient_funds` once spend (the spend rule: BYOK and cache hits excluded) reaches it.
   */
  credits?: { balance: number; enforce?: boolean };
  /** Environment to read `MODELGATE_API_KEYS` from. Default: `process.env` where it exists. */
  env?: Record<string, string | undefined>;
  /** Default rate limits: `perKey` for every key without its own, `perUser` for every end user. */
  limits?: { perKey?: RateLimitConfig; perUser?: RateLimitConfig };
  /** Monthly budgets by key, team, user, tag and quota entity. */
  budgets?: BudgetsConfig;
  /** A URL that receives a JSON POST when a budget crosses its soft threshold. */
  budgetWebhook?: string;
  /** Usage log: prompt and completion text are kept only with `storePrompts: true`. */
  usageLog?: { storePrompts?: boolean };
  /** Where governance state lives, and what happens while it fails. */
  storage?: GatewayStorageConfig;
  /**
   * What each provider's terms are, by provider slug, for the routing filters `zeroDataRetention`,
   * `disallowPromptTraining` and `headquarters`. A provider with nothing stated never passes a filter.
   */
  compliance?: Record<string, ProviderCompliance>;
}

/**
 * The storage engines, declaratively. `modelgate serve` (or `openGatewayStorage` from
 * `modelgate/server/node`) opens them; `createGatewayServer` itself takes engine objects.
 * Nothing named: everything in this process's memory, nothing kept across restarts.
 */
export interface GatewayStorageConfig {
  /** Redis URL: rate limits, concurrency slots, budget counters and the response cache, shared by every replica. */
  redis?: string;
  /** PostgreSQL URL: the usage log and reports, shared by every replica. */
  postgres?: string;
  /** A data directory for the embedded usage log (PGlite): kept across restarts, one process at a time. */
  embedded?: string;
  /** Prefix of every Redis key, so several gateways can share one Redis. Default `modelgate:`. */
  keyPrefix?: string;
  /** When a store fails: `'open'` (default) admits calls, `'closed'` answers 503. */
  onOutage?: 'open' | 'closed';
}

/** The governance part of the config, validated. */
export interface ResolvedGovernanceConfig {
  /** By key name: its limits (its own, else `limits.perKey`). */
  keyLimits: Map<string, RateLimitConfig>;
  userLimits: RateLimitConfig | undefined;
  /** By key name. */
  keyTeams: Map<string, string>;
  adminKeys: Set<string>;
  /** By key name: its own budget, else `budgets.keys[name]`. */
  keyBudgets: Map<string, BudgetConfig>;
  teamBudgets: Map<string, BudgetConfig>;
  userBudgets: Map<string, BudgetConfig>;
  defaultUserBudget: BudgetConfig | undefined;
  tagBudgets: Map<string, BudgetConfig>;
  quotaEntityBudgets: Map<string, BudgetConfig>;
  defaultQuotaEntityBudget: BudgetConfig | undefined;
  budgetWebhook: string | undefined;
  storePrompts: boolean;
  onOutage: 'open' | 'closed';
  /** The credit balance calls are refused at (402 `insufficient_funds`); undefined when credits are not enforced. */
  enforcedCredits: number | undefined;
}

/** The config after validation, with defaults filled in. */
export interface ResolvedServerConfig {
  providers: Map<string, ResolvedProvider>;
  models: Map<string, ResolvedModel>;
  /** Names and model limits of the keys; the keys themselves are only ever held hashed. */
  keyNames: string[];
  firstTokenTimeoutMs: number;
  attemptTimeoutMs: number;
  demoteUnhealthy: DemotionSettings | false;
  creditBalance: number;
  /** Every provider's `secrets`: upstream errors may echo a key, and none may reach a client or a log. */
  secrets: readonly string[];
  governance: ResolvedGovernanceConfig;
  /** By provider slug: its terms as the config states them (headquarters in upper case). */
  compliance: Map<string, ProviderCompliance>;
}

export interface ResolvedProvider {
  slug: string;
  /** Secret-looking values of the factory's settings (API keys, tokens), scrubbed from everything the server sends. */
  secrets: readonly string[];
  /** The provider with the server's own credentials. */
  system: UpstreamProviderInstance;
  /** Builds a provider from one BYOK credential; absent when the config gave only an instance. */
  withCredential?: (credential: Record<string, unknown>) => UpstreamProviderInstance;
  /** The config maps credentials to settings itself (`byok`), so they are not checked against the documented shapes. */
  mapsCredentials?: boolean;
}

export interface ResolvedModel {
  id: string;
  name: string;
  description?: string;
  type: GatewayModelType;
  endpoints: ModelEndpointConfig[];
}

const MODEL_TYPES: readonly GatewayModelType[] = ['language', 'embedding', 'image', 'reranking', 'speech', 'transcription', 'video', 'decision', 'realtime'];

function configError(key: string, problem: string, fix: string): never {
  throw new InvalidArgumentError({
    argument: key,
    message: `Invalid gateway server config at \`${key}\`: ${problem}. ${fix}`,
  });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every setting of an object in the config; the type makes a setting added to the interface but not here a compile error. */
const settingsOf = <T>() => <const K extends readonly (keyof T & string)[]>(names: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : never)) => names;
const CONFIG_SETTINGS = settingsOf<GatewayServerConfig>()(['providers', 'models', 'keys', 'firstTokenTimeoutMs', 'attemptTimeoutMs', 'demoteUnhealthy', 'credits', 'env', 'limits', 'budgets', 'budgetWebhook', 'usageLog', 'storage', 'compliance']);
const MODEL_SETTINGS = settingsOf<GatewayModelConfig>()(['name', 'description', 'type', 'providers']);
const ENDPOINT_SETTINGS = settingsOf<ModelEndpointConfig>()(['provider', 'model', 'pricing', 'capabilities', 'quantization']);
const KEY_SETTINGS = settingsOf<ApiKeyConfig>()(['name', 'key', 'sha256', 'models', 'team', 'admin', 'limits', 'budget']);
const CREDITS_SETTINGS = settingsOf<NonNullable<GatewayServerConfig['credits']>>()(['balance', 'enforce']);
const USAGE_LOG_SETTINGS = settingsOf<NonNullable<GatewayServerConfig['usageLog']>>()(['storePrompts']);

/** Edits (insertions, deletions, substitutions) between two short names, case ignored. */
function editDistance(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  let previous = Array.from({ length: y.length + 1 }, (_, index) => index);
  for (let i = 1; i <= x.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= y.length; j += 1) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[y.length]!;
}

/** A misspelt setting would be ignored without a word (a limit or budget that never applies): refuse it, naming the likely one. */
function rejectUnknownSettings(value: Record<string, unknown>, at: string, known: readonly string[]): void {
  for (const name of Object.keys(value)) {
    if (known.includes(name)) continue;
    const closest = known.reduce((best, candidate) => (editDistance(name, candidate) < editDistance(name, best) ? candidate : best));
    const hint = editDistance(name, closest) <= Math.max(2, Math.floor(closest.length / 3)) ? `Did you mean \`${closest}\`? ` : '';
    configError(at ? `${at}.${name}` : name, 'unknown setting', `${hint}The settings here are ${known.join(', ')}.`);
  }
}

function isProviderInstance(value: unknown): value is UpstreamProviderInstance {
  return (typeof value === 'function' || isObject(value)) && typeof (value as { languageModel?: unknown }).languageModel === 'function';
}

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
    const build = (all: Record<string, unknown>) => {
      const provider = factory.create(all);
      if (!isProviderInstance(provider)) {
        configError(`${key}.create`, 'the factory did not return an AI SDK provider (no languageModel function)', 'Use a provider factory such as createOpenAI from @ai-sdk/openai.');
      }
      return provider;
    };
    return {
      slug,
      secrets: secretSettingValues(settings),
      system: build(settings),
      // The operator's mapping decides what a credential sets; without one it is checked (byok-credential.ts) and replaces the server's secrets.
      withCredential: (credential) => build(factory.byok ? { ...settings, ...factory.byok(credential) } : { ...settingsWithoutSecrets(settings), ...credential }),
      mapsCredentials: factory.byok !== undefined,
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
  rejectUnknownSettings(value, key, MODEL_SETTINGS);
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
    rejectUnknownSettings(endpoint, at, ENDPOINT_SETTINGS);
    if (!providers.has(endpoint.provider)) {
      configError(`${at}.provider`, `no provider named ${JSON.stringify(endpoint.provider)}`, `Add it under \`providers\` or use one of: ${[...providers.keys()].join(', ') || '(none configured)'}.`);
    }
    if (endpoint.pricing !== undefined) {
      if (!isObject(endpoint.pricing)) configError(`${at}.pricing`, 'expected an object of per-token USD prices', 'Write e.g. { input: "0.000003", output: "0.000015" }.');
      for (const [name, price] of Object.entries(endpoint.pricing)) {
        if (!PRICING_FIELDS.has(name)) {
          configError(`${at}.pricing.${name}`, 'unknown price', `Use ${[...PRICING_FIELDS].join(', ')}: USD per token, per image (image) or per call (request).`);
        }
        if (!isPrice(price)) configError(`${at}.pricing.${name}`, `${JSON.stringify(price)} is not a non-negative number`, 'Give USD per token as a number or decimal string, e.g. "0.000003".');
      }
    }
    if (endpoint.capabilities !== undefined && (!Array.isArray(endpoint.capabilities) || !endpoint.capabilities.every((name) => CAPABILITIES.includes(name as Capability)))) {
      configError(`${at}.capabilities`, 'expected a list of known capabilities', `Use any of ${CAPABILITIES.join(', ')}.`);
    }
    if (endpoint.quantization !== undefined && (typeof endpoint.quantization !== 'string' || !WEIGHT_FORMAT.test(endpoint.quantization))) {
      configError(`${at}.quantization`, 'expected a weight format of 1 to 32 letters, digits, ".", "_" or "-"', 'Write e.g. quantization: "fp8".');
    }
    return {
      provider: endpoint.provider,
      model: endpoint.model,
      pricing: endpoint.pricing as ModelPricing | undefined,
      ...(endpoint.capabilities === undefined ? {} : { capabilities: [...(endpoint.capabilities as Capability[])] }),
      ...(endpoint.quantization === undefined ? {} : { quantization: endpoint.quantization as string }),
    };
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
    rejectUnknownSettings(entry, at, KEY_SETTINGS);
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

const LIMIT_NAMES = ['requestsPerMinute', 'tokensPerDay', 'concurrentRequests'] as const;
const LIMITS_EXAMPLE = 'Write e.g. { requestsPerMinute: 60, tokensPerDay: 1000000, concurrentRequests: 4 }.';

function resolveLimits(value: unknown, key: string): RateLimitConfig | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) configError(key, 'expected an object of rate limits', LIMITS_EXAMPLE);
  const limits: RateLimitConfig = {};
  for (const [name, limit] of Object.entries(value)) {
    if (!(LIMIT_NAMES as readonly string[]).includes(name)) configError(`${key}.${name}`, 'unknown rate limit', `Use ${LIMIT_NAMES.join(', ')}.`);
    if (limit === undefined) continue;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
      configError(`${key}.${name}`, `expected a whole number of at least 1, received ${JSON.stringify(limit)}`, 'Omit it for no limit.');
    }
    limits[name as (typeof LIMIT_NAMES)[number]] = limit;
  }
  return limits;
}

function resolveBudget(value: unknown, key: string): BudgetConfig {
  const example = 'Write e.g. { monthlyUsd: 25, softUsd: 20 }.';
  if (!isObject(value)) configError(key, 'expected a budget object', example);
  if (typeof value.monthlyUsd !== 'number' || !Number.isFinite(value.monthlyUsd) || value.monthlyUsd < 0) {
    configError(`${key}.monthlyUsd`, `expected a non-negative number of USD, received ${JSON.stringify(value.monthlyUsd)}`, example);
  }
  if (value.softUsd !== undefined && (typeof value.softUsd !== 'number' || !Number.isFinite(value.softUsd) || value.softUsd < 0 || value.softUsd > value.monthlyUsd)) {
    configError(`${key}.softUsd`, `expected a number of USD between 0 and monthlyUsd, received ${JSON.stringify(value.softUsd)}`, example);
  }
  for (const name of Object.keys(value)) {
    if (name !== 'monthlyUsd' && name !== 'softUsd') configError(`${key}.${name}`, 'unknown budget field', 'A budget has monthlyUsd and, optionally, softUsd.');
  }
  return { monthlyUsd: value.monthlyUsd, ...(value.softUsd !== undefined ? { softUsd: value.softUsd as number } : {}) };
}

function resolveBudgetMap(value: unknown, key: string): Map<string, BudgetConfig> {
  const budgets = new Map<string, BudgetConfig>();
  if (value === undefined) return budgets;
  if (!isObject(value)) configError(key, 'expected an object of budgets by name', `Write e.g. ${key}: { "ci": { monthlyUsd: 25 } }.`);
  for (const [name, budget] of Object.entries(value)) budgets.set(name, resolveBudget(budget, `${key}["${name}"]`));
  return budgets;
}

function resolveGovernance(config: GatewayServerConfig, keys: readonly ApiKeyConfig[]): ResolvedGovernanceConfig {
  if (config.limits !== undefined && !isObject(config.limits)) configError('limits', 'expected { perKey?, perUser? }', `Write limits: { perKey: { requestsPerMinute: 60 } }.`);
  for (const name of Object.keys(config.limits ?? {})) {
    if (name !== 'perKey' && name !== 'perUser') configError(`limits.${name}`, 'unknown limits scope', 'Use perKey (every API key) or perUser (every providerOptions.gateway.user).');
  }
  const perKey = resolveLimits(config.limits?.perKey, 'limits.perKey');
  const userLimits = resolveLimits(config.limits?.perUser, 'limits.perUser');
  if (config.budgets !== undefined && !isObject(config.budgets)) configError('budgets', 'expected { keys?, teams?, users?, tags?, quotaEntities? }', 'Write budgets: { keys: { ci: { monthlyUsd: 25 } } }.');
  for (const name of Object.keys(config.budgets ?? {})) {
    if (!['keys', 'teams', 'users', 'tags', 'quotaEntities'].includes(name)) configError(`budgets.${name}`, 'unknown budget scope', 'Use keys, teams, users, tags or quotaEntities.');
  }
  const keyBudgets = resolveBudgetMap(config.budgets?.keys, 'budgets.keys');
  const teamBudgets = resolveBudgetMap(config.budgets?.teams, 'budgets.teams');
  const userBudgets = resolveBudgetMap(config.budgets?.users, 'budgets.users');
  const tagBudgets = resolveBudgetMap(config.budgets?.tags, 'budgets.tags');
  const defaultUserBudget = userBudgets.get('default');
  userBudgets.delete('default');
  const quotaEntityBudgets = resolveBudgetMap(config.budgets?.quotaEntities, 'budgets.quotaEntities');
  const defaultQuotaEntityBudget = quotaEntityBudgets.get('default');
  quotaEntityBudgets.delete('default');

  const keyLimits = new Map<string, RateLimitConfig>();
  const keyTeams = new Map<string, string>();
  const adminKeys = new Set<string>();
  keys.forEach((key, index) => {
    const at = `keys[${index}]`;
    const own = resolveLimits(key.limits, `${at}.limits`);
    const limits = own ?? perKey;
    if (limits && Object.keys(limits).length > 0) keyLimits.set(key.name, limits);
    if (key.team !== undefined) {
      if (typeof key.team !== 'string' || !key.team) configError(`${at}.team`, 'expected a non-empty team name', 'Write team: "research".');
      keyTeams.set(key.name, key.team);
    }
    if (key.admin !== undefined && typeof key.admin !== 'boolean') configError(`${at}.admin`, 'expected true or false', 'Write admin: true for keys that may see every report.');
    if (key.admin) adminKeys.add(key.name);
    if (key.budget !== undefined) keyBudgets.set(key.name, resolveBudget(key.budget, `${at}.budget`));
  });

  const webhook = config.budgetWebhook;
  if (webhook !== undefined) {
    let valid = false;
    try {
      valid = typeof webhook === 'string' && ['http:', 'https:'].includes(new URL(webhook).protocol);
    } catch {
      valid = false;
    }
    if (!valid) configError('budgetWebhook', 'expected an http(s) URL', 'Write budgetWebhook: "https://hooks.example.com/budget".');
  }
  const storePrompts = config.usageLog?.storePrompts ?? false;
  if (config.usageLog !== undefined && (!isObject(config.usageLog) || typeof storePrompts !== 'boolean')) {
    configError('usageLog.storePrompts', 'expected true or false', 'Write usageLog: { storePrompts: true } to keep prompt and completion text.');
  }
  if (config.usageLog !== undefined) rejectUnknownSettings(config.usageLog, 'usageLog', USAGE_LOG_SETTINGS);
  if (config.storage !== undefined && !isObject(config.storage)) {
    configError('storage', 'expected { redis?, postgres?, embedded?, keyPrefix?, onOutage? }', "Write storage: { embedded: '.modelgate' } to keep the usage log and budgets across restarts.");
  }
  const onOutage = config.storage?.onOutage ?? 'open';
  if (onOutage !== 'open' && onOutage !== 'closed') {
    configError('storage.onOutage', `expected 'open' or 'closed', received ${JSON.stringify(onOutage)}`, "Write storage: { onOutage: 'closed' } to refuse calls while the store is down.");
  }
  const STORAGE_FIX: Record<string, string> = {
    redis: "Write storage: { redis: 'redis://localhost:6379' }.",
    postgres: "Write storage: { postgres: 'postgres://user:password@localhost:5432/modelgate' }.",
    embedded: "Write storage: { embedded: '.modelgate' } (a directory; created when missing).",
    keyPrefix: "Write storage: { keyPrefix: 'gateway-a:' }.",
  };
  for (const [name, value] of Object.entries(config.storage ?? {})) {
    if (name === 'onOutage') continue;
    if (!(name in STORAGE_FIX)) configError(`storage.${name}`, 'unknown storage setting', 'Use redis, postgres, embedded, keyPrefix or onOutage.');
    if (value !== undefined && (typeof value !== 'string' || (name !== 'keyPrefix' && value.trim() === ''))) {
      configError(`storage.${name}`, `expected a ${name === 'keyPrefix' ? 'string' : 'non-empty string'}, received ${JSON.stringify(value)}`, STORAGE_FIX[name]!);
    }
  }
  if (config.storage?.postgres !== undefined && config.storage.embedded !== undefined) {
    configError('storage.embedded', 'both storage.postgres and storage.embedded name a usage log', 'Keep one: postgres across replicas, embedded for one machine.');
  }
    const enforcedCredits = config.credits?.enforce === true ? config.credits.balance : undefined;
  return { keyLimits, userLimits, keyTeams, adminKeys, keyBudgets, teamBudgets, userBudgets, defaultUserBudget, tagBudgets, quotaEntityBudgets, defaultQuotaEntityBudget, budgetWebhook: webhook, storePrompts, onOutage, enforcedCredits };
}

/** Validates the config once, at startup, with errors that name the key and the fix. */
export function resolveServerConfig(config: GatewayServerConfig): { config: ResolvedServerConfig; keys: ApiKeyConfig[] } {
  if (!isObject(config)) configError('(root)', 'expected a config object', 'Pass { providers, models, keys }.');
  rejectUnknownSettings(config, '', CONFIG_SETTINGS);
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
  if (config.credits !== undefined) {
    if (!isObject(config.credits)) configError('credits', 'expected { balance, enforce? }', 'Write credits: { balance: 100 }.');
    rejectUnknownSettings(config.credits, 'credits', CREDITS_SETTINGS);
  }
  const credits = config.credits?.balance ?? 0;
  if (typeof credits !== 'number' || !Number.isFinite(credits)) configError('credits.balance', 'expected a number of USD', 'Write credits: { balance: 100 }.');
  const enforce = config.credits?.enforce;
  if (enforce !== undefined && typeof enforce !== 'boolean') configError('credits.enforce', 'expected true or false', 'Write credits: { balance: 100, enforce: true } to refuse calls once the balance is spent.');
  const keys = resolveKeys({ ...config, env }, models);
  return {
    config: {
      providers,
      models,
      keyNames: keys.map((key) => key.name),
      firstTokenTimeoutMs: positive(config.firstTokenTimeoutMs, 'firstTokenTimeoutMs', 10_000),
      attemptTimeoutMs: positive(config.attemptTimeoutMs, 'attemptTimeoutMs', 120_000),
      demoteUnhealthy: resolveDemotion(config.demoteUnhealthy),
      creditBalance: credits,
      secrets: [...new Set([...providers.values()].flatMap((provider) => provider.secrets))],
      governance: resolveGovernance(config, keys),
      compliance: resolveCompliance(config.compliance, providers),
    },
    keys,
  };
}

function resolveDemotion(value: unknown): DemotionSettings | false {
  if (value === false) return false;
  if (value !== undefined && !isObject(value)) configError('demoteUnhealthy', 'expected { afterFailures?, forMs? } or false', 'Write demoteUnhealthy: { afterFailures: 3, forMs: 30_000 }, or false to keep the configured order.');
  const given = (value ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (name !== 'afterFailures' && name !== 'forMs') configError(`demoteUnhealthy.${name}`, 'unknown setting', 'Use afterFailures and forMs.');
  }
  return {
    afterFailures: given.afterFailures === undefined ? 3 : Number.isInteger(given.afterFailures) && (given.afterFailures as number) > 0 ? (given.afterFailures as number) : configError('demoteUnhealthy.afterFailures', `expected a whole number of failures from 1 up, received ${JSON.stringify(given.afterFailures)}`, 'Write e.g. afterFailures: 3.'),
    forMs: positive(given.forMs, 'demoteUnhealthy.forMs', 30_000),
  };
}

function resolveCompliance(compliance: unknown, providers: Map<string, ResolvedProvider>): Map<string, ProviderCompliance> {
  const resolved = new Map<string, ProviderCompliance>();
  if (compliance === undefined) return resolved;
  if (!isObject(compliance)) configError('compliance', 'expected terms by provider slug', 'Write compliance: { openai: { zeroDataRetention: true, trainsOnPrompts: false, headquarters: "US" } }.');
  for (const [slug, terms] of Object.entries(compliance)) {
    const key = `compliance.${slug}`;
    if (!providers.has(slug)) configError(key, `no provider named ${JSON.stringify(slug)}`, `Use one of: ${[...providers.keys()].join(', ')}.`);
    if (!isObject(terms)) configError(key, 'expected { zeroDataRetention?, trainsOnPrompts?, headquarters? }', 'Write e.g. { zeroDataRetention: true, trainsOnPrompts: false, headquarters: "US" }.');
    for (const name of Object.keys(terms)) {
      if (!['zeroDataRetention', 'trainsOnPrompts', 'headquarters'].includes(name)) configError(`${key}.${name}`, 'unknown term', 'Use zeroDataRetention, trainsOnPrompts or headquarters.');
    }
    for (const name of ['zeroDataRetention', 'trainsOnPrompts'] as const) {
      if (terms[name] !== undefined && typeof terms[name] !== 'boolean') configError(`${key}.${name}`, 'expected true or false', `Write ${name}: ${name === 'trainsOnPrompts' ? 'false' : 'true'}.`);
    }
    const country = terms.headquarters;
    if (country !== undefined && (typeof country !== 'string' || !COUNTRY_CODE.test(country))) {
      configError(`${key}.headquarters`, 'expected an ISO 3166-1 alpha-2 country code', 'Write e.g. headquarters: "US".');
    }
    resolved.set(slug, {
      ...(typeof terms.zeroDataRetention === 'boolean' ? { zeroDataRetention: terms.zeroDataRetention } : {}),
      ...(typeof terms.trainsOnPrompts === 'boolean' ? { trainsOnPrompts: terms.trainsOnPrompts } : {}),
      ...(typeof country === 'string' ? { headquarters: country.toUpperCase() } : {}),
    });
  }
  return resolved;
}
