/**
 * Responses forwarded unconverted: a /v1/responses call served by @ai-sdk/openai's Responses model goes to
 * the upstream as the client's body and comes back as OpenAI sent it (responses-forward.ts). The pure pieces
 * directly; the route through the official `openai` client over a real socket, against the scenario
 * harness's fakes (openai is the Responses API, then azure's Chat Completions for the failover model).
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  finishReasonFromResponse,
  forwardedResponsesBody,
  isForwardableResponses,
  isResponsesOutputEvent,
  openAIResponsesEndpoint,
  responsesEventError,
  usageFromResponses,
} from '../../src/server/openai-compatible/responses-forward';
import { createGatewayServer } from '../../src/server';
import { fakeReply, generationRecord, openAIClient, useHarness, type GatewayMetadata } from './harness-hooks';
import { FIRST_TOKEN_TIMEOUT_MS, MODELS, OPENAI_SYSTEM_KEY, SECRETS, type Harness } from './scenario-harness';

describe('responses forwarding, pure parts', () => {
  it('forwards any Responses body but one naming provider options for the upstream', () => {
    expect(isForwardableResponses({ model: 'm', input: 'hi' })).toBe(true);
    expect(isForwardableResponses({ model: 'm', input: 'hi', providerOptions: { gateway: { order: ['openai'] } } })).toBe(true);
    expect(isForwardableResponses({ model: 'm', input: 'hi', providerOptions: { openai: { store: false } } })).toBe(false);
  });

  it('sends every client field but the gateway’s own (providerOptions, models), with the provider’s model id', () => {
    const body = { model: 'openai/gpt-4o-mini', input: 'hi', include: ['reasoning.encrypted_content'], store: false, prompt_cache_key: 'k1', models: ['x/y'], providerOptions: { gateway: { order: ['openai'] } } };
    expect(forwardedResponsesBody(body, 'gpt-4o-mini', true)).toEqual({ model: 'gpt-4o-mini', input: 'hi', include: ['reasoning.encrypted_content'], store: false, prompt_cache_key: 'k1', stream: true });
    expect(body.models).toEqual(['x/y']);
  });

  it('reads usage, how a response ended, its output events and its errors', () => {
    expect(usageFromResponses({ input_tokens: 10, input_tokens_details: { cached_tokens: 4 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 2 } })).toEqual({
      inputTokens: { total: 10, noCache: 6, cacheRead: 4, cacheWrite: undefined },
      outputTokens: { total: 7, text: 5, reasoning: 2 },
    });
    expect(finishReasonFromResponse({ status: 'completed', output: [{ type: 'message' }] }).unified).toBe('stop');
    expect(finishReasonFromResponse({ status: 'completed', output: [{ type: 'function_call' }] }).unified).toBe('tool-calls');
    expect(finishReasonFromResponse({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } })).toEqual({ unified: 'length', raw: 'max_output_tokens' });
    expect(finishReasonFromResponse({ status: 'failed' }).unified).toBe('error');
    expect(isResponsesOutputEvent({ type: 'response.created' })).toBe(false);
    expect(isResponsesOutputEvent({ type: 'response.output_item.added' })).toBe(false);
    expect(isResponsesOutputEvent({ type: 'response.output_text.delta', delta: 'Hi' })).toBe(true);
    expect(isResponsesOutputEvent({ type: 'response.function_call_arguments.delta', delta: '{' })).toBe(true);
    expect(isResponsesOutputEvent({ type: 'response.completed' })).toBe(true);
    expect(responsesEventError({ type: 'error', code: 'server_error', message: 'flat' })).toEqual({ message: 'flat', type: 'server_error' });
    expect(responsesEventError({ type: 'error', error: { type: 'server_error', message: 'nested' } })).toEqual({ type: 'server_error', message: 'nested' });
    expect(responsesEventError({ type: 'response.failed', response: { error: { code: 'x', message: 'failed' } } })).toEqual({ code: 'x', message: 'failed' });
    expect(responsesEventError({ type: 'response.output_text.delta' })).toBeUndefined();
  });

  it('finds the endpoint of @ai-sdk/openai’s Responses model only: URL and key from the provider', async () => {
    const openai = createOpenAI({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-test-responses' });
    const endpoint = openAIResponsesEndpoint(openai('gpt-4o-mini'));
    expect(endpoint?.url).toBe('http://127.0.0.1:9/v1/responses');
    expect(await endpoint!.headers()).toMatchObject({ authorization: 'Bearer sk-test-responses' });
    expect(openAIResponsesEndpoint(openai.chat('gpt-4o-mini'))).toBeUndefined();
    expect(openAIResponsesEndpoint(createAnthropic({ apiKey: 'k' })('claude-sonnet-4-6'))).toBeUndefined();
    expect(openAIResponsesEndpoint(createOpenAI({ name: 'proxy', apiKey: 'k' })('m'))).toBeUndefined();
  });
});

let harness: Harness;
let client: OpenAI;
useHarness((started) => {
  harness = started;
  client = openAIClient(started);
});

/** `providerMetadata.gateway` beside the response, as the hosted gateway sends it (not in openai's types). */
const gatewayOf = (response: object) => (response as { providerMetadata?: { gateway?: GatewayMetadata } }).providerMetadata?.gateway;

describe('POST /v1/responses, answered whole by an OpenAI Responses upstream', () => {
  it('sends the client’s body as it is and returns the upstream’s response with the gateway’s id, model and metadata', async () => {
    const prompt = 'Forward my response';
    const body: OpenAI.Responses.ResponseCreateParamsNonStreaming = { model: MODELS.responses, input: prompt, include: ['reasoning.encrypted_content'], store: false, prompt_cache_key: 'session-1' };
    const response = await client.responses.create(body);
    expect(harness.upstreams.openai.requests.at(-1)!.body).toEqual({ ...body, model: 'gpt-4o-mini', stream: false });
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: MODELS.responses, store: false, truncation: 'disabled' });
    expect(response.output_text).toBe(fakeReply(prompt, 'openai', 'gpt-4o-mini'));
    expect(response.id).toMatch(/^gen_/);
    const gateway = gatewayOf(response)!;
    expect(gateway).toMatchObject({ generationId: response.id, routing: { finalProvider: 'openai' } });
    expect(Number(gateway.cost)).toBeGreaterThan(0);
    expect(await generationRecord(harness, response.id)).toMatchObject({ streamed: false, provider_name: 'openai', tokens_prompt: response.usage!.input_tokens, tokens_completion: response.usage!.output_tokens });
  });

  it('fails over on a 500 (to azure, converted there), and runs converted when the upstream refuses the forwarded body', async () => {
    harness.upstreams.openai.script.push({ kind: 'status', status: 500 });
    const failedOver = await client.responses.create({ model: MODELS.responses, input: 'next one' });
    expect(failedOver.output_text).toBe(fakeReply('next one', 'azure', 'gpt-4o-mini'));
    expect(gatewayOf(failedOver)!.routing.attempts).toMatchObject([{ provider: 'openai', success: false, statusCode: 500 }, { provider: 'azure', success: true }]);

    harness.upstreams.openai.script.push({ kind: 'status', status: 400, message: "Unsupported parameter: 'temperature'." });
    const converted = await client.responses.create({ model: MODELS.responses, input: 'adapt', temperature: 0.5 });
    expect(converted.output_text).toBe(fakeReply('adapt', 'openai', 'gpt-4o-mini'));
    // The converted answer is the gateway's own: no upstream-only fields such as truncation.
    expect(converted).not.toHaveProperty('truncation');
  });
});

describe('POST /v1/responses, streamed to an OpenAI Responses upstream', () => {
  it('streams the upstream’s events with the gateway’s id and model, and metadata on response.completed', async () => {
    const prompt = 'Forward my response stream';
    const stream = client.responses.stream({ model: MODELS.responses, input: prompt });
    const types: string[] = [];
    stream.on('event', (event) => types.push(event.type));
    const final = await stream.finalResponse();
    expect(harness.upstreams.openai.requests.at(-1)!.body).toMatchObject({ model: 'gpt-4o-mini', stream: true, input: prompt });
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(final.id).toMatch(/^gen_/);
    expect(final).toMatchObject({ model: MODELS.responses, status: 'completed', truncation: 'disabled' });
    expect(final.output_text).toBe(fakeReply(prompt, 'openai', 'gpt-4o-mini'));
    expect(gatewayOf(final)).toMatchObject({ generationId: final.id, routing: { finalProvider: 'openai' } });
    expect(await generationRecord(harness, final.id)).toMatchObject({ streamed: true, provider_name: 'openai', finish_reason: 'stop', tokens_completion: final.usage!.output_tokens });
  });

  it('fails over before the first output (drop, stall), never after: then response.failed and an error event', async () => {
    harness.upstreams.openai.script.push({ kind: 'dropBeforeFirstToken' });
    const dropped = await client.responses.stream({ model: MODELS.responses, input: 'dropped' }).finalResponse();
    expect(gatewayOf(dropped)!.routing.attempts).toMatchObject([{ provider: 'openai', success: false }, { provider: 'azure', success: true }]);
    harness.upstreams.openai.script.push({ kind: 'stallBeforeFirstToken', ms: FIRST_TOKEN_TIMEOUT_MS + 500 });
    const stalled = await client.responses.stream({ model: MODELS.responses, input: 'stalled' }).finalResponse();
    expect(gatewayOf(stalled)!.routing.attempts).toMatchObject([{ provider: 'openai', success: false }, { provider: 'azure', success: true }]);

    const azureCalls = harness.upstreams.azure.requests.length;
    harness.upstreams.openai.script.push({ kind: 'errorAfterContent', afterDeltas: 2, message: `upstream broke, key ${OPENAI_SYSTEM_KEY}` });
    const response = await fetch(`${harness.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.responses, input: 'broken after content', stream: true }),
    });
    const sse = await response.text();
    expect(harness.upstreams.azure.requests).toHaveLength(azureCalls);
    const events = sse
      .split('\n\n')
      .filter(Boolean)
      .map((frame) => JSON.parse(frame.split('\n').find((line) => line.startsWith('data: '))!.slice(6)) as { type: string; sequence_number: number; response?: { id: string } });
    expect(events.filter((event) => event.type === 'response.output_text.delta')).toHaveLength(2);
    expect(events.at(-1)!.type).toBe('error');
    for (const secret of SECRETS) expect(sse).not.toContain(secret);
    // Sequence numbers stay in order through what the gateway adds.
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(await generationRecord(harness, events[0]!.response!.id)).toMatchObject({ streamed: true, finish_reason: 'error', provider_name: 'openai' });
  });
});

describe('what only OpenAI takes (built-in and custom tools, their items): such calls are forwarded or refused', () => {
  // Codex-style: a custom tool with a grammar, and the call and output items of an earlier turn.
  const applyPatch = { type: 'custom' as const, name: 'apply_patch', description: 'Edit files', format: { type: 'grammar' as const, syntax: 'lark' as const, definition: 'start: "*** Begin Patch"' } };
  const input: OpenAI.Responses.ResponseInput = [
    { role: 'user', content: 'Fix the bug' },
    { type: 'custom_tool_call', call_id: 'call_p1', name: 'apply_patch', input: '*** Begin Patch' },
    { type: 'custom_tool_call_output', call_id: 'call_p1', output: 'Done' },
  ];

  it('reach OpenAI as sent, JSON and streamed', async () => {
    const body: OpenAI.Responses.ResponseCreateParamsNonStreaming = { model: MODELS.responses, input, tools: [applyPatch, { type: 'web_search' }], store: false };
    const response = await client.responses.create(body);
    expect(harness.upstreams.openai.requests.at(-1)!.body).toEqual({ ...body, model: 'gpt-4o-mini', stream: false });
    expect(gatewayOf(response)!.routing).toMatchObject({ finalProvider: 'openai', fallbacksAvailable: [] });
    const final = await client.responses.stream({ model: MODELS.responses, input, tools: [applyPatch] }).finalResponse();
    expect(final.status).toBe('completed');
    expect(harness.upstreams.openai.requests.at(-1)!.body).toMatchObject({ tools: [applyPatch], stream: true });
  });

  it('never fail over to a provider that cannot take them, and OpenAI’s 400 is the answer', async () => {
    const azureCalls = harness.upstreams.azure.requests.length;
    harness.upstreams.openai.script.push({ kind: 'status', status: 500 });
    const failed = await client.responses.create({ model: MODELS.responses, input, tools: [applyPatch] }).catch((caught) => caught);
    expect(failed).toBeInstanceOf(OpenAI.InternalServerError);
    harness.upstreams.openai.script.push({ kind: 'status', status: 400, message: 'Invalid grammar definition.' });
    const refused = await client.responses.create({ model: MODELS.responses, input, tools: [applyPatch] }).catch((caught) => caught);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused.message).toContain('Invalid grammar definition.');
    expect(harness.upstreams.azure.requests).toHaveLength(azureCalls);
  });

  it('are refused with a 400 naming the way out when nothing can forward them', async () => {
    const refused = async (body: OpenAI.Responses.ResponseCreateParamsNonStreaming & { providerOptions?: Record<string, Record<string, unknown>> }, expected: string) => {
      const error = await client.responses.create(body).catch((caught) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error.message).toContain(expected);
    };
    await refused({ model: MODELS.chat, input, tools: [applyPatch] }, "This call has tools of type custom and input items of type custom_tool_call, custom_tool_call_output, which only OpenAI's Responses API takes");
    await refused({ model: MODELS.responses, input: 'x', tools: [applyPatch], providerOptions: { gateway: { cacheControl: 'max-age=60' } } }, 'leave out cacheControl');
    await refused({ model: MODELS.responses, input: 'x', tools: [applyPatch], providerOptions: { openai: { store: false } } }, 'keep only providerOptions.gateway');
  });
});

describe('a Responses stream from a server that does not number its events', () => {
  it('is forwarded whole, and what the gateway adds after a break carries no numbers either', async () => {
    const frame = (event: Record<string, unknown>) => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;
    const response = { id: 'resp_up', object: 'response', status: 'in_progress', model: 'm', output: [] };
    const sse = [
      frame({ type: 'response.created', response }),
      frame({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hi' }),
      // Then the server goes away without response.completed.
    ].join('');
    const openai = createOpenAI({ apiKey: 'sk-unnumbered', baseURL: 'http://responses.test/v1', fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }) });
    const gateway = createGatewayServer({
      providers: { openai },
      models: { 'openai/m': { providers: [{ provider: 'openai', model: 'm' }] } },
      keys: [{ name: 'k', key: 'mg-unnumbered-key-000000' }],
    });
    const answer = await gateway.fetch(
      new Request('http://gateway.test/v1/responses', {
        method: 'POST',
        headers: { authorization: 'Bearer mg-unnumbered-key-000000', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai/m', input: 'hi', stream: true }),
      }),
    );
    const events = (await answer.text())
      .split('\n\n')
      .filter(Boolean)
      .map((text) => JSON.parse(text.split('\n').find((line) => line.startsWith('data: '))!.slice(6)) as { type: string; sequence_number?: number; response?: { id: string } });
    expect(events.map((event) => event.type)).toEqual(['response.created', 'response.output_text.delta', 'response.failed', 'error']);
    expect(events[0]!.response!.id).toMatch(/^gen_/);
    expect(events.every((event) => event.sequence_number === undefined)).toBe(true);
  });
});
