/**
 * Messages forwarded unconverted: a /v1/messages call served by @ai-sdk/anthropic's messages model goes to
 * the upstream as the client's body, with its `anthropic-beta` header, and comes back as Anthropic sent it
 * (messages-forward.ts). The pure pieces directly; the route through the official @anthropic-ai/sdk over a
 * real socket, against the scenario harness's fakes (anthropic first, then the OpenAI-shaped azure).
 */
import Anthropic from '@anthropic-ai/sdk';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { describe, expect, it } from 'vitest';
import {
  anthropicMessagesEndpoint,
  finishReasonFromMessages,
  forwardedMessagesBody,
  isForwardableMessages,
  isMessagesOutputEvent,
  usageFromMessages,
} from '../../src/server/anthropic-compatible/messages-forward';
import { createGatewayServer } from '../../src/server';
import { fakeReply, generationRecord, useHarness, type GatewayMetadata } from './harness-hooks';
import { ANTHROPIC_SUBSCRIPTION_TOKEN, ANTHROPIC_SYSTEM_KEY, FIRST_TOKEN_TIMEOUT_MS, GATEWAY_KEY, MODELS, SECRETS, type Harness } from './scenario-harness';

describe('messages forwarding, pure parts', () => {
  it('forwards any Messages body but one naming provider options for the upstream', () => {
    expect(isForwardableMessages({ model: 'm', messages: [] })).toBe(true);
    expect(isForwardableMessages({ model: 'm', providerOptions: { gateway: { order: ['anthropic'] } } })).toBe(true);
    expect(isForwardableMessages({ model: 'm', providerOptions: { anthropic: { sendReasoning: false } } })).toBe(false);
  });

  it('sends every client field but the gateway’s providerOptions, with the provider’s model id; the client’s body is untouched', () => {
    const body = { model: 'anthropic/claude-sonnet-4.6', max_tokens: 9, messages: [], metadata: { user_id: 'u1' }, context_management: { edits: [] }, providerOptions: { gateway: { order: ['anthropic'] } } };
    expect(forwardedMessagesBody(body, 'claude-sonnet-4-6', true)).toEqual({ model: 'claude-sonnet-4-6', max_tokens: 9, messages: [], metadata: { user_id: 'u1' }, context_management: { edits: [] }, stream: true });
    expect(body.model).toBe('anthropic/claude-sonnet-4.6');
    expect(body.providerOptions).toEqual({ gateway: { order: ['anthropic'] } });
  });

  it('reads Anthropic usage (cache reads and writes apart from input) and stop reasons as V4 values', () => {
    expect(usageFromMessages({ input_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 20, output_tokens: 7 })).toEqual({
      inputTokens: { total: 125, noCache: 5, cacheRead: 100, cacheWrite: 20 },
      outputTokens: { total: 7, text: 7, reasoning: undefined },
    });
    expect(usageFromMessages(undefined).inputTokens.total).toBeUndefined();
    expect(finishReasonFromMessages('end_turn')).toEqual({ unified: 'stop', raw: 'end_turn' });
    expect(finishReasonFromMessages('tool_use').unified).toBe('tool-calls');
    expect(finishReasonFromMessages('max_tokens').unified).toBe('length');
    expect(finishReasonFromMessages('pause_turn')).toEqual({ unified: 'other', raw: 'pause_turn' });
    expect(finishReasonFromMessages(null)).toEqual({ unified: 'other', raw: undefined });
  });

  it('counts block deltas and the message’s end as output; message_start, block starts and pings not', () => {
    expect(isMessagesOutputEvent({ type: 'message_start', message: {} })).toBe(false);
    expect(isMessagesOutputEvent({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })).toBe(false);
    expect(isMessagesOutputEvent({ type: 'ping' })).toBe(false);
    expect(isMessagesOutputEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } })).toBe(true);
    expect(isMessagesOutputEvent({ type: 'message_delta', delta: { stop_reason: 'end_turn' } })).toBe(true);
  });

  it('finds the endpoint of @ai-sdk/anthropic’s messages model only: URL and key from the provider', async () => {
    const anthropic = createAnthropic({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-ant-endpoint' });
    const endpoint = anthropicMessagesEndpoint(anthropic('claude-sonnet-4-6'));
    expect(endpoint?.url).toBe('http://127.0.0.1:9/v1/messages');
    expect(await endpoint!.headers()).toMatchObject({ 'x-api-key': 'sk-ant-endpoint', 'anthropic-version': '2023-06-01' });
    expect(anthropicMessagesEndpoint(createOpenAI({ apiKey: 'k' }).chat('gpt-4.1-mini'))).toBeUndefined();
    // A provider that rewrites the URL, body or headers (Bedrock, Vertex) speaks another dialect: converted.
    const rewritten = { provider: 'anthropic.messages', modelId: 'm', config: { baseURL: 'http://x', headers: () => ({}), transformRequestBody: (body: unknown) => body } };
    expect(anthropicMessagesEndpoint(rewritten)).toBeUndefined();
    expect(anthropicMessagesEndpoint(createAnthropic({ name: 'proxy.messages', apiKey: 'k' })('m'))).toBeUndefined();
  });
});

describe('token counting when Anthropic does not answer', () => {
  it('falls back to the estimate, and the client still gets its count', async () => {
    const gateway = createGatewayServer({
      // Nothing listens on port 9 here: every count at Anthropic fails.
      providers: { anthropic: createAnthropic({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-ant-unreachable' }) },
      models: { 'anthropic/claude-sonnet-4.6': { providers: [{ provider: 'anthropic', model: 'claude-sonnet-4-6' }] } },
      keys: [{ name: 'test', key: GATEWAY_KEY }],
      env: {},
    });
    const response = await gateway.fetch(
      new Request('http://gateway.test/v1/messages/count_tokens', {
        method: 'POST',
        headers: { 'x-api-key': GATEWAY_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'anthropic/claude-sonnet-4.6', system: 'sys', messages: [{ role: 'user', content: 'Hello' }] }),
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ input_tokens: Math.ceil(('sys'.length + 'Hello'.length) / 4) });
  });
});

let harness: Harness;
useHarness((started) => (harness = started), 60_000);

const client = (options: ConstructorParameters<typeof Anthropic>[0] = {}) => new Anthropic({ baseURL: harness.url, apiKey: GATEWAY_KEY, maxRetries: 0, ...options });
const gatewayOf = (holder: object) => (holder as { provider_metadata?: { gateway?: GatewayMetadata } }).provider_metadata?.gateway;
const BETA = 'interleaved-thinking-2025-05-14,context-1m-2025-08-07';

/** A Messages body with the gateway's `providerOptions`, which the SDK's types do not know (and send as given). */
type GatewayMessageParams = Anthropic.MessageCreateParamsNonStreaming & { providerOptions?: Record<string, Record<string, unknown>> };

describe('POST /v1/messages, answered whole by an Anthropic upstream', () => {
  it('sends the client’s body and anthropic-beta as they are, never its key, and returns the upstream’s message with the gateway’s id, model and metadata', async () => {
    const prompt = 'Forward me whole';
    const body = { model: MODELS.anthropic, max_tokens: 200, system: 'Be brief.', metadata: { user_id: 'end-user-7' }, messages: [{ role: 'user' as const, content: prompt }] };
    const message = await client().messages.create(body, { headers: { 'anthropic-beta': BETA } });
    const upstream = harness.upstreams.anthropic.requests.at(-1)!;
    expect(upstream.body).toEqual({ ...body, model: 'claude-sonnet-4-6', stream: false });
    expect(upstream.headers['anthropic-beta']).toBe(BETA);
    expect(JSON.stringify(upstream.headers)).not.toContain(GATEWAY_KEY);
    expect(message).toMatchObject({ type: 'message', model: MODELS.anthropic, stop_reason: 'end_turn', content: [{ type: 'text', text: fakeReply(prompt, 'anthropic', 'claude-sonnet-4-6') }] });
    // What the converted path has no field for comes through.
    expect((message.usage as unknown as Record<string, unknown>).service_tier).toBe('standard');
    expect(message.id).toMatch(/^gen_/);
    const gateway = gatewayOf(message)!;
    expect(gateway).toMatchObject({ generationId: message.id, routing: { finalProvider: 'anthropic' } });
    expect(Number(gateway.cost)).toBeCloseTo((message.usage.input_tokens * 3 + message.usage.output_tokens * 15) / 1e6, 12);
    const record = await generationRecord(harness, message.id);
    expect(record).toMatchObject({ streamed: false, provider_name: 'anthropic', tokens_prompt: message.usage.input_tokens, tokens_completion: message.usage.output_tokens });
  });

  it('fails over to the next provider (converted there) on a 500, and runs converted when the upstream refuses the forwarded body', async () => {
    harness.upstreams.anthropic.script.push({ kind: 'status', status: 500 });
    const failedOver = await client().messages.create({ model: MODELS.anthropic, max_tokens: 50, messages: [{ role: 'user', content: 'next one' }] });
    expect(failedOver.content).toEqual([{ type: 'text', text: fakeReply('next one', 'azure', 'claude-sonnet-4-6') }]);
    expect(gatewayOf(failedOver)!.routing.attempts).toMatchObject([
      { provider: 'anthropic', success: false, statusCode: 500 },
      { provider: 'azure', success: true },
    ]);

    harness.upstreams.anthropic.script.push({ kind: 'status', status: 400, message: 'context_management: unknown field' });
    const converted = await client().messages.create({ model: MODELS.anthropic, max_tokens: 50, messages: [{ role: 'user', content: 'adapt' }] });
    expect(converted.content).toEqual([{ type: 'text', text: fakeReply('adapt', 'anthropic', 'claude-sonnet-4-6') }]);
    expect((converted.usage as unknown as Record<string, unknown>).service_tier).toBeUndefined();
  });

  it('keeps the converted path when the body names provider options for the upstream', async () => {
    const body: GatewayMessageParams = { model: MODELS.anthropic, max_tokens: 50, messages: [{ role: 'user', content: 'converted' }], providerOptions: { anthropic: { sendReasoning: true } } };
    await client().messages.create(body);
    const sent = harness.upstreams.anthropic.requests.at(-1)!.body as { messages: unknown; providerOptions?: unknown };
    expect(sent).not.toHaveProperty('providerOptions');
    // The provider's own encoding of the prompt, not the client's.
    expect(sent.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'converted' }] }]);
  });
});

describe('POST /v1/messages, streamed to an Anthropic upstream', () => {
  it('streams the upstream’s events with the gateway’s id and model, and metadata on message_delta', async () => {
    const prompt = 'Forward my stream';
    const stream = await client().messages.create({ model: MODELS.anthropic, max_tokens: 200, stream: true, messages: [{ role: 'user', content: prompt }] }, { headers: { 'anthropic-beta': BETA } });
    const events: Anthropic.RawMessageStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(harness.upstreams.anthropic.requests.at(-1)!.body).toMatchObject({ model: 'claude-sonnet-4-6', stream: true });
    expect(harness.upstreams.anthropic.requests.at(-1)!.headers['anthropic-beta']).toBe(BETA);
    const start = events[0]!;
    expect(start.type === 'message_start' && start.message).toMatchObject({ id: expect.stringMatching(/^gen_/), model: MODELS.anthropic });
    const id = start.type === 'message_start' ? start.message.id : '';
    const text = events.map((event) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? event.delta.text : '')).join('');
    expect(text).toBe(fakeReply(prompt, 'anthropic', 'claude-sonnet-4-6'));
    expect(events.at(-1)!.type).toBe('message_stop');
    const delta = events.find((event) => event.type === 'message_delta')!;
    expect(delta.type === 'message_delta' && delta.delta.stop_reason).toBe('end_turn');
    expect(gatewayOf(delta)).toMatchObject({ generationId: id, routing: { finalProvider: 'anthropic' } });
    const record = await generationRecord(harness, id);
    expect(record).toMatchObject({ streamed: true, provider_name: 'anthropic', finish_reason: 'stop' });
    expect(record.tokens_prompt).toBeGreaterThan(0);
    expect(record.tokens_completion).toBe(delta.type === 'message_delta' ? delta.usage.output_tokens : -1);
  });

  it('fails over before the first token (drop, stall) and never after content: then an error event, message_delta and message_stop', async () => {
    const read = async (prompt: string) => {
      const events: Anthropic.RawMessageStreamEvent[] = [];
      for await (const event of await client().messages.create({ model: MODELS.anthropic, max_tokens: 100, stream: true, messages: [{ role: 'user', content: prompt }] })) events.push(event);
      return events;
    };
    harness.upstreams.anthropic.script.push({ kind: 'dropBeforeFirstToken' });
    const dropped = await read('dropped');
    const droppedDelta = dropped.find((event) => event.type === 'message_delta')!;
    expect(gatewayOf(droppedDelta)!.routing.attempts).toMatchObject([{ provider: 'anthropic', success: false }, { provider: 'azure', success: true }]);
    harness.upstreams.anthropic.script.push({ kind: 'stallBeforeFirstToken', ms: FIRST_TOKEN_TIMEOUT_MS + 500 });
    const stalled = await read('stalled');
    const stalledDelta = stalled.find((event) => event.type === 'message_delta')!;
    expect(gatewayOf(stalledDelta)!.routing.attempts).toMatchObject([{ provider: 'anthropic', success: false }, { provider: 'azure', success: true }]);

    const azureCalls = harness.upstreams.azure.requests.length;
    harness.upstreams.anthropic.script.push({ kind: 'errorAfterContent', afterDeltas: 2, message: `overloaded, key ${ANTHROPIC_SYSTEM_KEY}` });
    // Raw SSE: the SDK stops at the error event, and what follows it is part of what is checked.
    const response = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': GATEWAY_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.anthropic, max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'broken after content' }] }),
    });
    const sse = await response.text();
    expect(harness.upstreams.azure.requests).toHaveLength(azureCalls);
    const events = sse
      .split('\n\n')
      .filter(Boolean)
      .map((frame) => JSON.parse(frame.split('\n').find((line) => line.startsWith('data: '))!.slice(6)) as { type: string; error?: { type: string }; message?: { id: string } });
    const types = events.map((event) => event.type);
    expect(types.filter((type) => type === 'content_block_delta')).toHaveLength(2);
    expect(types.slice(-3)).toEqual(['error', 'message_delta', 'message_stop']);
    expect(events.find((event) => event.type === 'error')!.error!.type).toBe('overloaded_error');
    for (const secret of SECRETS) expect(sse).not.toContain(secret);
    const record = await generationRecord(harness, events[0]!.message!.id);
    expect(record).toMatchObject({ streamed: true, finish_reason: 'error', provider_name: 'anthropic' });
  });

  it('a client that leaves mid-stream ends the call as cancelled, and the upstream read stops', async () => {
    const { behavior } = harness.upstreams.anthropic;
    behavior.chunkDelayMs = 100;
    behavior.deltas = 20;
    try {
      const controller = new AbortController();
      const stream = await client().messages.create({ model: MODELS.anthropic, max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'leave early' }] }, { signal: controller.signal });
      let id = '';
      for await (const event of stream) {
        if (event.type === 'message_start') id = event.message.id;
        if (event.type === 'content_block_delta') break;
      }
      controller.abort();
      await expect.poll(async () => (await fetch(`${harness.url}/v1/generation?id=${id}`, { headers: { authorization: `Bearer ${GATEWAY_KEY}` } })).status, { timeout: 3_000 }).toBe(200);
      expect(await generationRecord(harness, id)).toMatchObject({ streamed: true, finish_reason: 'error', tokens_completion: 0 });
    } finally {
      behavior.chunkDelayMs = 0;
      behavior.deltas = undefined;
    }
  });
});

describe('Claude Max mode: the gateway key in x-ai-gateway-api-key, the client’s own Anthropic login in Authorization', () => {
  const OAUTH_BETA = 'oauth-2025-04-20';
  /** Claude Code on a Claude subscription, with ANTHROPIC_CUSTOM_HEADERS naming the gateway key. */
  const subscriber = (token = ANTHROPIC_SUBSCRIPTION_TOKEN) =>
    client({ apiKey: null, authToken: token, defaultHeaders: { 'x-ai-gateway-api-key': `Bearer ${GATEWAY_KEY}`, 'anthropic-beta': OAUTH_BETA } });
  const sent = () => harness.upstreams.anthropic.requests.at(-1)!;
  const sentHeaders = () => sent().headers;
  /** Which of the fake's keys the last call came with (it records headers with credentials redacted). */
  const SYSTEM = 0;
  const SUBSCRIPTION = 1;

  it('sends the call to Anthropic on the client’s login, never the gateway’s key or its own, and logs it as BYOK', async () => {
    const message = await subscriber().messages.create({ model: MODELS.anthropic, max_tokens: 100, messages: [{ role: 'user', content: 'on my plan' }] });
    expect(message.content).toEqual([{ type: 'text', text: fakeReply('on my plan', 'anthropic', 'claude-sonnet-4-6') }]);
    expect(sent().keyIndex).toBe(SUBSCRIPTION);
    expect(sentHeaders()).toHaveProperty('authorization');
    expect(sentHeaders()['anthropic-beta']).toBe(OAUTH_BETA);
    expect(sentHeaders()).not.toHaveProperty('x-api-key');
    expect(JSON.stringify(sentHeaders())).not.toContain(GATEWAY_KEY);
    const gateway = gatewayOf(message)!;
    expect(gateway.routing.attempts).toMatchObject([{ provider: 'anthropic', credentialType: 'byok', success: true }]);
    expect(JSON.stringify(message)).not.toContain(ANTHROPIC_SUBSCRIPTION_TOKEN);
    const record = await generationRecord(harness, message.id);
    expect(record).toMatchObject({ is_byok: true, provider_name: 'anthropic', streamed: false });
    expect(JSON.stringify(record)).not.toContain(ANTHROPIC_SUBSCRIPTION_TOKEN);
  });

  it('streams on the client’s login too', async () => {
    const events: Anthropic.RawMessageStreamEvent[] = [];
    for await (const event of await subscriber().messages.create({ model: MODELS.anthropic, max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'stream on my plan' }] })) events.push(event);
    expect(sent().keyIndex).toBe(SUBSCRIPTION);
    expect(sentHeaders()).not.toHaveProperty('x-api-key');
    const delta = events.find((event) => event.type === 'message_delta')!;
    expect(gatewayOf(delta)!.routing.attempts).toMatchObject([{ provider: 'anthropic', credentialType: 'byok', success: true }]);
    const start = events[0]!;
    const record = await generationRecord(harness, start.type === 'message_start' ? start.message.id : '');
    expect(record).toMatchObject({ is_byok: true, streamed: true });
  });

  it('a login Anthropic refuses, or a plan at its limit, moves on to the gateway’s own key, and the login is never echoed', async () => {
    const refused = await subscriber('sk-ant-oat01-expired-90b1c3').messages.create({ model: MODELS.anthropic, max_tokens: 50, messages: [{ role: 'user', content: 'expired' }] });
    expect(gatewayOf(refused)!.routing.attempts).toMatchObject([
      { provider: 'anthropic', credentialType: 'byok', success: false, statusCode: 401 },
      { provider: 'anthropic', credentialType: 'system', success: true },
    ]);
    expect(sent().keyIndex).toBe(SYSTEM);
    expect(sentHeaders()).toHaveProperty('x-api-key');
    expect(sentHeaders()).not.toHaveProperty('authorization');

    harness.upstreams.anthropic.script.push({ kind: 'status', status: 429, message: `usage limit reached for ${ANTHROPIC_SUBSCRIPTION_TOKEN}` });
    const limited = await subscriber().messages.create({ model: MODELS.anthropic, max_tokens: 50, messages: [{ role: 'user', content: 'at my limit' }] });
    const attempts = gatewayOf(limited)!.routing.attempts;
    expect(attempts).toMatchObject([{ credentialType: 'byok', success: false, statusCode: 429 }, { credentialType: 'system', success: true }]);
    expect(attempts[0]!.error).toContain('usage limit reached');
    expect(JSON.stringify(limited)).not.toContain(ANTHROPIC_SUBSCRIPTION_TOKEN);
    expect(JSON.stringify(await generationRecord(harness, limited.id))).not.toContain(ANTHROPIC_SUBSCRIPTION_TOKEN);
  });

  it('counts tokens at Anthropic on the client’s login too', async () => {
    const counted = await subscriber().messages.countTokens({ model: MODELS.anthropic, messages: [{ role: 'user', content: 'How long is this?' }] });
    expect(counted.input_tokens).toBeGreaterThan(0);
    expect(sent()).toMatchObject({ path: '/v1/messages/count_tokens', keyIndex: SUBSCRIPTION });
  });

  it('keeps the gateway’s key for a gateway key in Authorization, and for a call the gateway changes before it goes', async () => {
    // The gateway key in both headers: no login of the client's to send.
    await client({ apiKey: null, authToken: GATEWAY_KEY, defaultHeaders: { 'x-ai-gateway-api-key': `Bearer ${GATEWAY_KEY}` } }).messages.create({ model: MODELS.anthropic, max_tokens: 50, messages: [{ role: 'user', content: 'same key' }] });
    expect(sent().keyIndex).toBe(SYSTEM);
    expect(sentHeaders()).toHaveProperty('x-api-key');
    expect(sentHeaders()).not.toHaveProperty('authorization');
    // Provider options for the upstream: converted, so not the client's call as sent.
    const body: GatewayMessageParams = { model: MODELS.anthropic, max_tokens: 50, messages: [{ role: 'user', content: 'options' }], providerOptions: { anthropic: { sendReasoning: true } } };
    const converted = await subscriber().messages.create(body);
    expect(gatewayOf(converted)!.routing.attempts).toMatchObject([{ provider: 'anthropic', credentialType: 'system', success: true }]);
    expect(sentHeaders()).not.toHaveProperty('authorization');
    // A model no Anthropic provider serves: the login is not used anywhere.
    const other = await subscriber().messages.create({ model: MODELS.chat, max_tokens: 50, messages: [{ role: 'user', content: 'elsewhere' }] });
    expect(gatewayOf(other)!.routing.attempts).toMatchObject([{ provider: 'azure', credentialType: 'system', success: true }]);
    expect(JSON.stringify(harness.upstreams.azure.requests.at(-1)!.headers)).not.toContain(ANTHROPIC_SUBSCRIPTION_TOKEN);
  });
});

describe('server tools (web search, …): only Anthropic runs them, so such calls are forwarded or refused', () => {
  const webSearch: Anthropic.WebSearchTool20250305 = { type: 'web_search_20250305', name: 'web_search', max_uses: 3, allowed_domains: ['example.com'] };
  const create = (body: Pick<GatewayMessageParams, 'model' | 'tools' | 'providerOptions'>) => {
    const params: GatewayMessageParams = { max_tokens: 100, messages: [{ role: 'user', content: 'Search the web' }], ...body };
    return client().messages.create(params);
  };

  it('reach Anthropic as sent, JSON and streamed', async () => {
    const message = await create({ model: MODELS.anthropic, tools: [webSearch] });
    expect(message.content[0]).toMatchObject({ type: 'text' });
    expect(harness.upstreams.anthropic.requests.at(-1)!.body).toMatchObject({ tools: [webSearch], stream: false });
    expect(gatewayOf(message)!.routing).toMatchObject({ finalProvider: 'anthropic', fallbacksAvailable: [] });

    const events: Anthropic.RawMessageStreamEvent[] = [];
    for await (const event of await client().messages.create({ model: MODELS.anthropic, max_tokens: 100, stream: true, tools: [webSearch], messages: [{ role: 'user', content: 'Search, streamed' }] })) events.push(event);
    expect(events.at(-1)!.type).toBe('message_stop');
    expect(harness.upstreams.anthropic.requests.at(-1)!.body).toMatchObject({ tools: [webSearch], stream: true });
  });

  it('never fail over to a provider that cannot run them: an Anthropic 500 is the answer', async () => {
    const azureCalls = harness.upstreams.azure.requests.length;
    harness.upstreams.anthropic.script.push({ kind: 'status', status: 500 });
    const error = await create({ model: MODELS.anthropic, tools: [webSearch] }).catch((caught) => caught);
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('anthropic') } });
    expect(harness.upstreams.azure.requests).toHaveLength(azureCalls);
  });

  it('an Anthropic 400 is the answer too: such a call has no converted form to retry', async () => {
    harness.upstreams.anthropic.script.push({ kind: 'status', status: 400, message: 'tools.0.max_uses: must be at most 10' });
    const error = await create({ model: MODELS.anthropic, tools: [webSearch] }).catch((caught) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.error.error.message).toContain('must be at most 10');
  });

  it('are refused with a 400 naming the way out when nothing can forward them', async () => {
    const refused = async (body: Parameters<typeof create>[0], expected: string) => {
      const error = await create(body).catch((caught) => caught);
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      expect(error.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining(expected) } });
    };
    await refused({ model: MODELS.chat, tools: [webSearch] }, `This call has server tools (web_search_20250305), which only Anthropic takes: no provider of '${MODELS.chat}'`);
    await refused({ model: MODELS.anthropic, tools: [webSearch], providerOptions: { anthropic: { sendReasoning: true } } }, 'keep only providerOptions.gateway');
    await refused({ model: MODELS.anthropic, tools: [webSearch], providerOptions: { gateway: { cacheControl: 'max-age=60' } } }, 'leave out cacheControl');
    await refused({ model: MODELS.anthropic, tools: [webSearch], providerOptions: { gateway: { caching: 'auto' } } }, "without caching: 'auto'");
  });

  it('a later turn carrying the search’s blocks back is forwarded as sent; with a model Anthropic does not serve it is refused', async () => {
    const turns: Anthropic.MessageParam[] = [
      { role: 'user', content: 'Search the web for modelgate' },
      {
        role: 'assistant',
        content: [
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'modelgate' } },
          { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ type: 'web_search_result', url: 'https://example.com', title: 'Example', encrypted_content: 'enc', page_age: null }] },
          { type: 'text', text: 'It is a gateway.', citations: [{ type: 'web_search_result_location', url: 'https://example.com', title: 'Example', encrypted_index: 'idx', cited_text: 'gateway' }] },
        ],
      },
      { role: 'user', content: 'Tell me more' },
    ];
    const raw = (model: string) =>
      fetch(`${harness.url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': GATEWAY_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
        body: JSON.stringify({ model, max_tokens: 100, tools: [webSearch], messages: turns }),
      });
    const answered = await raw(MODELS.anthropic);
    expect(answered.status).toBe(200);
    expect(harness.upstreams.anthropic.requests.at(-1)!.body).toMatchObject({ model: 'claude-sonnet-4-6', messages: turns });
    // Claude Code counts tokens before it sends: Anthropic counts those blocks too.
    const counted = await client().messages.countTokens({ model: MODELS.anthropic, messages: turns });
    expect(counted.input_tokens).toBeGreaterThan(0);
    expect(harness.upstreams.anthropic.requests.at(-1)!).toMatchObject({ path: '/v1/messages/count_tokens', body: { messages: turns } });
    const refused = await raw(MODELS.chat);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      'This call has server tools (web_search_20250305) and blocks of type server_tool_use, web_search_tool_result, which only Anthropic takes',
    );
  });

  it('blocks only Anthropic reads make a call forward-only even without server tools', async () => {
    const body = {
      model: MODELS.anthropic,
      max_tokens: 50,
      messages: [{ role: 'user', content: [{ type: 'search_result', source: 'https://example.com', title: 'Doc', content: [{ type: 'text', text: 'facts' }] }, { type: 'text', text: 'Use the result' }] }],
    };
    const response = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': GATEWAY_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    expect(harness.upstreams.anthropic.requests.at(-1)!.body).toEqual({ ...body, model: 'claude-sonnet-4-6', stream: false });
  });
});

describe('an Anthropic stream that ends oddly', () => {
  const events = (...list: Array<Record<string, unknown>>) => list.map((event) => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`).join('');
  const start = { type: 'message_start', message: { id: 'msg_up', type: 'message', role: 'assistant', model: 'claude-x', content: [], stop_reason: null, usage: { input_tokens: 4, output_tokens: 1 } } };
  const delta = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } };

  /** The gateway in-process in front of @ai-sdk/anthropic whose fetch answers `sse`. */
  async function streamThrough(sse: string): Promise<string[]> {
    const anthropic = createAnthropic({ apiKey: 'sk-ant-odd-stream', baseURL: 'http://anthropic.test/v1', fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }) });
    const gateway = createGatewayServer({
      providers: { anthropic },
      models: { 'anthropic/claude-x': { providers: [{ provider: 'anthropic', model: 'claude-x' }] } },
      keys: [{ name: 'k', key: 'mg-odd-stream-key-000000' }],
    });
    const response = await gateway.fetch(
      new Request('http://gateway.test/v1/messages', {
        method: 'POST',
        headers: { 'x-api-key': 'mg-odd-stream-key-000000', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'anthropic/claude-x', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      }),
    );
    const text = await response.text();
    return [...text.matchAll(/^event: (\S+)$/gm)].map((match) => match[1]!);
  }

  it('ends with message_stop when the upstream stopped after message_delta without one', async () => {
    const types = await streamThrough(events(start, { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, delta, { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }));
    expect(types).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'message_delta', 'message_stop']);
  });

  it('drops events without a type, and sends message_stop once when the upstream sends it', async () => {
    const types = await streamThrough(events(start, delta, { no: 'type' }, { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }, { type: 'message_stop' }));
    expect(types).toEqual(['message_start', 'content_block_delta', 'message_delta', 'message_stop']);
  });
});
