/**
 * Chat streams forwarded unconverted: a streamed /v1/chat/completions served by @ai-sdk/openai's chat model
 * goes to the upstream as the client's body and comes back chunk by chunk (chat-forward.ts). The pure
 * pieces directly; the route through the official `openai` client over a real socket, against the
 * scenario harness's fakes (azure is `createOpenAI(…).chat`, openai is the Responses API, anthropic Messages).
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  finishReasonFromChat,
  forwardedChatBody,
  isChatOutputChunk,
  isForwardableChat,
  openAIChatEndpoint,
  usageFromChat,
} from '../../src/server/openai-compatible/chat-forward';
import { parseChatCompletionRequest } from '../../src/server/openai-compatible/chat-request';
import { MemoryUsageStore } from '../../src/storage/memory-usage-store';
import { fakeReply, generationRecord, openAIClient, useHarness, type GatewayMetadata } from './harness-hooks';
import { AZURE_SYSTEM_KEY, GATEWAY_KEY, MODELS, SECRETS, startHarness, type Harness } from './scenario-harness';

const chatRequest = (body: Record<string, unknown>) => parseChatCompletionRequest({ model: 'openai/gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }], stream: true, ...body });

describe('chat forwarding, pure parts', () => {
  it('forwards plain OpenAI requests, and converts what needs the gateway’s translation', () => {
    expect(isForwardableChat(chatRequest({}))).toBe(true);
    expect(isForwardableChat(chatRequest({ providerOptions: { gateway: { order: ['azure'] } } }))).toBe(true);
    expect(isForwardableChat(chatRequest({ reasoning: { effort: 'low' } }))).toBe(false);
    expect(isForwardableChat(chatRequest({ providerOptions: { openai: { user: 'u' } } }))).toBe(false);
    expect(isForwardableChat(chatRequest({ messages: [{ role: 'user', content: [{ type: 'file', data: 'aGk=', media_type: 'text/plain' }] }] }))).toBe(false);
    expect(isForwardableChat(chatRequest({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_data: 'data:application/pdf;base64,aGk=', filename: 'a.pdf' } }] }] }))).toBe(true);
    expect(isForwardableChat(chatRequest({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b', reasoning: 'thought' }, { role: 'user', content: 'c' }] }))).toBe(false);
  });

  it('builds the upstream body from the fields the converted path also carries, with the provider’s model id', () => {
    const request = chatRequest({ max_tokens: 64, seed: 7, stop: ['\n'], user: 'end-user', n: 3, store: true, models: ['x/y'], stream_options: { include_usage: false }, providerOptions: { gateway: { order: ['azure'] } } });
    const sent = { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }], max_tokens: 64, seed: 7, stop: ['\n'] };
    expect(forwardedChatBody(request, 'gpt-4.1-mini', true)).toEqual({ ...sent, stream: true, stream_options: { include_usage: true } });
    expect(forwardedChatBody(request, 'gpt-4.1-mini', false)).toEqual(sent);
    expect(request.model).toBe('openai/gpt-4.1-mini');
  });

  it('reads OpenAI usage and finish reasons as V4 values', () => {
    expect(usageFromChat({ prompt_tokens: 10, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 2 } })).toEqual({
      inputTokens: { total: 10, noCache: 6, cacheRead: 4, cacheWrite: undefined },
      outputTokens: { total: 7, text: 5, reasoning: 2 },
    });
    expect(usageFromChat(undefined).inputTokens.total).toBeUndefined();
    expect(finishReasonFromChat('tool_calls')).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    expect(finishReasonFromChat('length').unified).toBe('length');
    expect(finishReasonFromChat('something_new')).toEqual({ unified: 'other', raw: 'something_new' });
  });

  it('counts text, reasoning, tool calls, refusals and the finish as output; the opening role chunk and the usage chunk not', () => {
    const chunk = (delta: Record<string, unknown>, finish_reason: string | null = null) => ({ choices: [{ index: 0, delta, finish_reason }] });
    expect(isChatOutputChunk(chunk({ role: 'assistant', content: '' }))).toBe(false);
    expect(isChatOutputChunk(chunk({ content: 'Hi' }))).toBe(true);
    expect(isChatOutputChunk(chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '' } }] }))).toBe(true);
    expect(isChatOutputChunk(chunk({ refusal: 'no' }))).toBe(true);
    expect(isChatOutputChunk(chunk({ reasoning_content: 'Let me think' }))).toBe(true);
    expect(isChatOutputChunk(chunk({ reasoning: 'Let me think' }))).toBe(true);
    expect(isChatOutputChunk(chunk({ reasoning_details: [{ type: 'reasoning.text', text: 'Let me think' }] }))).toBe(true);
    expect(isChatOutputChunk(chunk({ reasoning_content: '' }))).toBe(false);
    expect(isChatOutputChunk(chunk({}, 'stop'))).toBe(true);
    expect(isChatOutputChunk({ choices: [], usage: { prompt_tokens: 1 } })).toBe(false);
  });

  it('finds the endpoint of @ai-sdk/openai’s chat model only: URL and key from the provider', async () => {
    const openai = createOpenAI({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-test-endpoint' });
    const endpoint = openAIChatEndpoint(openai.chat('gpt-4.1-mini'));
    expect(endpoint?.url).toBe('http://127.0.0.1:9/v1/chat/completions');
    expect(await endpoint!.headers()).toMatchObject({ authorization: 'Bearer sk-test-endpoint' });
    expect(openAIChatEndpoint(openai.responses('gpt-4.1-mini'))).toBeUndefined();
    expect(openAIChatEndpoint(createAnthropic({ apiKey: 'k' })('claude-sonnet-4-6'))).toBeUndefined();
    // Another provider name may be another server's dialect: converted, as before.
    expect(openAIChatEndpoint(createOpenAI({ name: 'vllm', apiKey: 'k' }).chat('m'))).toBeUndefined();
  });
});

let harness: Harness;
let client: OpenAI;
useHarness((started) => {
  harness = started;
  client = openAIClient(started);
});

const gatewayOf = (delta: object) => (delta as { provider_metadata?: { gateway?: GatewayMetadata } }).provider_metadata?.gateway;

async function collect(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) {
  const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return { chunks, text: chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), last: chunks.at(-1)! };
}

describe('POST /v1/chat/completions, answered whole by an OpenAI chat upstream', () => {
  it('sends the client’s fields as they are and returns the upstream’s completion with the gateway’s id, model, cost and metadata', async () => {
    const prompt = 'Forward me whole';
    const completion = await client.chat.completions.create({ model: MODELS.chat, messages: [{ role: 'user', content: prompt }], max_tokens: 500, user: 'end-user-2' });
    expect(harness.upstreams.azure.requests.at(-1)!.body).toEqual({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: prompt }], max_tokens: 500 });
    expect(completion.choices[0]!.message.content).toBe(fakeReply(prompt, 'azure', 'gpt-4.1-mini'));
    expect(completion).toMatchObject({ object: 'chat.completion', model: MODELS.chat, system_fingerprint: 'fp_fake', generationId: completion.id });
    expect(completion.id).toMatch(/^gen_/);
    const gateway = gatewayOf(completion.choices[0]!.message)!;
    expect(gateway).toMatchObject({ generationId: completion.id, routing: { finalProvider: 'azure' } });
    expect(completion.usage).toMatchObject({ cost: Number(gateway.cost), market_cost: Number(gateway.cost) });
    expect(Number(gateway.cost)).toBeGreaterThan(0);
    const record = await generationRecord(harness, completion.id);
    expect(record).toMatchObject({ streamed: false, provider_name: 'azure', tokens_prompt: completion.usage!.prompt_tokens, tokens_completion: completion.usage!.completion_tokens });
  });

  it('returns tool calls as the upstream made them', async () => {
    const completion = await client.chat.completions.create({
      model: MODELS.chat,
      messages: [{ role: 'user', content: 'Please call get_weather with {"city":"Rome"}' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });
    const call = completion.choices[0]!.message.tool_calls![0]!;
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Rome' });
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.system_fingerprint).toBe('fp_fake');
  });

  it('runs the attempt converted when the upstream refuses the forwarded body with a 400, and fails over on a 500', async () => {
    harness.upstreams.azure.script.push({ kind: 'status', status: 400, message: "Unsupported parameter: 'temperature'." });
    const adapted = await client.chat.completions.create({ model: MODELS.chat, messages: [{ role: 'user', content: 'adapt' }], temperature: 0.3 });
    expect(adapted.choices[0]!.message.content).toBe(fakeReply('adapt', 'azure', 'gpt-4.1-mini'));
    expect(adapted.system_fingerprint).toBeUndefined();
    expect(gatewayOf(adapted.choices[0]!.message)!.routing.attempts).toMatchObject([{ provider: 'azure', success: true }]);

    harness.upstreams.openai.script.push({ kind: 'status', status: 500 });
    const failedOver = await client.chat.completions.create({ model: MODELS.responses, messages: [{ role: 'user', content: 'next' }] });
    expect(failedOver.system_fingerprint).toBe('fp_fake');
    expect(gatewayOf(failedOver.choices[0]!.message)!.routing.attempts).toMatchObject([
      { provider: 'openai', success: false, statusCode: 500 },
      { provider: 'azure', success: true },
    ]);
  });
});

describe('POST /v1/chat/completions, streamed to an OpenAI chat upstream', () => {
  it('sends the client’s fields as they are and its chunks back with the gateway’s id, model, usage and metadata', async () => {
    const prompt = 'Forward me';
    const stream = await client.chat.completions.create({
      model: MODELS.chat,
      messages: [{ role: 'user', content: prompt }],
      max_tokens: 500,
      seed: 7,
      user: 'end-user-1',
      stream: true,
    });
    const { chunks, text, last } = await collect(stream);
    expect(harness.upstreams.azure.requests.at(-1)!.body).toEqual({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: prompt }],
      max_tokens: 500,
      seed: 7,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(text).toBe(fakeReply(prompt, 'azure', 'gpt-4.1-mini'));
    // The upstream's own fields come through; id, model and created are the gateway's on every chunk.
    expect(chunks.every((chunk) => chunk.system_fingerprint === 'fp_fake')).toBe(true);
    expect(chunks.every((chunk) => chunk.id === last.id && chunk.model === MODELS.chat && chunk.created === chunks[0]!.created)).toBe(true);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    // One final chunk: finish_reason, usage and provider_metadata.gateway together, as on the converted path.
    expect(chunks.filter((chunk) => chunk.choices[0]?.finish_reason).length).toBe(1);
    expect(last.choices[0]!.finish_reason).toBe('stop');
    expect(last.usage!.completion_tokens).toBeGreaterThan(0);
    const gateway = gatewayOf(last.choices[0]!.delta)!;
    expect(gateway.generationId).toBe(last.id);
    expect(gateway.routing).toMatchObject({ finalProvider: 'azure', attempts: [{ provider: 'azure', success: true }] });
    expect(Number(gateway.cost)).toBeGreaterThan(0);
    expect(last).toMatchObject({ generationId: last.id, usage: { cost: Number(gateway.cost), market_cost: Number(gateway.cost) } });
    const record = await generationRecord(harness, last.id);
    expect(record).toMatchObject({
      streamed: true,
      provider_name: 'azure',
      tokens_prompt: last.usage!.prompt_tokens,
      tokens_completion: last.usage!.completion_tokens,
    });
    expect(record.total_cost).toBeCloseTo(Number(gateway.cost), 12);
  });

  it('streams tool calls through, indexed as the upstream sent them', async () => {
    const stream = await client.chat.completions.create({
      model: MODELS.chat,
      messages: [{ role: 'user', content: 'Please call get_weather with {"city":"Paris"}' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      stream: true,
    });
    const { chunks, last } = await collect(stream);
    const args = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []).map((call) => call.function?.arguments ?? '').join('');
    expect(JSON.parse(args)).toEqual({ city: 'Paris' });
    expect(last.choices[0]!.finish_reason).toBe('tool_calls');
    expect(chunks[1]!.system_fingerprint).toBe('fp_fake');
  });

  it('converts a request that needs translation: provider options reach the upstream through @ai-sdk/openai', async () => {
    // @ts-expect-error Provider options ride in the body, outside openai's types.
    const stream = await client.chat.completions.create({
      model: MODELS.chat,
      messages: [{ role: 'user', content: 'convert me' }],
      stream: true,
      providerOptions: { openai: { user: 'from-provider-options' } },
    });
    const { chunks, text } = await collect(stream);
    expect(text).toBe(fakeReply('convert me', 'azure', 'gpt-4.1-mini'));
    expect(harness.upstreams.azure.requests.at(-1)!.body).toMatchObject({ user: 'from-provider-options' });
    expect(chunks.some((chunk) => chunk.system_fingerprint)).toBe(false);
  });

  it('runs an attempt converted when the upstream refuses the forwarded body with a 400, as the provider adapts fields per model', async () => {
    harness.upstreams.azure.script.push({ kind: 'status', status: 400, message: "Unsupported parameter: 'max_tokens' is not supported with this model." });
    const stream = await client.chat.completions.create({ model: MODELS.chat, messages: [{ role: 'user', content: 'adapt me' }], max_tokens: 300, stream: true });
    const { text, last } = await collect(stream);
    expect(text).toBe(fakeReply('adapt me', 'azure', 'gpt-4.1-mini'));
    // The same provider, asked twice: forwarded (refused), then through @ai-sdk/openai; one attempt reported.
    const requests = harness.upstreams.azure.requests.filter((request) => request.path === '/v1/chat/completions');
    expect(requests).toHaveLength(2);
    expect(requests[0]!.body).toEqual({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'adapt me' }], max_tokens: 300, stream: true, stream_options: { include_usage: true } });
    expect(last.system_fingerprint).toBeUndefined();
    expect(gatewayOf(last.choices[0]!.delta)!.routing.attempts).toMatchObject([{ provider: 'azure', success: true }]);
  });

  it('fails over from a converted attempt to a forwarded one before the first token', async () => {
    harness.upstreams.openai.script.push({ kind: 'status', status: 503 });
    const { text, last } = await collect(await client.chat.completions.create({ model: MODELS.responses, messages: [{ role: 'user', content: 'hi' }], stream: true }));
    expect(text).toBe(fakeReply('hi', 'azure', 'gpt-4o-mini'));
    expect(last.system_fingerprint).toBe('fp_fake');
    expect(gatewayOf(last.choices[0]!.delta)!.routing.attempts).toMatchObject([
      { provider: 'openai', success: false, statusCode: 503 },
      { provider: 'azure', success: true },
    ]);
  });

  it('fails over from a forwarded attempt (500 echoing its key, a drop, a stall) to the fallback model, the key scrubbed', async () => {
    for (const fault of [
      { kind: 'status', status: 500, message: `azure is down (key ${AZURE_SYSTEM_KEY})` },
      { kind: 'dropBeforeFirstToken' },
      { kind: 'stallBeforeFirstToken', ms: 2_000 },
    ] as const) {
      harness.reset();
      harness.upstreams.azure.script.push(fault);
      // @ts-expect-error The gateway's top-level fallback list is not in openai's types.
      const stream = await client.chat.completions.create({
        model: MODELS.chat,
        messages: [{ role: 'user', content: 'fall back' }],
        stream: true,
        models: [MODELS.anthropic],
      });
      const { text, last } = await collect(stream);
      expect(text, fault.kind).toBe(fakeReply('fall back', 'anthropic', 'claude-sonnet-4-6'));
      const { attempts } = gatewayOf(last.choices[0]!.delta)!.routing;
      expect(attempts.map((attempt) => [attempt.provider, attempt.success]), fault.kind).toEqual([['azure', false], ['anthropic', true]]);
      for (const secret of SECRETS) expect(JSON.stringify(last)).not.toContain(secret);
    }
    const bodies = await harness.settledBodies();
    for (const body of bodies) for (const secret of SECRETS) expect(body.text).not.toContain(secret);
  });

  it('reports an upstream failure after content in band, ends the stream and logs it as failed', async () => {
    for (const cut of [false, true]) {
      harness.reset();
      harness.upstreams.azure.script.push({ kind: 'errorAfterContent', afterDeltas: 2, cut, message: `azure broke mid-reply (${AZURE_SYSTEM_KEY})` });
      const stream = await client.chat.completions.create({ model: MODELS.chat, messages: [{ role: 'user', content: 'break please' }], stream: true });
      let text = '';
      let id = '';
      const error = await (async () => {
        for await (const chunk of stream) {
          id = chunk.id;
          text += chunk.choices[0]?.delta.content ?? '';
        }
      })().catch((caught) => caught);
      expect(error, `cut: ${cut}`).toBeInstanceOf(OpenAI.APIError);
      expect(error.message).not.toContain(AZURE_SYSTEM_KEY);
      expect(text).toBe('You said: ');
      const [body] = (await harness.settledBodies()).filter((entry) => entry.path === '/v1/chat/completions');
      expect(body!.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
      expect(body!.text).toContain('"finish_reason":"stop"');
      for (const secret of SECRETS) expect(body!.text).not.toContain(secret);
      expect(await generationRecord(harness, id)).toMatchObject({ streamed: true, provider_name: 'azure', finish_reason: 'error' });
    }
  });

  it('logs prompt and completion text of a forwarded stream when usageLog.storePrompts is on', async () => {
    const store = new MemoryUsageStore();
    const withPrompts = await startHarness({ config: { usageLog: { storePrompts: true } }, options: { usage: store }, skipWarmUp: true });
    try {
      const openai = new OpenAI({ baseURL: `${withPrompts.url}/v1`, apiKey: GATEWAY_KEY, maxRetries: 0 });
      const { text, last } = await collect(await openai.chat.completions.create({ model: MODELS.chat, messages: [{ role: 'user', content: 'Keep my words' }], stream: true }));
      expect(last.system_fingerprint).toBe('fp_fake');
      await withPrompts.gateway.flushUsage();
      const [entry] = await store.recent(1);
      expect(entry).toMatchObject({ streamed: true, provider: 'azure', completion: text, inputTokens: last.usage!.prompt_tokens, outputTokens: last.usage!.completion_tokens });
      expect(entry!.prompt).toContain('Keep my words');
    } finally {
      await withPrompts.close();
    }
  });
});
