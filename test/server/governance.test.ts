/**
 * Issue 13: rate limits, budgets, the response cache and the usage log, on the memory engines,
 * through the gateway server on a real socket (scenario-harness.ts) with fake upstreams, and
 * through real clients: modelgate's, the reference @ai-sdk/gateway 4.x and `ai` 7.
 */
import { createGateway as createPublicGateway } from 'gateway-v4';
import { embed, generateText, jsonSchema, streamText, tool } from 'ai-v7';
import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/v4';
import { MemoryCounterStore } from '../../src/storage/memory-counter-store';
import { MemoryUsageStore } from '../../src/storage/memory-usage-store';
import type { UsageRecord } from '../../src/storage/types';
import { listen, type ListeningServer } from '../fakes/listen';
import { GATEWAY_KEY, MODELS, OPENAI_BYOK_KEY, PRICES, startHarness, type Harness } from './scenario-harness';

const KEYS = {
  perMinute: 'mg-gov-per-minute-key-0001',
  tokens: 'mg-gov-tokens-per-day-key-02',
  concurrent: 'mg-gov-concurrent-key-00003',
  budget: 'mg-gov-budget-key-0000000004',
  users: 'mg-gov-users-key-00000000005',
  plain: 'mg-gov-plain-key-00000000006',
  cache: 'mg-gov-cache-key-00000000007',
} as const;

const START = Date.parse('2026-11-21T10:00:30Z');
let now = START;
const counters = new MemoryCounterStore({ now: () => now });
const usage = new MemoryUsageStore();
const logLines: string[] = [];
const webhookBodies: unknown[] = [];
let webhook: ListeningServer;
let harness: Harness;

const BUDGET_USD = 0.00004;
/** Less than one call costs: one call spends it. */
const TINY_USD = 0.000001;
const SOFT_USD = 0.00001;

beforeAll(async () => {
  webhook = await listen(async (request) => {
    webhookBodies.push(await request.json());
    return new Response(null, { status: 204 });
  });
  harness = await startHarness({
    config: {
      keys: [
        { name: 'scenarios', key: GATEWAY_KEY, admin: true },
        { name: 'per-minute', key: KEYS.perMinute, limits: { requestsPerMinute: 3 } },
        { name: 'tokens', key: KEYS.tokens, limits: { tokensPerDay: 60 } },
        { name: 'concurrent', key: KEYS.concurrent, limits: { concurrentRequests: 2 } },
        { name: 'budget', key: KEYS.budget, team: 'red', budget: { monthlyUsd: BUDGET_USD, softUsd: SOFT_USD } },
        { name: 'users', key: KEYS.users },
        { name: 'plain', key: KEYS.plain, team: 'blue' },
        { name: 'cache', key: KEYS.cache },
      ],
      limits: { perUser: { requestsPerMinute: 2 } },
      budgets: {
        tags: { 'proj:x': { monthlyUsd: TINY_USD } },
        users: { frank: { monthlyUsd: TINY_USD } },
        quotaEntities: { acme: { monthlyUsd: TINY_USD }, default: { monthlyUsd: BUDGET_USD } },
      },
      budgetWebhook: webhook.url,
    },
    options: { counters, usage, log: (line) => logLines.push(line) },
  });
}, 60_000);

afterAll(async () => {
  await harness?.close();
  await webhook?.close();
});

beforeEach(() => {
  harness.reset();
  // Each test starts at the beginning of a fresh minute, so earlier tests' windows are over.
  now = Math.ceil((now + 1) / 60_000) * 60_000 + 30_000;
});

const prompt = (text: string): LanguageModelV4CallOptions => ({ prompt: [{ role: 'user', content: [{ type: 'text', text }] }] });

/** A raw native generate call, to read status and headers exactly. */
function callRaw(key: string, gatewayOptions: Record<string, unknown> = {}, text = 'Hello'): Promise<Response> {
  return fetch(`${harness.url}/v4/ai/language-model`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'ai-language-model-specification-version': '4',
      'ai-language-model-id': MODELS.responses,
      'ai-language-model-streaming': 'false',
    },
    body: JSON.stringify({ prompt: [{ role: 'user', content: [{ type: 'text', text }] }], providerOptions: { gateway: gatewayOptions } }),
  });
}

async function records(filter: (record: UsageRecord) => boolean): Promise<UsageRecord[]> {
  await harness.gateway.flushUsage();
  return (await usage.recent(10_000)).filter(filter);
}

const upstreamCalls = () => harness.upstreams.openai.requests.length + harness.upstreams.azure.requests.length;

describe('rate limits', () => {
  it('3 requests per minute: exactly 3 admitted, then 429 whose retry-after is true', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 5; index++) statuses.push((await callRaw(KEYS.perMinute)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);

    const refused = await callRaw(KEYS.perMinute);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('rate_limit_exceeded');
    expect(body.error.message).toContain('3 requests per minute');
    const retryAfter = Number(refused.headers.get('retry-after'));
    // 30 s into the minute: the window ends in 30 s.
    expect(retryAfter).toBe(30);

    now += (retryAfter - 1) * 1000;
    expect((await callRaw(KEYS.perMinute)).status).toBe(429);
    now += 1000;
    expect((await callRaw(KEYS.perMinute)).status).toBe(200);
  });

  it('the modelgate client sees a rate-limit error; ai, honouring retry-after, succeeds on its next try', async () => {
    // Half a second before the minute ends: retry-after says 1.
    now = Math.floor(now / 60_000) * 60_000 + 59_500;
    for (let index = 0; index < 3; index++) expect((await callRaw(KEYS.perMinute)).status).toBe(200);
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.perMinute });
    const error = await gateway(MODELS.responses)
      .doGenerate(prompt('Over the limit'))
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toMatchObject({ statusCode: 429, type: 'rate_limit_exceeded' });

    // ai waits the retry-after second; the store's clock passes the minute meanwhile.
    let attempts = 0;
    const counted = createGateway({
      baseURL: `${harness.url}/v4/ai`,
      apiKey: KEYS.perMinute,
      fetch: (input, init) => {
        attempts++;
        return fetch(input, init);
      },
    });
    const startedAt = Date.now();
    setTimeout(() => (now += 1_000), 300);
    const result = await generateText({ model: counted(MODELS.responses), prompt: 'After the window', maxRetries: 1 });
    expect(result.text).toContain('After the window');
    expect(attempts).toBe(2);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
  });

  it('one limit across every model route: /v1/ai, /v3/ai, /v4/ai, OpenAI- and Anthropic-compatible, embeddings', async () => {
    const native = (base: string, version: string) =>
      fetch(`${harness.url}/${base}/ai/language-model`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEYS.perMinute}`, 'content-type': 'application/json', 'ai-language-model-specification-version': version, 'ai-language-model-id': MODELS.responses },
        body: JSON.stringify(prompt('Any route')),
      });
    expect((await native('v1', '2')).status).toBe(200);
    expect((await native('v3', '3')).status).toBe(200);
    const embeddings = await fetch(`${harness.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.perMinute}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.embedding, input: 'embed me' }),
    });
    expect(embeddings.status).toBe(200);
    const chat = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.perMinute}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.chat, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(chat.status).toBe(429);
    expect(chat.headers.get('retry-after')).toBe('30');
    const messages = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEYS.perMinute, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODELS.anthropic, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(messages.status).toBe(429);
    expect(((await messages.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error');
    expect((await native('v4', '4')).status).toBe(429);
  });

  it('per-user limits are independent of other users and of the key', async () => {
    const as = (user: string) => callRaw(KEYS.users, { user });
    expect([(await as('alice')).status, (await as('alice')).status, (await as('alice')).status]).toEqual([200, 200, 429]);
    expect([(await as('bob')).status, (await as('bob')).status]).toEqual([200, 200]);
    // No user: only the key's limits (none) apply.
    expect((await callRaw(KEYS.users)).status).toBe(200);
  });

  it("a user or tag with ':' or '%' cannot reach another's counters", async () => {
    // With raw string keys, "rpm:user:a:b" could be read as user "a" window "b"; encoded parts cannot collide.
    expect((await callRaw(KEYS.users, { user: 'mallory:1' })).status).toBe(200);
    expect((await callRaw(KEYS.users, { user: 'mallory:1' })).status).toBe(200);
    expect((await callRaw(KEYS.users, { user: 'mallory:1' })).status).toBe(429);
    for (const user of ['mallory', 'mallory%3A1', 'mallory:1:', 'mallory%253A1']) {
      expect((await callRaw(KEYS.users, { user })).status, user).toBe(200);
    }
    expect((await callRaw(KEYS.users, { user: 'x', tags: ['a:b', '100%'] })).status).toBe(200);
  });

  it('tokens per day: calls are admitted until the day is used up, then 429 until UTC midnight', async () => {
    let status = 200;
    let calls = 0;
    while (status === 200 && calls < 20) {
      status = (await callRaw(KEYS.tokens, {}, 'Count these tokens please')).status;
      calls++;
    }
    expect(status).toBe(429);
    const used = (await records((record) => record.keyName === 'tokens' && record.status === 200)).reduce((sum, record) => sum + record.inputTokens + record.outputTokens, 0);
    expect(used).toBeGreaterThanOrEqual(60);
    const refused = await callRaw(KEYS.tokens);
    const midnight = Date.UTC(2026, 10, new Date(now).getUTCDate() + 1);
    expect(Number(refused.headers.get('retry-after'))).toBe(Math.ceil((midnight - now) / 1000));
    now = midnight;
    expect((await callRaw(KEYS.tokens)).status).toBe(200);
  });

  it('concurrent requests: held streams take the slots; a third call gets 429 until one ends, also when the client aborts', async () => {
    harness.upstreams.openai.behavior.chunkDelayMs = 150;
    harness.upstreams.openai.behavior.deltas = 6;
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.concurrent });
    const first = new AbortController();
    const held = await Promise.all([
      gateway(MODELS.responses).doStream({ ...prompt('one'), abortSignal: first.signal }),
      gateway(MODELS.responses).doStream(prompt('two')),
    ]);
    const third = await callRaw(KEYS.concurrent);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('1');
    expect(((await third.json()) as { error: { message: string } }).error.message).toContain('2 calls in flight');

    // The client leaves mid-stream: its slot comes back.
    const reader = held[0].stream.getReader();
    await reader.read();
    first.abort();
    await reader.cancel().catch(() => undefined);
    await expect.poll(async () => (await callRaw(KEYS.concurrent)).status, { timeout: 3_000 }).toBe(200);
    const drain = held[1].stream.getReader();
    while (!(await drain.read()).done);
    harness.upstreams.openai.behavior.chunkDelayMs = 0;
    harness.upstreams.openai.behavior.deltas = undefined;
    expect((await callRaw(KEYS.concurrent)).status).toBe(200);
    const cancelled = await records((record) => record.keyName === 'concurrent' && record.status === 499);
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]).toMatchObject({ streamed: true, errorType: 'cancelled' });
    expect(cancelled[0]!.provider).toBeUndefined();
  });
});

describe('bad gateway options', () => {
  it.each([
    [{ user: 'u'.repeat(257) }, 'providerOptions.gateway.user'],
    [{ user: '' }, 'providerOptions.gateway.user'],
    [{ tags: Array.from({ length: 11 }, (_, index) => `t${index}`) }, 'providerOptions.gateway.tags'],
    [{ tags: ['ok', 't'.repeat(65)] }, 'providerOptions.gateway.tags.1'],
    [{ tags: ['ok', ''] }, 'providerOptions.gateway.tags.1'],
    [{ cacheControl: 'max-age=soon' }, 'providerOptions.gateway.cacheControl'],
    [{ quotaEntityId: 'q'.repeat(257) }, 'providerOptions.gateway.quotaEntityId'],
    [{ quotaEntityId: 42 }, 'providerOptions.gateway.quotaEntityId'],
  ])('%j → 400 naming %s', async (options, param) => {
    const response = await callRaw(KEYS.plain, options);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { type: string; param: string; message: string } };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param });
    expect(body.error.message).toContain(param.split('.').slice(0, 3).join('.'));
  });

  it('256 characters and 10 tags (duplicates counted once) are accepted', async () => {
    const tags = [...Array.from({ length: 10 }, (_, index) => `t${index}`), 't0'];
    expect((await callRaw(KEYS.plain, { user: 'u'.repeat(256), tags })).status).toBe(200);
  });
});

describe('budgets', () => {
  it('hard stop: 402 quota_for_entity_exceeded once the month is spent; the soft event fires once (log and webhook)', async () => {
    const costs: number[] = [];
    let refused: Response | undefined;
    for (let index = 0; index < 20 && !refused; index++) {
      const response = await callRaw(KEYS.budget, {}, 'Spend a little money on this reply');
      if (response.status === 402) refused = response;
      else {
        expect(response.status).toBe(200);
        const body = (await response.json()) as { providerMetadata: { gateway: { cost: string } } };
        costs.push(Number(body.providerMetadata.gateway.cost));
      }
    }
    expect(refused).toBeDefined();
    const spent = costs.reduce((sum, cost) => sum + cost, 0);
    // Admitted while under the budget; refused once at or over it.
    expect(spent).toBeGreaterThanOrEqual(BUDGET_USD);
    expect(spent - costs[costs.length - 1]!).toBeLessThan(BUDGET_USD);
    const body = (await refused!.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('quota_for_entity_exceeded');
    expect(body.error.message).toMatch(/^Budget exhausted for key "budget": spent \$0\.0000\d+ of \$0\.00004 this month \(resets 2026-12-01T00:00:00Z\)\.$/);

    await expect.poll(() => webhookBodies.length).toBe(1);
    expect(webhookBodies[0]).toMatchObject({ type: 'budget.soft_threshold', scope: 'key', name: 'budget', month: '2026-11', softUsd: SOFT_USD, monthlyUsd: BUDGET_USD });
    expect(logLines.filter((line) => line.includes('soft threshold reached for key "budget"'))).toHaveLength(1);

    // The refusals are logged too, once each, costing nothing.
    const refusals = await records((record) => record.keyName === 'budget' && record.status === 402);
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(refusals.every((record) => record.cost === 0 && record.errorType === 'quota_for_entity_exceeded' && record.team === 'red')).toBe(true);

    // The reference client reports 402 as an error with that status; credits show the budget.
    const reference = createPublicGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.budget });
    await expect(reference(MODELS.responses).doGenerate(prompt('Still broke'))).rejects.toMatchObject({ statusCode: 402 });
    const credits = await createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.budget }).getCredits();
    expect(Number(credits.totalUsed)).toBeCloseTo(spent, 8);
    expect(credits.balance).toBe('0');

    // A new month starts afresh.
    now = Date.parse('2026-12-01T00:00:30Z');
    expect((await callRaw(KEYS.budget)).status).toBe(200);
  });
});

describe('budgets by tag and user', () => {
  it("a tag's budget stops every call carrying it, and only those; look-alike tags with ':' or '%' are other tags", async () => {
    expect((await callRaw(KEYS.plain, { tags: ['proj:x'] })).status).toBe(200);
    const refused = await callRaw(KEYS.plain, { tags: ['other', 'proj:x'] });
    expect(refused.status).toBe(402);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('tag "proj:x"');
    for (const tags of [['proj'], ['proj%3Ax'], ['x'], ['proj:x:'], ['proj:X']]) {
      expect((await callRaw(KEYS.plain, { tags })).status, tags[0]).toBe(200);
    }
  });

  it("a user's budget stops that user only", async () => {
    now += 60_000;
    expect((await callRaw(KEYS.plain, { user: 'frank' })).status).toBe(200);
    expect((await callRaw(KEYS.plain, { user: 'frank' })).status).toBe(402);
    expect((await callRaw(KEYS.plain, { user: 'frank:' })).status).toBe(200);
    expect((await callRaw(KEYS.plain, { user: 'grace' })).status).toBe(200);
  });
});

describe('budgets by quota entity (providerOptions.gateway.quotaEntityId)', () => {
  it("an entity's budget counts its calls from every key and stops only that entity; others spend the default budget each on their own", async () => {
    const ask = (apiKey: string, quotaEntityId?: string) =>
      generateText({
        model: createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey })(MODELS.responses),
        prompt: 'Bill this to my tenant',
        maxRetries: 0,
        ...(quotaEntityId !== undefined ? { providerOptions: { gateway: { quotaEntityId } } } : {}),
      });
    const first = await ask(KEYS.plain, 'acme');
    const cost = Number((first.providerMetadata?.gateway as { cost: string }).cost);
    expect(cost).toBeGreaterThan(TINY_USD);

    // acme's own budget is spent, whichever key asks; the refusal names the entity.
    for (const key of [KEYS.plain, KEYS.users]) {
      const refused = await callRaw(key, { quotaEntityId: 'acme' });
      expect(refused.status).toBe(402);
      const body = (await refused.json()) as { error: { type: string; message: string } };
      expect(body.error.type).toBe('quota_for_entity_exceeded');
      expect(body.error.message).toMatch(/^Budget exhausted for quota entity "acme": spent \$0\.0000\d+ of \$0\.000001 this month/);
    }
    await expect(ask(KEYS.plain, 'acme')).rejects.toMatchObject({ statusCode: 402 });

    // Entities without a budget of their own get the default one each, with their own spend; calls naming none are not limited by it.
    const spendDefault = async (entity: string) => {
      const costs: number[] = [];
      for (;;) {
        const response = await callRaw(KEYS.plain, { quotaEntityId: entity });
        if (response.status !== 200) {
          expect(response.status).toBe(402);
          return costs;
        }
        costs.push(Number(((await response.json()) as { providerMetadata: { gateway: { cost: string } } }).providerMetadata.gateway.cost));
      }
    };
    const globex = await spendDefault('globex');
    const spent = globex.reduce((sum, each) => sum + each, 0);
    // Admitted while under the budget, refused once at or over it.
    expect(spent).toBeGreaterThanOrEqual(BUDGET_USD);
    expect(spent - globex[globex.length - 1]!).toBeLessThan(BUDGET_USD);
    const globexCalls = globex.length;
    expect((await spendDefault('initech')).length).toBe(globexCalls);
    expect((await callRaw(KEYS.plain, { quotaEntityId: 'acme:' })).status).toBe(200);
    expect((await callRaw(KEYS.plain)).status).toBe(200);

    // The usage log keeps the entity; /v1/report groups and filters by it.
    const logged = await records((record) => record.keyName === 'plain' && record.quotaEntity === 'acme');
    expect(logged.map((record) => record.status).sort()).toEqual([200, 402, 402]);
    const today = new Date(Date.now()).toISOString().slice(0, 10);
    const report = async (query: string) => {
      const response = await fetch(`${harness.url}/v1/report?start_date=${today}&end_date=${today}&${query}`, { headers: { authorization: `Bearer ${GATEWAY_KEY}` } });
      expect(response.status).toBe(200);
      return ((await response.json()) as { results: Array<{ quota_entity?: string; key?: string; request_count: number; total_cost: number }> }).results;
    };
    const byEntity = await report('group_by=quota_entity&key=plain');
    expect(byEntity.filter((row) => row.quota_entity !== undefined).map((row) => [row.quota_entity, row.request_count])).toEqual([
      ['acme', 3],
      ['acme:', 1],
      ['globex', globexCalls + 1],
      ['initech', globexCalls + 1],
    ]);
    expect((await report('group_by=key&quota_entity=acme')).map((row) => [row.key, row.request_count])).toEqual([
      ['plain', 3],
      ['users', 1],
    ]);
  });
});

describe('one usage record per call, and the spend rule', () => {
  it('a streamed call is counted at its finish part, at the serving provider price', async () => {
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.plain });
    const result = streamText({ model: gateway(MODELS.responses), prompt: 'Stream me', providerOptions: { gateway: { user: 'carol', tags: ['feature:chat'] } } });
    await result.consumeStream();
    const metadata = (await result.providerMetadata)?.gateway as { generationId: string; cost: string };
    const totalUsage = await result.usage;
    const [record] = await records((entry) => entry.id === metadata.generationId);
    expect(record).toMatchObject({
      keyName: 'plain',
      team: 'blue',
      user: 'carol',
      tags: ['feature:chat'],
      model: MODELS.responses,
      provider: 'openai',
      providerModel: 'gpt-4o-mini',
      status: 200,
      streamed: true,
      cacheHit: false,
      inputTokens: totalUsage.inputTokens,
      outputTokens: totalUsage.outputTokens,
    });
    const expected = totalUsage.inputTokens! * Number(PRICES.openai.input) + totalUsage.outputTokens! * Number(PRICES.openai.output);
    expect(record!.cost).toBeCloseTo(expected, 15);
    expect(Number(metadata.cost)).toBeCloseTo(expected, 12);
    expect(record!.ttftMs).toBeGreaterThanOrEqual(0);
    expect(record!.latencyMs).toBeGreaterThanOrEqual(record!.ttftMs);
    expect(record!.prompt).toBeUndefined();
  });

  it('a failed-over call costs what the provider that served it charges, and keeps every attempt', async () => {
    harness.upstreams.openai.script.push({ kind: 'status', status: 503 });
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.plain });
    const result = await generateText({ model: gateway(MODELS.responses), prompt: 'Fail over', maxRetries: 0 });
    const metadata = result.providerMetadata?.gateway as { generationId: string };
    const [record] = await records((entry) => entry.id === metadata.generationId);
    expect(record!.provider).toBe('azure');
    expect(record!.attempts.map((attempt) => [attempt.provider, attempt.success, attempt.statusCode])).toEqual([
      ['openai', false, 503],
      ['azure', true, 200],
    ]);
    const expected = result.usage.inputTokens! * Number(PRICES.azure.input) + result.usage.outputTokens! * Number(PRICES.azure.output);
    expect(record!.cost).toBeCloseTo(expected, 15);
  });

  it('a call whose every attempt fails gets one record with status, error type and cost 0', async () => {
    harness.upstreams.openai.script.push({ kind: 'status', status: 500 });
    harness.upstreams.azure.script.push({ kind: 'status', status: 500 });
    const response = await callRaw(KEYS.plain);
    expect(response.status).toBe(500);
    const { generationId } = (await response.json()) as { generationId: string };
    const matching = await records((entry) => entry.id === generationId);
    expect(matching).toHaveLength(1);
    expect(matching[0]).toMatchObject({ status: 500, errorType: 'internal_server_error', cost: 0 });
    expect(matching[0]!.provider).toBeUndefined();
    expect(matching[0]!.attempts.map((attempt) => attempt.provider)).toEqual(['openai', 'azure']);
    // /v1/generation answers for it too, in the protocol's shape.
    const info = await createPublicGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.plain }).getGenerationInfo({ id: generationId });
    expect(info).toMatchObject({ id: generationId, totalCost: 0, finishReason: 'error' });
  });

  it('a 4xx (unknown model) and a 429 from governance itself are logged once each', async () => {
    const ids: string[] = [];
    const statuses: number[] = [];
    for (let index = 0; index < 4; index++) {
      const response = await callRaw(KEYS.perMinute);
      statuses.push(response.status);
      const body = (await response.json()) as { generationId?: string; providerMetadata?: { gateway: { generationId: string } } };
      ids.push(body.generationId ?? body.providerMetadata!.gateway.generationId);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const logged = await records((entry) => ids.includes(entry.id));
    expect(logged.map((entry) => [entry.status, entry.errorType]).sort()).toEqual([
      [200, undefined],
      [200, undefined],
      [200, undefined],
      [429, 'rate_limit_exceeded'],
    ]);

    const unknown = await fetch(`${harness.url}/v4/ai/language-model`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.plain}`, 'ai-language-model-specification-version': '4', 'ai-language-model-id': 'nobody/nothing', 'content-type': 'application/json' },
      body: JSON.stringify(prompt('x')),
    });
    expect(unknown.status).toBe(404);
    const { generationId } = (await unknown.json()) as { generationId: string };
    expect(await records((entry) => entry.id === generationId)).toMatchObject([{ status: 404, errorType: 'model_not_found', model: 'nobody/nothing' }]);
  });

  it('a client that aborts a non-streamed call mid-flight leaves one record with status 499', async () => {
    harness.upstreams.openai.script.push({ kind: 'stallBeforeFirstToken', ms: 400 });
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.plain });
    const controller = new AbortController();
    const startedAt = Date.now();
    setTimeout(() => controller.abort(), 100);
    await expect(gateway(MODELS.responses).doGenerate({ ...prompt('Abort me please'), abortSignal: controller.signal })).rejects.toThrow();
    await expect
      .poll(async () => (await records((entry) => entry.keyName === 'plain' && entry.status === 499 && entry.createdAt >= startedAt)).length, { timeout: 3_000 })
      .toBe(1);
  });

  it('BYOK calls are logged with their cost but do not count against budgets or credits', async () => {
    const credits = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.plain });
    const before = await credits.getCredits();
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.plain });
    const result = await generateText({
      model: gateway(MODELS.responses),
      prompt: 'My own key',
      providerOptions: { gateway: { byok: { openai: [{ apiKey: OPENAI_BYOK_KEY }] } } },
    });
    const metadata = result.providerMetadata?.gateway as { generationId: string };
    const [record] = await records((entry) => entry.id === metadata.generationId);
    expect(record).toMatchObject({ credentialType: 'byok', status: 200 });
    expect(record!.cost).toBeGreaterThan(0);
    const after = await credits.getCredits();
    expect(after).toEqual(before);

    // What the gateway charged (total_cost) is 0; what the call cost at the provider's price is market_cost.
    const info = await gateway.getGenerationInfo({ id: metadata.generationId });
    expect(info).toMatchObject({ isByok: true, totalCost: 0, usage: 0, marketCost: record!.cost, upstreamInferenceCost: record!.cost });
    const today = new Date().toISOString().slice(0, 10);
    const report = await gateway.getSpendReport({ startDate: today, endDate: today, groupBy: 'credential_type', credentialType: 'byok' });
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ credentialType: 'byok', totalCost: 0 });
    expect(report.results[0]!.marketCost).toBeGreaterThanOrEqual(record!.cost);
  });

  it('usage records of OpenAI- and Anthropic-compatible calls', async () => {
    const chat = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.plain}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.chat, messages: [{ role: 'user', content: 'hi' }], providerOptions: { gateway: { user: 'dave' } } }),
    });
    expect(chat.status).toBe(200);
    const messages = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEYS.plain, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODELS.anthropic, max_tokens: 50, messages: [{ role: 'user', content: 'hi' }], providerOptions: { gateway: { user: 'dave' } } }),
    });
    expect(messages.status).toBe(200);
    const daves = await records((entry) => entry.user === 'dave');
    expect(daves.map((entry) => [entry.model, entry.status]).sort()).toEqual([
      [MODELS.anthropic, 200],
      [MODELS.chat, 200],
    ]);
  });

  it('ai-reporting-user and ai-reporting-tags headers attribute a call whose body names no user or tags (the body wins when it does)', async () => {
    const send = (gateway: Record<string, unknown>) =>
      fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEYS.plain}`, 'content-type': 'application/json', 'ai-reporting-user': 'gina', 'ai-reporting-tags': 'feature:ide, team:tools' },
        body: JSON.stringify({ model: MODELS.chat, messages: [{ role: 'user', content: 'hi' }], providerOptions: { gateway } }),
      });
    expect((await send({})).status).toBe(200);
    expect((await send({ user: 'hank', tags: ['feature:web'] })).status).toBe(200);
    expect((await records((entry) => entry.user === 'gina')).map((entry) => entry.tags)).toEqual([['feature:ide', 'team:tools']]);
    expect((await records((entry) => entry.user === 'hank')).map((entry) => entry.tags)).toEqual([['feature:web']]);
  });
});

describe('response cache', () => {
  const cached = (cacheControl: string, extra: Record<string, unknown> = {}) => ({ gateway: { cacheControl, ...extra } });

  it('generate: a hit is marked, costs 0, never reaches the upstream, and is logged as a hit', async () => {
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.cache });
    const model = gateway(MODELS.responses);
    const first = await generateText({ model, prompt: 'Cache me', providerOptions: cached('max-age=60') });
    const calls = upstreamCalls();
    const creditsBefore = await gateway.getCredits();
    const second = await generateText({ model, prompt: 'Cache me', providerOptions: cached('max-age=60', { user: 'someone-else', tags: ['x'] }) });
    expect(upstreamCalls()).toBe(calls);
    expect(second.text).toBe(first.text);
    const gatewayMetadata = second.providerMetadata?.gateway as { cost: string; generationId: string; cache: { hit: boolean; ageSeconds: number } };
    expect(gatewayMetadata.cost).toBe('0');
    expect(gatewayMetadata.cache).toMatchObject({ hit: true, ageSeconds: 0 });
    expect(gatewayMetadata.generationId).not.toBe((first.providerMetadata?.gateway as { generationId: string }).generationId);
    const [record] = await records((entry) => entry.id === gatewayMetadata.generationId);
    expect(record).toMatchObject({ cacheHit: true, cost: 0, status: 200, user: 'someone-else' });
    expect(await gateway.getCredits()).toEqual(creditsBefore);

    // Expired after max-age on the store's clock.
    now += 61_000;
    await generateText({ model, prompt: 'Cache me', providerOptions: cached('max-age=60') });
    expect(upstreamCalls()).toBe(calls + 1);
  });

  it('embeddings: a hit is marked, costs 0 and never reaches the upstream; other text is a miss', async () => {
    const embeddingCalls = () => [...harness.upstreams.openai.requests, ...harness.upstreams.azure.requests].filter((entry) => entry.path.endsWith('/embeddings')).length;
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.cache });
    const model = gateway.embeddingModel(MODELS.embedding);
    const first = await embed({ model, value: 'Cache this vector', providerOptions: cached('max-age=60') });
    const calls = embeddingCalls();
    const second = await embed({ model, value: 'Cache this vector', providerOptions: cached('max-age=60') });
    expect(embeddingCalls()).toBe(calls);
    expect(second.embedding).toEqual(first.embedding);
    const gatewayMetadata = second.providerMetadata?.gateway as { cost: string; generationId: string; cache: { hit: boolean } };
    expect(gatewayMetadata).toMatchObject({ cost: '0', cache: { hit: true } });
    const [record] = await records((entry) => entry.id === gatewayMetadata.generationId);
    expect(record).toMatchObject({ kind: 'embedding', cacheHit: true, cost: 0, status: 200 });
    await embed({ model, value: 'Another text', providerOptions: cached('max-age=60') });
    expect(embeddingCalls()).toBe(calls + 1);
  });

  it('no-store, no-cache and max-age=0 bypass; the key covers parameters and tools', async () => {
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.cache });
    const model = gateway(MODELS.responses);
    await generateText({ model, prompt: 'Key test', providerOptions: cached('max-age=600') });
    let calls = upstreamCalls();
    for (const bypass of ['no-store', 'no-cache', 'max-age=0']) {
      await generateText({ model, prompt: 'Key test', providerOptions: cached(bypass) });
      expect(upstreamCalls(), bypass).toBe(++calls);
    }
    await generateText({ model, prompt: 'Key test', temperature: 0.3, providerOptions: cached('max-age=600') });
    expect(upstreamCalls()).toBe(++calls);
    await generateText({
      model,
      prompt: 'Key test',
      tools: { lookup: tool({ description: 'Looks up', inputSchema: jsonSchema<Record<string, never>>({ type: 'object', properties: {} }) }) },
      providerOptions: cached('max-age=600'),
    });
    expect(upstreamCalls()).toBe(++calls);
    // And the same call again is a hit.
    await generateText({ model, prompt: 'Key test', temperature: 0.3, providerOptions: cached('s-maxage=600, max-age=0') });
    expect(upstreamCalls()).toBe(calls);
  });

  it('stream: stored only after its finish part, then replayed as a stream (modelgate client and ai streamText)', async () => {
    harness.upstreams.openai.behavior.chunkDelayMs = 100;
    harness.upstreams.openai.behavior.deltas = 5;
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.cache });
    const options = { ...prompt('Stream and cache'), providerOptions: cached('max-age=600') };
    const first = await gateway(MODELS.responses).doStream(options);
    const firstReader = first.stream.getReader();
    await firstReader.read();
    // The first stream has not finished: a second identical stream must go upstream.
    const second = await gateway(MODELS.responses).doStream(options);
    expect(harness.upstreams.openai.requests).toHaveLength(2);
    const drain = async (reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart>) => {
      const parts: LanguageModelV4StreamPart[] = [];
      for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
      return parts;
    };
    await drain(firstReader);
    await drain(second.stream.getReader());
    harness.upstreams.openai.behavior.chunkDelayMs = 0;

    const replay = await drain((await gateway(MODELS.responses).doStream(options)).stream.getReader());
    expect(harness.upstreams.openai.requests).toHaveLength(2);
    expect(replay.filter((part) => part.type === 'text-delta').length).toBe(5);
    const finish = replay.find((part) => part.type === 'finish');
    expect(finish?.providerMetadata?.gateway).toMatchObject({ cost: '0', cache: { hit: true } });

    // Through ai's streamText: the first call is stored, the second replayed part by part.
    const viaAi = () => streamText({ model: gateway(MODELS.responses), prompt: 'Stream and cache via ai', providerOptions: cached('max-age=600') });
    const stored = viaAi();
    const storedChunks: string[] = [];
    for await (const chunk of stored.textStream) storedChunks.push(chunk);
    expect(harness.upstreams.openai.requests).toHaveLength(3);
    const replayed = viaAi();
    const chunks: string[] = [];
    for await (const chunk of replayed.textStream) chunks.push(chunk);
    expect(chunks).toEqual(storedChunks);
    expect(chunks.length).toBe(5);
    expect(((await replayed.providerMetadata)?.gateway as { cache: { hit: boolean } }).cache.hit).toBe(true);
    expect(harness.upstreams.openai.requests).toHaveLength(3);
    harness.upstreams.openai.behavior.deltas = undefined;
    // A generate call with the same prompt is another key (streaming is part of it).
    await generateText({ model: gateway(MODELS.responses), prompt: 'Stream and cache via ai', providerOptions: cached('max-age=600') });
    expect(harness.upstreams.openai.requests).toHaveLength(4);
  });

  it('a stream cut before its finish part is not stored', async () => {
    harness.upstreams.openai.script.push({ kind: 'errorAfterContent', afterDeltas: 1 });
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.cache });
    const options = { ...prompt('Broken stream'), providerOptions: cached('max-age=600') };
    const reader = (await gateway(MODELS.responses).doStream(options)).stream.getReader();
    while (!(await reader.read()).done);
    await gateway(MODELS.responses).doStream(options).then(async ({ stream }) => {
      const again = stream.getReader();
      while (!(await again.read()).done);
    });
    expect(harness.upstreams.openai.requests).toHaveLength(2);
  });

  it('stale-while-revalidate: one request refreshes, the others get the stale answer', async () => {
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.cache });
    const model = gateway(MODELS.responses);
    const control = cached('max-age=10, stale-while-revalidate=60');
    await generateText({ model, prompt: 'Stale', providerOptions: control });
    now += 20_000;
    // The refreshing request's upstream answer comes late, so the second request arrives while it is out.
    harness.upstreams.openai.script.push({ kind: 'stallBeforeFirstToken', ms: 400 });
    const [refresh, stale] = await Promise.all([
      generateText({ model, prompt: 'Stale', providerOptions: control }),
      new Promise((resolve) => setTimeout(resolve, 100)).then(() => generateText({ model, prompt: 'Stale', providerOptions: control })),
    ]);
    expect((refresh.providerMetadata?.gateway as { cache?: unknown }).cache).toBeUndefined();
    expect((stale.providerMetadata?.gateway as { cache: { ageSeconds: number } }).cache.ageSeconds).toBe(20);
    expect(harness.upstreams.openai.requests).toHaveLength(2);
  });
});

describe('caching: auto', () => {
  it('adds an ephemeral cache marker on the last system message for an Anthropic upstream only', async () => {
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.plain });
    const options: LanguageModelV4CallOptions = {
      prompt: [
        { role: 'system', content: 'You are a careful assistant with a long static preamble.' },
        { role: 'user', content: [{ type: 'text', text: 'Question' }] },
      ],
      providerOptions: { gateway: { caching: 'auto' } },
    };
    const snapshot = structuredClone(options);
    await gateway(MODELS.anthropic).doGenerate(options);
    expect(options).toEqual(snapshot);
    const sent = harness.upstreams.anthropic.requests[0]!.body as { system: Array<{ cache_control?: unknown }>; messages: Array<{ content: Array<{ cache_control?: unknown }> }> };
    expect(sent.system.at(-1)!.cache_control).toEqual({ type: 'ephemeral' });
    expect(sent.messages.flatMap((message) => message.content).some((part) => part.cache_control)).toBe(false);

    // Without caching: 'auto', nothing is added.
    await gateway(MODELS.anthropic).doGenerate({ ...options, providerOptions: {} });
    const plain = harness.upstreams.anthropic.requests[1]!.body as { system: Array<{ cache_control?: unknown }> };
    expect(plain.system.at(-1)!.cache_control).toBeUndefined();

    // An OpenAI upstream gets no Anthropic markers.
    await gateway(MODELS.chat).doGenerate(options);
    expect(JSON.stringify(harness.upstreams.azure.requests[0]!.body)).not.toContain('cache_control');
  });
});

describe('credits: { enforce: true }', () => {
  it('refuses calls with 402 insufficient_funds once spend reaches the balance, and /v1/credits shows it', async () => {
    const enforced = await startHarness({ config: { credits: { balance: TINY_USD, enforce: true } }, options: { counters: new MemoryCounterStore(), usage: new MemoryUsageStore() }, skipWarmUp: true });
    try {
      const gateway = createGateway({ baseURL: `${enforced.url}/v4/ai`, apiKey: GATEWAY_KEY });
      // The balance is less than one call costs: the first call is admitted and spends it.
      await generateText({ model: gateway(MODELS.responses), prompt: 'Spend the credits' });
      const refused = await fetch(`${enforced.url}/v4/ai/language-model`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${GATEWAY_KEY}`,
          'content-type': 'application/json',
          'ai-language-model-specification-version': '4',
          'ai-language-model-id': MODELS.responses,
          'ai-language-model-streaming': 'false',
        },
        body: JSON.stringify({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'One more' }] }] }),
      });
      expect(refused.status).toBe(402);
      const body = (await refused.json()) as { error: { type: string; message: string } };
      expect(body.error.type).toBe('insufficient_funds');
      expect(body.error.message).toContain('credits.balance');
      const credits = await gateway.getCredits();
      expect(credits.balance).toBe('0');
      expect(Number(credits.totalUsed)).toBeGreaterThan(TINY_USD);
    } finally {
      await enforced.close();
    }
  });
});

describe('usageLog.storePrompts', () => {
  it('keeps prompt and completion text only when turned on', async () => {
    const store = new MemoryUsageStore();
    const withPrompts = await startHarness({ config: { usageLog: { storePrompts: true } }, options: { usage: store }, skipWarmUp: true });
    try {
      const gateway = createGateway({ baseURL: `${withPrompts.url}/v4/ai`, apiKey: GATEWAY_KEY });
      const generated = await generateText({ model: gateway(MODELS.responses), prompt: 'Remember this prompt' });
      const streamed = streamText({ model: gateway(MODELS.responses), prompt: 'And this one' });
      await streamed.consumeStream();
      await withPrompts.gateway.flushUsage();
      const kept = await store.recent(10);
      expect(kept).toHaveLength(2);
      for (const entry of kept) {
        expect(entry.prompt).toContain(entry.streamed ? 'And this one' : 'Remember this prompt');
        expect(entry.completion).toBe(entry.streamed ? await streamed.text : generated.text);
      }
    } finally {
      await withPrompts.close();
    }
    // The main harness keeps none.
    expect((await records(() => true)).every((entry) => entry.prompt === undefined && entry.completion === undefined)).toBe(true);
  });
});

describe('/v1/report and /v1/generation through the clients', () => {
  it('modelgate and the reference client read the same report; non-admin keys see only their own records', async () => {
    const today = new Date(Date.now()).toISOString().slice(0, 10);
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.plain });
    const tagged = await generateText({ model: gateway(MODELS.responses), prompt: 'Report me', providerOptions: { gateway: { user: 'erin', tags: ['report:a', 'report:b'] } } });
    const id = (tagged.providerMetadata?.gateway as { generationId: string }).generationId;

    const admin = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: GATEWAY_KEY });
    const reference = createPublicGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: GATEWAY_KEY });
    const query = { startDate: today, endDate: today, groupBy: 'tag' as const, tags: ['report:a'] };
    const ours = await admin.getSpendReport(query);
    const theirs = await reference.getSpendReport(query);
    expect(ours.results).toEqual(theirs.results);
    expect(ours.results.map((row) => [row.tag, row.requestCount])).toEqual([
      ['report:a', 1],
      ['report:b', 1],
    ]);
    expect(ours.results[0]!.totalCost).toBeGreaterThan(0);

    const byUser = await reference.getSpendReport({ startDate: today, endDate: today, groupBy: 'user', userId: 'erin' });
    expect(byUser.results).toEqual([expect.objectContaining({ user: 'erin', requestCount: 1 })]);

    // The non-admin "cache" key sees none of "plain"'s records.
    const other = createPublicGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.cache });
    const own = await other.getSpendReport({ startDate: today, endDate: today, groupBy: 'user', userId: 'erin' });
    expect(own.results).toEqual([]);

    const infoOurs = await gateway.getGenerationInfo({ id });
    const infoTheirs = await createPublicGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: KEYS.plain }).getGenerationInfo({ id });
    expect(infoOurs).toEqual(infoTheirs);
    expect(infoOurs).toMatchObject({ id, model: MODELS.responses, providerName: 'openai', streamed: false, isByok: false });
    // Another non-admin key cannot read it.
    await expect(other.getGenerationInfo({ id })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('bad report queries answer 400 naming the parameter', async () => {
    const ask = async (query: string) => {
      const response = await fetch(`${harness.url}/v1/report?${query}`, { headers: { authorization: `Bearer ${GATEWAY_KEY}` } });
      return { status: response.status, body: (await response.json()) as { error: { param: string } } };
    };
    expect(await ask('end_date=2026-11-01')).toMatchObject({ status: 400, body: { error: { param: 'start_date' } } });
    expect(await ask('start_date=2026-02-30&end_date=2026-03-01')).toMatchObject({ status: 400, body: { error: { param: 'start_date' } } });
    expect(await ask('start_date=2026-11-02&end_date=2026-11-01')).toMatchObject({ status: 400, body: { error: { param: 'end_date' } } });
    expect(await ask('start_date=2026-11-01&end_date=2026-11-02&group_by=week')).toMatchObject({ status: 400, body: { error: { param: 'group_by' } } });
    expect(await ask('start_date=2026-11-01&end_date=2026-11-02&date_part=minute')).toMatchObject({ status: 400, body: { error: { param: 'date_part' } } });
    expect(await ask('start_date=2026-11-01&end_date=2026-11-02&credential_type=mine')).toMatchObject({ status: 400, body: { error: { param: 'credential_type' } } });
  });
});
