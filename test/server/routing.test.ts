import { describe, expect, it } from 'vitest';
import { GatewayServerError } from '../../src/errors/gateway-server-error';
import { resolveServerConfig, type UpstreamProviderInstance } from '../../src/server/config';
import { ProviderStats } from '../../src/server/provider-stats';
import { openAIModelList } from '../../src/server/openai-compatible/openai-api';
import { planRoute, RoutePlanner, type RoutePlan } from '../../src/server/routing';

// The planner is pure: these tests pin the hosted gateway's routing rules on it directly.
const instance: UpstreamProviderInstance = { languageModel: () => ({}) };
const factory = { create: () => instance, settings: { apiKey: 'server-key-0123456789' } };

const { config } = resolveServerConfig({
  providers: { anthropic: factory, bedrock: instance, vertex: instance, openai: instance },
  models: {
    'anthropic/claude-sonnet-4.6': {
      providers: [
        { provider: 'anthropic', model: 'claude-sonnet-4-6', pricing: { input: '0.000003', output: '0.000015' } },
        { provider: 'bedrock', model: 'anthropic.claude-sonnet-4-6', pricing: { input: '0.0000025', output: '0.000015' } },
        { provider: 'vertex', model: 'claude-sonnet-4-6@vertex', pricing: { input: '0.0000035', output: '0.000015' } },
      ],
    },
    'openai/gpt-5.4': { providers: [{ provider: 'openai', model: 'gpt-5.4' }] },
    'openai/text-embedding-3-small': { type: 'embedding', providers: [{ provider: 'openai', model: 'text-embedding-3-small' }] },
  },
  keys: [{ name: 'test', key: 'gateway-key-0123456789' }],
  env: {},
});

const order = (plan: RoutePlan, index = 0) =>
  plan.models[index]!.attempts.map((attempt) => `${attempt.provider}:${attempt.credentialType}`);
const plan = (options: Parameters<typeof planRoute>[2], stats = new ProviderStats(), allowed?: ReadonlySet<string>) =>
  planRoute('anthropic/claude-sonnet-4.6', 'language', options, config, stats, allowed);

function rejection(run: () => unknown): GatewayServerError {
  try {
    run();
  } catch (error) {
    if (GatewayServerError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a GatewayServerError');
}

describe('routing planner', () => {
  it('keeps the configured order by default and lists the other providers as fallbacks', () => {
    const result = plan({});
    expect(order(result)).toEqual(['anthropic:system', 'bedrock:system', 'vertex:system']);
    expect(result.fallbacksAvailable).toEqual(['bedrock', 'vertex']);
  });

  it('order ranks the listed providers first, unlisted ones after in their own order', () => {
    expect(order(plan({ order: ['vertex'] }))).toEqual(['vertex:system', 'anthropic:system', 'bedrock:system']);
  });

  it('only filters first, then order ranks inside it', () => {
    expect(order(plan({ only: ['anthropic', 'vertex'], order: ['vertex', 'bedrock', 'anthropic'] }))).toEqual([
      'vertex:system',
      'anthropic:system',
    ]);
  });

  it('only with no provider serving the model is a 400 that names who does', () => {
    const error = rejection(() => plan({ only: ['groq'] }));
    expect(error.status).toBe(400);
    expect(error.type).toBe('no_providers_available');
    expect(error.message).toContain('anthropic, bedrock, vertex');
  });

  it("sort: 'cost' ranks by input price, cheapest first; order still promotes", () => {
    expect(order(plan({ sort: 'cost' }))).toEqual(['bedrock:system', 'anthropic:system', 'vertex:system']);
    expect(plan({ sort: 'cost' }).sort).toEqual({ option: 'cost', executionOrder: ['bedrock', 'anthropic', 'vertex'] });
    expect(plan({})).not.toHaveProperty('sort');
    expect(order(plan({ sort: 'cost', order: ['vertex'] }))).toEqual(['vertex:system', 'bedrock:system', 'anthropic:system']);
  });

  it("sort: 'ttft' and 'tps' use the server's own rolling measurements; unmeasured providers go last", () => {
    const stats = new ProviderStats();
    for (const ttftMs of [300, 320, 310]) stats.record('vertex', { ttftMs, outputTokens: 100, streamMs: 1000 });
    for (const ttftMs of [120, 900, 130]) stats.record('bedrock', { ttftMs, outputTokens: 100, streamMs: 250 });
    expect(stats.medianTtft('bedrock')).toBe(130);
    expect(order(plan({ sort: 'ttft' }, stats))).toEqual(['bedrock:system', 'vertex:system', 'anthropic:system']);
    expect(stats.medianTps('bedrock')).toBe(400);
    expect(order(plan({ sort: 'tps' }, stats))).toEqual(['bedrock:system', 'vertex:system', 'anthropic:system']);
  });

  it('BYOK credentials come first, each in turn, then the server credentials, for providers built by a factory', () => {
    const result = plan({ byok: { anthropic: [{ apiKey: 'user-key-a' }, { apiKey: 'user-key-b' }], bedrock: [{ accessKeyId: 'x' }] } });
    // bedrock is configured as an instance, so it cannot take a request's credentials.
    expect(order(result)).toEqual(['anthropic:byok', 'anthropic:byok', 'anthropic:system', 'bedrock:system', 'vertex:system']);
    expect(result.models[0]!.attempts[1]!.credential).toEqual({ apiKey: 'user-key-b' });
    // …and says so: the request's key was left out, not silently swapped for the server's.
    expect(result.skippedAttempts).toEqual([{ provider: 'bedrock', credentialType: 'byok', reason: 'byok_not_configured' }]);
    expect(plan({ byok: { anthropic: [{ apiKey: 'user-key-a' }] } })).not.toHaveProperty('skippedAttempts');
  });

  it('models adds fallback models, each with the same provider rules', () => {
    const result = plan({ models: ['openai/gpt-5.4'], only: ['anthropic', 'openai'] });
    expect(result.models.map((entry) => entry.model.id)).toEqual(['anthropic/claude-sonnet-4.6', 'openai/gpt-5.4']);
    expect(order(result, 1)).toEqual(['openai:system']);
  });

  it('an unknown model is a 404 model_not_found with param.modelId', () => {
    const error = rejection(() => planRoute('anthropic/claude-sonet', 'language', {}, config, new ProviderStats()));
    expect([error.status, error.type, error.param]).toEqual([404, 'model_not_found', { modelId: 'anthropic/claude-sonet' }]);
  });

  it('a model of another kind, or an unknown fallback model, is a 400', () => {
    expect(rejection(() => planRoute('openai/text-embedding-3-small', 'language', {}, config, new ProviderStats())).status).toBe(400);
    const error = rejection(() => plan({ models: ['openai/gpt-9'] }));
    expect([error.status, error.message]).toEqual([400, expect.stringContaining("'openai/gpt-9'")]);
  });

  it('a key limited to some models gets 403 for others, and fallbacks it may not use are skipped', () => {
    expect(rejection(() => plan({}, undefined, new Set(['openai/gpt-5.4']))).status).toBe(403);
    const result = plan({ models: ['openai/gpt-5.4'] }, undefined, new Set(['anthropic/claude-sonnet-4.6']));
    expect(result.models.map((entry) => entry.model.id)).toEqual(['anthropic/claude-sonnet-4.6']);
    expect(result.planningReasoning).toContain('not allowed for this key: openai/gpt-5.4');
  });
});

describe('RoutePlanner', () => {
  const MODEL = 'anthropic/claude-sonnet-4.6';

  it('plans a call that names no gateway options once per model, kind and key, as planRoute plans it', () => {
    const stats = new ProviderStats();
    const planner = new RoutePlanner(config, stats);
    const first = planner.plan(MODEL, 'language', {});
    expect(first).toEqual(planRoute(MODEL, 'language', {}, config, stats));
    expect(planner.plan(MODEL, 'language', {})).toBe(first);
    // Another model, and a key limited to some models, get plans of their own.
    expect(planner.plan('openai/gpt-5.4', 'language', {}).originalModelId).toBe('openai/gpt-5.4');
    const limited = new Set([MODEL]);
    expect(planner.plan(MODEL, 'language', {}, limited)).not.toBe(first);
    expect(rejection(() => planner.plan('openai/gpt-5.4', 'language', {}, limited)).status).toBe(403);
    expect(rejection(() => planner.plan('openai/gpt-5.4', 'language', {}, limited)).status).toBe(403);
    expect(rejection(() => planner.plan('openai/text-embedding-3-small', 'language', {})).status).toBe(400);
  });

  it('plans afresh a call with gateway options, and while a provider is failing', () => {
    let now = 0;
    const stats = new ProviderStats({ afterFailures: 1, forMs: 60_000 }, () => now);
    const planner = new RoutePlanner(config, stats);
    const healthy = planner.plan(MODEL, 'language', {});
    expect(order(planner.plan(MODEL, 'language', { order: ['vertex'] }))).toEqual(['vertex:system', 'anthropic:system', 'bedrock:system']);
    expect(planner.plan(MODEL, 'language', { order: ['vertex'] })).not.toBe(planner.plan(MODEL, 'language', { order: ['vertex'] }));
    stats.recordOutcome('anthropic', true);
    now = 1_000;
    const failing = planner.plan(MODEL, 'language', {});
    expect(order(failing)).toEqual(['bedrock:system', 'vertex:system', 'anthropic:system']);
    expect(failing.planningReasoning).toContain('Deprioritized while failing: anthropic');
    stats.recordOutcome('anthropic', false);
    expect(planner.plan(MODEL, 'language', {})).toBe(healthy);
  });

  it("shares remembered plans frozen, so no call can change another call's plan", () => {
    const remembered = new RoutePlanner(config, new ProviderStats()).plan(MODEL, 'language', {});
    expect(() => remembered.models[0]!.attempts.push(remembered.models[0]!.attempts[0]!)).toThrow(TypeError);
    expect(() => Object.assign(remembered.models[0]!.attempts[0]!, { provider: 'vertex' })).toThrow(TypeError);
    expect(() => remembered.fallbacksAvailable.push('groq')).toThrow(TypeError);
    expect(order(remembered)).toEqual(['anthropic:system', 'bedrock:system', 'vertex:system']);
  });
});

describe('routing filters: zeroDataRetention, disallowPromptTraining, headquarters, has, providerTimeouts', () => {
  // What the operator stated: anthropic has ZDR and no training (US); bedrock trains on nothing (US) and has no
  // ZDR; vertex says nothing. Endpoint capabilities and weight formats on the model's providers.
  const filtered = resolveServerConfig({
    providers: { anthropic: factory, bedrock: factory, vertex: instance, openai: instance },
    compliance: {
      anthropic: { zeroDataRetention: true, trainsOnPrompts: false, headquarters: 'us' },
      bedrock: { trainsOnPrompts: false, headquarters: 'US' },
      openai: { trainsOnPrompts: true, headquarters: 'US' },
    },
    models: {
      'anthropic/claude-sonnet-4.6': {
        providers: [
          { provider: 'anthropic', model: 'claude-sonnet-4-6', capabilities: ['vision', 'tool-use', 'reasoning'] },
          { provider: 'bedrock', model: 'anthropic.claude-sonnet-4-6', capabilities: ['tool-use'], quantization: 'bf16' },
          { provider: 'vertex', model: 'claude-sonnet-4-6@vertex', quantization: 'FP8' },
        ],
      },
      'openai/gpt-5.4': { providers: [{ provider: 'openai', model: 'gpt-5.4', capabilities: ['vision'] }] },
    },
    keys: [{ name: 'test', key: 'gateway-key-0123456789' }],
    env: {},
  }).config;
  const planFiltered = (options: Parameters<typeof planRoute>[2]) => planRoute('anthropic/claude-sonnet-4.6', 'language', options, filtered, new ProviderStats());
  const byok = { anthropic: [{ apiKey: 'user-key-a' }], bedrock: [{ apiKey: 'user-key-b' }] };

  it('zeroDataRetention keeps the providers stated to have an agreement, and drops every BYOK key', () => {
    const result = planFiltered({ zeroDataRetention: true, byok });
    expect(order(result)).toEqual(['anthropic:system']);
    expect(result.fallbacksAvailable).toEqual([]);
    expect(result.planningReasoning).toContain('Filtered by zeroDataRetention');
    expect(result.enabledFilters).toEqual({ zeroDataRetention: true, disallowPromptTraining: false });
    expect(result.skippedAttempts).toEqual([
      { provider: 'anthropic', credentialType: 'byok', reason: 'zdr_not_supported' },
      { provider: 'bedrock', credentialType: 'byok', reason: 'zdr_not_supported' },
      { provider: 'bedrock', credentialType: 'system', reason: 'zdr_not_supported' },
      { provider: 'vertex', credentialType: 'system', reason: 'zdr_not_supported' },
    ]);
    // No filter, nothing skipped or confirmed.
    expect(planFiltered({ byok })).not.toHaveProperty('skippedAttempts');
    expect(planFiltered({ byok })).not.toHaveProperty('enabledFilters');
  });

  it('disallowPromptTraining drops the server’s own credentials of providers that train or did not say, never BYOK keys', () => {
    expect(order(planFiltered({ disallowPromptTraining: true }))).toEqual(['anthropic:system', 'bedrock:system']);
    expect(order(planFiltered({ disallowPromptTraining: true, models: ['openai/gpt-5.4'] }), 0)).toEqual(['anthropic:system', 'bedrock:system']);
    // openai trains on prompts: the fallback model has nothing left, so it is not planned.
    expect(planFiltered({ disallowPromptTraining: true, models: ['openai/gpt-5.4'] }).models).toHaveLength(1);
    expect(order(planFiltered({ disallowPromptTraining: true, byok, order: ['vertex'] }))).toEqual(['anthropic:byok', 'anthropic:system', 'bedrock:byok', 'bedrock:system']);
  });

  it('headquarters allows or rules out countries (case aside); a provider with none stated never passes', () => {
    expect(order(planFiltered({ headquarters: ['US'] }))).toEqual(['anthropic:system', 'bedrock:system']);
    expect(order(planFiltered({ headquarters: ['us', 'DE'] }))).toEqual(['anthropic:system', 'bedrock:system']);
    const error = rejection(() => planFiltered({ headquarters: ['!US'] }));
    expect([error.status, error.type, error.param]).toEqual([400, 'no_providers_available', { modelId: 'anthropic/claude-sonnet-4.6' }]);
    expect(error.message).toContain("providerOptions.gateway headquarters ['!US']");
    expect(error.message).toContain('anthropic (headquartered in US), bedrock (headquartered in US), vertex (headquarters not stated)');
  });

  it('has requires every capability and weight format stated on the model’s provider; !quantization rules one out', () => {
    expect(order(planFiltered({ has: ['tool-use'] }))).toEqual(['anthropic:system', 'bedrock:system']);
    expect(order(planFiltered({ has: ['vision', 'reasoning'] }))).toEqual(['anthropic:system']);
    expect(order(planFiltered({ has: ['quantization:fp8'] }))).toEqual(['vertex:system']);
    // routing.skippedProviderAttempts gives each left-out credential its first reason.
    expect(planFiltered({ has: ['tool-use'], headquarters: ['US'] }).skippedAttempts).toEqual([{ provider: 'vertex', credentialType: 'system', reason: 'headquarters_not_allowed' }]);
    expect(planFiltered({ has: ['vision'] }).skippedAttempts).toEqual([
      { provider: 'bedrock', credentialType: 'system', reason: 'capability_not_supported' },
      { provider: 'vertex', credentialType: 'system', reason: 'capability_not_supported' },
    ]);
    expect(planFiltered({ has: ['!quantization:bf16'] }).skippedAttempts).toEqual([{ provider: 'bedrock', credentialType: 'system', reason: 'quantization_not_allowed' }]);
    // A provider with no format stated passes an exclusion.
    expect(order(planFiltered({ has: ['!quantization:fp8'] }))).toEqual(['anthropic:system', 'bedrock:system']);
    const error = rejection(() => planFiltered({ has: ['structured-output'], zeroDataRetention: true }));
    expect(error.message).toContain("zeroDataRetention, has ['structured-output']");
    expect(error.message).toContain('vertex (no structured-output stated; no zero-data-retention agreement stated)');
  });

  it('checks the options: a mixed or malformed headquarters list, an unknown capability, a BYOK timeout out of range', () => {
    const cases: Array<[Parameters<typeof planRoute>[2], RegExp]> = [
      [{ headquarters: ['US', '!CN'] }, /headquarters: .*cannot mix/],
      [{ headquarters: ['USA'] }, /headquarters: "USA" is not an ISO 3166-1 alpha-2/],
      [{ has: ['video'] }, /has: unknown capability "video"; use implicit-caching, reasoning/],
      [{ has: ['quantization:'] }, /has: "quantization:": a weight format/],
      [{ providerTimeouts: { byok: { anthropic: 500 } } }, /providerTimeouts\.byok\.anthropic: a timeout is a whole number of ms from 1,000 to 789,000/],
    ];
    for (const [options, message] of cases) {
      const error = rejection(() => planFiltered(options));
      expect([error.status, error.type]).toEqual([400, 'invalid_request_error']);
      expect(error.message).toMatch(message);
    }
  });

  it('providerTimeouts.byok sets the timeout of that provider’s BYOK attempts only', () => {
    const result = planFiltered({ byok, providerTimeouts: { byok: { anthropic: 5_000 } } });
    expect(result.models[0]!.attempts.map((attempt) => [attempt.provider, attempt.credentialType, attempt.timeoutMs])).toEqual([
      ['anthropic', 'byok', 5_000],
      ['anthropic', 'system', undefined],
      ['bedrock', 'byok', undefined],
      ['bedrock', 'system', undefined],
      ['vertex', 'system', undefined],
    ]);
  });

  it('GET /v1/models lists the capabilities a model’s providers state as its tags, and its terms', async () => {
    const { data } = (await openAIModelList(filtered).json()) as { data: Array<Record<string, unknown>> };
    expect(data.find((model) => model.id === 'anthropic/claude-sonnet-4.6')).toMatchObject({ tags: ['vision', 'tool-use', 'reasoning'], zdr: 'some', no_training: 'some' });
    expect(data.find((model) => model.id === 'openai/gpt-5.4')).toMatchObject({ tags: ['vision'], zdr: 'none', no_training: 'none' });
  });

  it('the config’s compliance and capabilities are checked at startup, naming the key and the fix', () => {
    const base = { providers: { anthropic: instance }, models: { 'a/b': { providers: [{ provider: 'anthropic', model: 'b' }] } }, keys: [{ name: 'test', key: 'gateway-key-0123456789' }], env: {} };
    const failure = (extra: Record<string, unknown>) => {
      try {
        resolveServerConfig({ ...base, ...extra } as Parameters<typeof resolveServerConfig>[0]);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(failure({ compliance: { openai: { zeroDataRetention: true } } })).toMatch(/compliance\.openai.*no provider named "openai".*anthropic/);
    expect(failure({ compliance: { anthropic: { headquarters: 'USA' } } })).toMatch(/compliance\.anthropic\.headquarters.*ISO 3166-1 alpha-2.*"US"/);
    expect(failure({ compliance: { anthropic: { zdr: true } } })).toMatch(/compliance\.anthropic\.zdr.*unknown term/);
    expect(failure({ compliance: { anthropic: { trainsOnPrompts: 'no' } } })).toMatch(/compliance\.anthropic\.trainsOnPrompts.*true or false/);
    expect(failure({ models: { 'a/b': { providers: [{ provider: 'anthropic', model: 'b', capabilities: ['video'] }] } } })).toMatch(/models\["a\/b"\]\.providers\[0\]\.capabilities.*vision/);
  });
});
