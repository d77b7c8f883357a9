import { describe, expect, it } from 'vitest';
import { GatewayServerError } from '../../src/errors/gateway-server-error';
import { resolveServerConfig, type UpstreamProviderInstance } from '../../src/server/config';
import { ProviderStats } from '../../src/server/provider-stats';
import { planRoute, type RoutePlan } from '../../src/server/routing';

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
