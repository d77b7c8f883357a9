import { InvalidArgumentError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { createGateway, GatewayModelNotFoundError, GatewayResponseError } from '../src';
import { majors, ORIGIN } from './support/majors';
import { BASE, json, mockGateway, failure } from './support/mock-gateway';

const gateway = mockGateway();

const catalog = {
  models: [
    {
      id: 'anthropic/claude-sonnet-4.6',
      name: 'Claude Sonnet 4.6',
      description: 'Balanced',
      pricing: { input: '0.000003', output: '0.000015', input_cache_read: '0.0000003', input_cache_write: '0.00000375' },
      specification: { specificationVersion: 'v2', provider: 'anthropic', modelId: 'claude-sonnet-4.6' },
      modelType: 'language',
    },
    {
      id: 'openai/text-embedding-3-small',
      name: 'Embedding small',
      pricing: { input: '0.00000002', output: '0' },
      specification: { specificationVersion: 'v3', provider: 'openai', modelId: 'text-embedding-3-small' },
      modelType: 'embedding',
    },
    {
      id: 'openai/sora-2',
      name: 'Sora',
      specification: { specificationVersion: 'v9', provider: 'openai', modelId: 'sora-2' },
      modelType: 'video',
    },
    {
      id: 'xai/grok-4',
      name: 'Grok 4',
      specification: { specificationVersion: 'v4', provider: 'xai', modelId: 'grok-4' },
    },
  ],
};

describe('getAvailableModels', () => {
  it('renames pricing keys, drops unknown model types and tolerates unknown spec versions', async () => {
    gateway.on('get', `${BASE}/config`, () => json(catalog));
    const { models } = await createGateway({ baseURL: BASE, apiKey: 'k' }).getAvailableModels();
    expect(models.map((m) => m.id)).toEqual(['anthropic/claude-sonnet-4.6', 'openai/text-embedding-3-small', 'xai/grok-4']);
    expect(models[0]!.pricing).toEqual({
      input: '0.000003',
      output: '0.000015',
      cachedInputTokens: '0.0000003',
      cacheCreationInputTokens: '0.00000375',
    });
    expect(models[2]!.specification.specificationVersion).toBe('v4');
    expect(gateway.requests[0]!.method).toBe('GET');
    expect(gateway.requests[0]!.headers.authorization).toBe('Bearer k');
  });

  it('caches, shares one in-flight request, and refetches after the refresh interval', async () => {
    gateway.on('get', `${BASE}/config`, () => json(catalog));
    const provider = createGateway({ baseURL: BASE, apiKey: 'k', metadataCacheRefreshMillis: 50 });
    const [a, b] = await Promise.all([provider.getAvailableModels(), provider.getAvailableModels()]);
    expect(a).toBe(b);
    await provider.getAvailableModels();
    expect(gateway.requests).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await provider.getAvailableModels();
    expect(gateway.requests).toHaveLength(2);
  });

  it('does not cache a failed fetch', async () => {
    gateway.on(
      'get',
      `${BASE}/config`,
      () => json({ error: { message: 'down', type: 'internal_server_error' } }, { status: 503 }),
      () => json(catalog),
    );
    const provider = createGateway({ baseURL: BASE, apiKey: 'k' });
    await expect(provider.getAvailableModels()).rejects.toThrow(/down/);
    expect((await provider.getAvailableModels()).models).toHaveLength(3);
  });

  it('rejects a catalog in the wrong shape', async () => {
    gateway.on('get', `${BASE}/config`, () => json({ models: [{ id: 1 }] }));
    const error = await failure(createGateway({ baseURL: BASE, apiKey: 'k' }).getAvailableModels());
    expect(GatewayResponseError.isInstance(error)).toBe(true);
    expect(error.message).toContain('models.0.id');
  });
});

const generationData = {
  id: 'gen_1', total_cost: 0.0042, market_cost: 0.004, surcharge_cost: 0.0002, gateway_cost: 0.0042,
  upstream_inference_cost: 0.004, usage: 0.0042, created_at: '2026-11-21T10:00:00Z', model: 'openai/gpt-5.4',
  is_byok: false, provider_name: 'openai', streamed: true, finish_reason: 'stop', latency: 120, generation_time: 900,
  tokens_prompt: 10, tokens_completion: 20, native_tokens_prompt: 10, native_tokens_completion: 20,
  native_tokens_reasoning: 0, native_tokens_cached: 5, native_tokens_cache_creation: 0, billable_web_search_calls: 0,
};

describe('account endpoints (on the base URL origin)', () => {
  it('getCredits', async () => {
    gateway.on('get', `${ORIGIN}/v1/credits`, () => json({ balance: '4.20', total_used: '0.80' }));
    expect(await createGateway({ baseURL: BASE, apiKey: 'k' }).getCredits()).toEqual({ balance: '4.20', totalUsed: '0.80' });
    expect(gateway.requests[0]!.url).toBe(`${ORIGIN}/v1/credits`);
  });

  it('getCredits scopes to a team by id or slug', async () => {
    gateway.on('get', `${ORIGIN}/v1/credits`, () => json({ balance: '1', total_used: '0' }));
    await createGateway({ baseURL: BASE, apiKey: 'k', teamIdOrSlug: 'team_123' }).getCredits();
    await createGateway({ baseURL: BASE, apiKey: 'k', teamIdOrSlug: 'acme' }).getCredits();
    expect(gateway.requests.map((r) => r.url)).toEqual([`${ORIGIN}/v1/credits?teamId=team_123`, `${ORIGIN}/v1/credits?slug=acme`]);
    expect(gateway.requests[1]!.headers['x-vercel-ai-gateway-team']).toBe('acme');
  });

  it('getGenerationInfo uses the names of the public client (promptTokens, not native_tokens_prompt)', async () => {
    gateway.on('get', `${ORIGIN}/v1/generation`, () => json({ data: generationData }));
    const info = await createGateway({ baseURL: BASE, apiKey: 'k' }).getGenerationInfo({ id: 'gen_1' });
    expect(gateway.requests[0]!.url).toBe(`${ORIGIN}/v1/generation?id=gen_1`);
    expect(info).toStrictEqual({
      id: 'gen_1', totalCost: 0.0042, marketCost: 0.004, surchargeCost: 0.0002, gatewayCost: 0.0042,
      upstreamInferenceCost: 0.004, usage: 0.0042, createdAt: '2026-11-21T10:00:00Z', model: 'openai/gpt-5.4',
      isByok: false, providerName: 'openai', streamed: true, finishReason: 'stop', latency: 120, generationTime: 900,
      promptTokens: 10, completionTokens: 20, reasoningTokens: 0, cachedTokens: 5, cacheCreationTokens: 0,
      billableWebSearchCalls: 0,
    });
  });

  it('getGenerationInfo rejects a generation that lacks a field the result promises', async () => {
    const { native_tokens_prompt: _dropped, ...incomplete } = generationData;
    gateway.on('get', `${ORIGIN}/v1/generation`, () => json({ data: incomplete }));
    const error = await failure(createGateway({ baseURL: BASE, apiKey: 'k' }).getGenerationInfo({ id: 'gen_1' }));
    expect(GatewayResponseError.isInstance(error)).toBe(true);
    expect(error.message).toContain('data.native_tokens_prompt');
  });

  it('getGenerationInfo needs an id', async () => {
    const error = await failure(createGateway({ baseURL: BASE, apiKey: 'k' }).getGenerationInfo({ id: '' }));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(gateway.requests).toHaveLength(0);
  });

  it('getSpendReport sends every filter and camelCases the rows', async () => {
    gateway.on('get', `${ORIGIN}/v1/report`, () =>
      json({ results: [{ model: 'openai/gpt-5.4', total_cost: 1.5, input_tokens: 100, cached_input_tokens: 10, request_count: 3 }] }),
    );
    const report = await createGateway({ baseURL: BASE, apiKey: 'k' }).getSpendReport({
      startDate: '2026-11-01', endDate: '2026-11-21', groupBy: 'model', datePart: 'day', userId: 'u-1',
      model: 'openai/gpt-5.4', provider: 'openai', credentialType: 'byok', tags: ['feature:chat', 'team:a'],
    });
    const url = new URL(gateway.requests[0]!.url);
    expect(url.pathname).toBe('/v1/report');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      start_date: '2026-11-01', end_date: '2026-11-21', group_by: 'model', date_part: 'day', user_id: 'u-1',
      model: 'openai/gpt-5.4', provider: 'openai', credential_type: 'byok', tags: 'feature:chat,team:a',
    });
    expect(report).toStrictEqual({
      results: [{ model: 'openai/gpt-5.4', totalCost: 1.5, inputTokens: 100, cachedInputTokens: 10, requestCount: 3 }],
    });
  });

  it('getSpendReport checks its dates before sending', async () => {
    await expect(
      createGateway({ baseURL: BASE, apiKey: 'k' }).getSpendReport({ startDate: '11/01/2026', endDate: '2026-11-21' }),
    ).rejects.toThrow(/startDate as YYYY-MM-DD/);
    expect(gateway.requests).toHaveLength(0);
  });

  it('rejects an account answer in the wrong shape', async () => {
    gateway.on('get', `${ORIGIN}/v1/credits`, () => json({ balance: 4.2 }));
    await expect(createGateway({ baseURL: BASE, apiKey: 'k' }).getCredits()).rejects.toThrow(/unexpected shape: balance/);
  });
});

describe('model id suggestions', () => {
  const notFound = (modelId: string) => () =>
    json({ error: { message: `Model ${modelId} not found`, type: 'model_not_found', param: { modelId } } }, { status: 404 });

  it.each(['anthropic/claude-sonnet-4-6', 'claude-sonnet-4.6', 'Anthropic/Claude_Sonnet_4.6'])(
    '%s → did you mean anthropic/claude-sonnet-4.6?',
    async (modelId) => {
      gateway.on('get', `${BASE}/config`, () => json(catalog));
      gateway.on('post', `${BASE}/language-model`, notFound(modelId));
      const error: any = await failure(createGateway({ baseURL: BASE, apiKey: 'k' })(modelId)
        .doGenerate({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] }));
      expect(GatewayModelNotFoundError.isInstance(error)).toBe(true);
      expect(error.message).toContain('Did you mean `anthropic/claude-sonnet-4.6`?');
    },
  );

  it('uses the cached catalog without fetching it again, and stays quiet with no close match', async () => {
    gateway.on('get', `${BASE}/config`, () => json(catalog));
    gateway.on('post', `${BASE}/embedding-model`, notFound('openai/totally-different'));
    const provider = createGateway({ baseURL: BASE, apiKey: 'k' });
    await provider.getAvailableModels();
    const error: any = await failure(provider.embeddingModel('openai/totally-different').doEmbed({ values: ['a'] }));
    expect(GatewayModelNotFoundError.isInstance(error)).toBe(true);
    expect(error.message).not.toContain('Did you mean');
    expect(gateway.requests.filter((r) => r.url.endsWith('/config'))).toHaveLength(1);
  });
});

describe.each(majors())('same results as the public client: $label', ({ version, base, ours, theirs }) => {
  const entry = (id: string, modelType: string | null | undefined, extra: object = {}) => ({
    id,
    name: id,
    description: `About ${id}`,
    pricing: { input: '0.000001', output: '0.000002' },
    specification: { specificationVersion: version, provider: id.split('/')[0], modelId: id.split('/')[1] },
    ...(modelType === undefined ? {} : { modelType }),
    ...extra,
  });
  const wideCatalog = {
    models: [
      entry('openai/gpt-5.4', 'language', {
        pricing: { input: '0.00000125', output: '0.00001', input_cache_read: '0.000000125', input_cache_write: null, web_search: '0.01' },
        context_window: 400000,
      }),
      entry('openai/text-embedding-3-small', 'embedding', { description: null }),
      entry('google/imagen-4', 'image', { pricing: null }),
      entry('cohere/rerank-v3.5', 'reranking'),
      entry('openai/tts-1', 'speech'),
      entry('openai/whisper-1', 'transcription'),
      entry('google/veo-3', 'video'),
      entry('openai/gpt-5.4-decision', 'decision'),
      entry('openai/gpt-5.4-eval', 'evaluation'),
      entry('openai/gpt-realtime', 'realtime'),
      entry('future/hologram-1', 'hologram'),
      entry('xai/grok-4', undefined, { description: undefined, pricing: undefined }),
      entry('zai/glm-5', null),
    ],
  };
  const keptTypes = {
    v2: ['language', 'embedding', 'image', undefined, null],
    v3: ['language', 'embedding', 'image', 'reranking', 'speech', 'transcription', 'video', undefined, null],
    v4: [
      'language', 'embedding', 'image', 'reranking', 'speech', 'transcription', 'video',
      'decision', 'evaluation', 'realtime', undefined, null,
    ],
  }[version];

  it('getAvailableModels: same entries, model types, pricing names and nulls', async () => {
    gateway.on('get', `${base}/config`, () => json(wideCatalog));
    const mine = await ours.getAvailableModels();
    const public_ = await theirs.getAvailableModels();
    expect(mine).toStrictEqual(public_);
    expect(mine.models.map((model) => model.modelType)).toEqual(keptTypes);
    expect(mine.models.find((model) => model.id === 'google/imagen-4')).toHaveProperty('pricing', null);
    expect(mine.models.find((model) => model.id === 'openai/text-embedding-3-small')).toHaveProperty('description', null);
    expect(mine.models[0]!.pricing).toStrictEqual({ input: '0.00000125', output: '0.00001', cachedInputTokens: '0.000000125' });
  });

  it('getCredits: same result', async () => {
    gateway.on('get', `${ORIGIN}/v1/credits`, () => json({ balance: '4.20', total_used: '0.80' }));
    expect(await ours.getCredits()).toStrictEqual(await theirs.getCredits());
  });

  it('getGenerationInfo: same names and values', async () => {
    const { market_cost: _m, surcharge_cost: _s, gateway_cost: _g, ...withoutBreakdown } = generationData;
    gateway.on('get', `${ORIGIN}/v1/generation`, () => json({ data: withoutBreakdown }));
    expect(await ours.getGenerationInfo({ id: 'gen_1' })).toStrictEqual(await theirs.getGenerationInfo({ id: 'gen_1' }));

    gateway.on('get', `${ORIGIN}/v1/generation`, () => json({ data: generationData }));
    const mine = await ours.getGenerationInfo({ id: 'gen_1' });
    const public_ = await theirs.getGenerationInfo({ id: 'gen_1' });
    if (version === 'v4') {
      expect(mine).toStrictEqual(public_);
    } else {
      // Differs on purpose: the cost breakdown the gateway sends is kept on every spec version;
      // the public client drops it before 4.x.
      expect(mine).toStrictEqual({ ...public_, marketCost: 0.004, surchargeCost: 0.0002, gatewayCost: 0.0042 });
    }
  });

  it('getSpendReport: same { results } with the same row names', async () => {
    gateway.on('get', `${ORIGIN}/v1/report`, () =>
      json({
        results: [
          { day: '2026-11-20', total_cost: 1.5, market_cost: 1.4, input_tokens: 100, output_tokens: 50, cached_input_tokens: 10,
            cache_creation_input_tokens: 5, reasoning_tokens: 7, request_count: 3 },
          { day: '2026-11-21', credential_type: 'byok', total_cost: 0 },
        ],
      }),
    );
    const params = { startDate: '2026-11-20', endDate: '2026-11-21', groupBy: 'day' } as const;
    const mine = await ours.getSpendReport(params);
    expect(mine).toStrictEqual(await theirs.getSpendReport(params));
    expect(mine.results[0]).toStrictEqual({
      day: '2026-11-20', totalCost: 1.5, marketCost: 1.4, inputTokens: 100, outputTokens: 50, cachedInputTokens: 10,
      cacheCreationInputTokens: 5, reasoningTokens: 7, requestCount: 3,
    });
  });
});
